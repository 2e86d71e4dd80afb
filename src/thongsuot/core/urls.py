from django.urls import path

from thongsuot.core import offline, views

app_name = "core"
urlpatterns = [
    path("ngon-ngu/<str:code>/", views.set_language, name="language"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("ban-nhap/", offline.drafts_page, name="drafts"),
    path("ngoai-tuyen/", offline.offline_page, name="offline"),
]
