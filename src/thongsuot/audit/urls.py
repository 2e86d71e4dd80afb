from django.urls import path

from thongsuot.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("<str:object_type>/<str:object_id>/", views.object_history, name="history"),
]
