from django.urls import path

from thongsuot.decentralisation import views

app_name = "decentralisation"
urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("<str:code>/", views.task_detail, name="task"),
]
