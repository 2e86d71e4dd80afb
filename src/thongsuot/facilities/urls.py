from django.urls import path

from thongsuot.facilities import api, views

app_name = "facilities"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("san-sang/", views.readiness_page, name="readiness"),
    path("tru-so/", views.facility_list, name="facilities"),
    path("tru-so/them/", views.facility_create, name="facility_create"),
    path("tru-so/<int:pk>/", views.facility_detail, name="facility"),
    path("tru-so/<int:pk>/sua/", views.facility_edit, name="facility_edit"),
    path("tru-so/<int:pk>/tai-lieu/", views.document_upload, name="document_upload"),
    path("tru-so/<int:pk>/phuong-an/", views.plan_propose, name="plan_propose"),
    path("tai-lieu/<int:pk>/", views.document_download, name="document"),
    path("phuong-an/", views.plan_list, name="plans"),
    path("phuong-an/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("phuong-an/<int:pk>/<slug:step>/", views.plan_step, name="plan_step"),
    path("thiet-bi/", views.equipment_list, name="equipment"),
    path("thiet-bi/cap-nhat/", views.equipment_edit, name="equipment_edit"),
    path("de-nghi/", views.procurement_list, name="procurement"),
    path("de-nghi/them/", views.procurement_create, name="procurement_create"),
    path("de-nghi/<int:pk>/chuyen/", views.procurement_move, name="procurement_move"),
    path("ket-noi/", views.connectivity_list, name="connectivity"),
    path("ket-noi/xa/<str:code>/", views.commune_connectivity, name="commune_connectivity"),
    path("su-co/", views.outage_list, name="outages"),
    path("su-co/<int:pk>/ket-thuc/", views.outage_close, name="outage_close"),
    path("nen-tang/", views.platform_list, name="platforms"),
    path("nen-tang/<int:pk>/xoa/", views.platform_remove, name="platform_remove"),
]

#: Mounted under /api/ (config/urls.py): the same app's API, one route per operation.
api_urlpatterns = [
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
