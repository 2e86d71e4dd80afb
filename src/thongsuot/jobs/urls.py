from django.urls import path

from thongsuot.jobs import api, views

app_name = "jobs"
urlpatterns = [
    path("", views.job_index, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
]

#: Mounted under /api/ (config/urls.py).
api_urlpatterns = [
    path("", api.JobList.as_view(), name="api-jobs"),
    path("<int:pk>/", api.JobDetail.as_view(), name="api-job"),
]
