from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from thongsuot.api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("provinces/", views.ProvinceList.as_view(), name="api-provinces"),
    path("provinces/<str:code>/", views.ProvinceDetail.as_view(), name="api-province"),
    path("communes/", views.CommuneList.as_view(), name="api-communes"),
    path("communes/<str:code>/", views.CommuneDetail.as_view(), name="api-commune"),
    path("agencies/", views.AgencyList.as_view(), name="api-agencies"),
    path("agencies/<str:code>/", views.AgencyDetail.as_view(), name="api-agency"),
]
