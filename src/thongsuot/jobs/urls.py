from django.urls import path

from thongsuot.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_index, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
]
