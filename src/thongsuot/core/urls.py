from django.urls import path

from thongsuot.core import views

app_name = "core"
urlpatterns = [
    path("ngon-ngu/<str:code>/", views.set_language, name="language"),
]
