from django.urls import path

from thongsuot.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("ngon-ngu/<str:code>/", views.set_language, name="language"),
]
