from django.urls import path

from thongsuot.decentralisation import api, views

app_name = "decentralisation"
urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("<str:code>/", views.task_detail, name="task"),
]

#: Mounted under /api/ (config/urls.py): the same app's API, one route per operation.
api_urlpatterns = [
    path("tasks/", api.TaskList.as_view(), name="api-decentralisation-tasks"),
    path("tasks/<str:code>/state/", api.TaskState.as_view(), name="api-decentralisation-task-state"),
]
