from django.urls import path

from thongsuot.core.db import replica_reads
from thongsuot.portal import views

app_name = "portal"
urlpatterns = [
    path("", replica_reads(views.home), name="home"),
    path("dia-ban/", views.provinces, name="provinces"),
    path("dia-ban/xa/", views.communes, name="communes"),
    path("dia-ban/tinh/<str:code>/", views.province_detail, name="province"),
    path("dia-ban/xa/<str:code>/", views.commune_detail, name="commune"),
]
