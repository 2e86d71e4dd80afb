from django.urls import path

from thongsuot.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.provinces, name="provinces"),
    path("xa/", views.communes, name="communes"),
    path("tinh/<str:code>/", views.province_detail, name="province"),
    path("xa/<str:code>/", views.commune_detail, name="commune"),
]
