from django.urls import include, path

from thongsuot.decentralisation import api, views

app_name = "decentralisation"
urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("<str:code>/", include([
        path("", views.task_detail, name="task"),
        path("huong-dan/moi/", views.guidance_new, name="guidance_new"),
        path("huong-dan/<int:pk>/tep/", views.guidance_download, name="guidance_file"),
    ])),
]

#: Mounted under /api/ (config/urls.py): the same app's API, grouped by resource.
api_urlpatterns = [
    path("tasks/", api.TaskList.as_view(), name="api-decentralisation-tasks"),
    path("tasks/<str:code>/", include([
        path("state/", api.TaskState.as_view(), name="api-decentralisation-task-state"),
        path("guidance/", api.TaskGuidanceList.as_view(), name="api-decentralisation-task-guidance"),
        path("troubles/", api.TaskTroubles.as_view(), name="api-decentralisation-task-troubles"),
    ])),
    path("my-states/", api.OwnStates.as_view(), name="api-decentralisation-own-states"),
]
