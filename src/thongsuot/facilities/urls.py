from django.urls import include, path

from thongsuot.facilities import api, views

app_name = "facilities"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("san-sang/", views.readiness_page, name="readiness"),
    path("tru-so/", include([
        path("", views.facility_list, name="facilities"),
        path("them/", views.facility_create, name="facility_create"),
        path("<int:pk>/", views.facility_detail, name="facility"),
        path("<int:pk>/sua/", views.facility_edit, name="facility_edit"),
        path("<int:pk>/tai-lieu/", views.document_upload, name="document_upload"),
        path("<int:pk>/phuong-an/", views.plan_propose, name="plan_propose"),
    ])),
    path("tai-lieu/<int:pk>/", views.document_download, name="document"),
    path("phuong-an/", include([
        path("", views.plan_list, name="plans"),
        path("<int:pk>/sua/", views.plan_edit, name="plan_edit"),
        path("<int:pk>/<slug:step>/", views.plan_step, name="plan_step"),
    ])),
    path("thiet-bi/", include([
        path("", views.equipment_list, name="equipment"),
        path("cap-nhat/", views.equipment_edit, name="equipment_edit"),
    ])),
    path("de-nghi/", include([
        path("", views.procurement_list, name="procurement"),
        path("them/", views.procurement_create, name="procurement_create"),
        path("<int:pk>/chuyen/", views.procurement_move, name="procurement_move"),
    ])),
    path("ket-noi/", include([
        path("", views.connectivity_list, name="connectivity"),
        path("xa/<str:code>/", views.commune_connectivity, name="commune_connectivity"),
    ])),
    path("su-co/", include([
        path("", views.outage_list, name="outages"),
        path("<int:pk>/ket-thuc/", views.outage_close, name="outage_close"),
    ])),
    path("nen-tang/", include([
        path("", views.platform_list, name="platforms"),
        path("<int:pk>/xoa/", views.platform_remove, name="platform_remove"),
    ])),
]

#: Mounted under /api/ (config/urls.py): the same app's API, grouped by resource.
api_urlpatterns = [
    path("summary/", api.Summary.as_view(), name="api-facilities-summary"),
    path("facilities/", include([
        path("", api.FacilityList.as_view(), name="api-facilities"),
        path("<int:pk>/", api.FacilityDetail.as_view(), name="api-facility"),
        path("<int:pk>/plans/", api.PlanPropose.as_view(), name="api-facility-plan"),
        path("<int:pk>/documents/", api.FacilityDocuments.as_view(), name="api-facility-documents"),
    ])),
    path("plans/", include([
        path("", api.PlanList.as_view(), name="api-plans"),
        path("<int:pk>/", api.PlanDetail.as_view(), name="api-plan"),
        path("<int:pk>/approve/", api.PlanApprove.as_view(), name="api-plan-approve"),
        path("<int:pk>/complete/", api.PlanComplete.as_view(), name="api-plan-complete"),
        path("<int:pk>/cancel/", api.PlanCancel.as_view(), name="api-plan-cancel"),
    ])),
    path("equipment/", api.EquipmentList.as_view(), name="api-equipment"),
    path("procurement/", include([
        path("", api.ProcurementList.as_view(), name="api-procurement"),
        path("<int:pk>/move/", api.ProcurementMove.as_view(), name="api-procurement-move"),
    ])),
    path("connectivity/", include([
        path("", api.ConnectivityList.as_view(), name="api-connectivity"),
        path("<str:code>/", api.ConnectivityDetail.as_view(), name="api-connectivity-commune"),
    ])),
    path("outages/", include([
        path("", api.OutageList.as_view(), name="api-outages"),
        path("<int:pk>/close/", api.OutageClose.as_view(), name="api-outage-close"),
    ])),
    path("platforms/", api.PlatformList.as_view(), name="api-platforms"),
    path("readiness/", api.ReadinessList.as_view(), name="api-readiness"),
]
