from django.urls import path

from thongsuot.facilities import api

urlpatterns = [
    path("summary/", api.Summary.as_view(), name="api-facilities-summary"),
    path("facilities/", api.FacilityList.as_view(), name="api-facilities"),
    path("facilities/<int:pk>/", api.FacilityDetail.as_view(), name="api-facility"),
    path("facilities/<int:pk>/plans/", api.PlanPropose.as_view(), name="api-facility-plan"),
    path("facilities/<int:pk>/documents/", api.FacilityDocuments.as_view(), name="api-facility-documents"),
    path("plans/", api.PlanList.as_view(), name="api-plans"),
    path("plans/<int:pk>/", api.PlanDetail.as_view(), name="api-plan"),
    path("plans/<int:pk>/approve/", api.PlanApprove.as_view(), name="api-plan-approve"),
    path("plans/<int:pk>/complete/", api.PlanComplete.as_view(), name="api-plan-complete"),
    path("plans/<int:pk>/cancel/", api.PlanCancel.as_view(), name="api-plan-cancel"),
    path("equipment/", api.EquipmentList.as_view(), name="api-equipment"),
    path("procurement/", api.ProcurementList.as_view(), name="api-procurement"),
    path("procurement/<int:pk>/move/", api.ProcurementMove.as_view(), name="api-procurement-move"),
    path("connectivity/", api.ConnectivityList.as_view(), name="api-connectivity"),
    path("connectivity/<str:code>/", api.ConnectivityDetail.as_view(), name="api-connectivity-commune"),
    path("outages/", api.OutageList.as_view(), name="api-outages"),
    path("outages/<int:pk>/close/", api.OutageClose.as_view(), name="api-outage-close"),
    path("platforms/", api.PlatformList.as_view(), name="api-platforms"),
    path("readiness/", api.ReadinessList.as_view(), name="api-readiness"),
]
