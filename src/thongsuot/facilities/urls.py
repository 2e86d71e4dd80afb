from django.urls import path

from thongsuot.facilities import views

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
