from django.urls import path

from thongsuot.decentralisation import api

urlpatterns = [
    path("tasks/", api.TaskList.as_view(), name="api-decentralisation-tasks"),
    path("tasks/<str:code>/state/", api.TaskState.as_view(), name="api-decentralisation-task-state"),
]
