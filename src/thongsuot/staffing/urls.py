from django.urls import path

from thongsuot.staffing import views

app_name = "staffing"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("thieu-hut/", views.shortages, name="shortages"),
    path("xa/<str:code>/", views.commune_detail, name="commune"),
    path("xa/<str:code>/them-don-vi/", views.org_unit_add, name="org_unit_add"),
    path("xa/<str:code>/tinh-lai-dinh-bien/", views.quotas_recompute, name="quotas_recompute"),
    path("don-vi/<int:pk>/doi-ten/", views.org_unit_rename, name="org_unit_rename"),
    path("don-vi/<int:pk>/xoa/", views.org_unit_delete, name="org_unit_delete"),
    path("cong-thuc-dinh-bien/", views.quota_rule, name="quota_rule"),
    path("gioi-han-to-chuc/", views.org_settings, name="org_settings"),
    path("dinh-bien/<int:pk>/", views.quota_edit, name="quota_edit"),
    path("can-bo/", views.members, name="members"),
    path("can-bo/tuyen-dung/", views.member_recruit, name="recruit"),
    path("can-bo/<int:pk>/", views.member_detail, name="member"),
    path("can-bo/<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("can-bo/<int:pk>/dieu-dong/", views.member_move, name="member_move"),
    path("can-bo/<int:pk>/nghi-viec/", views.member_leave, name="member_leave"),
    path("quyet-dinh/", views.actions, name="actions"),
    path("dao-tao/", views.courses, name="courses"),
    path("dao-tao/moi/", views.course_add, name="course_add"),
    path("dao-tao/<int:pk>/", views.course_detail, name="course"),
    path("phu-cap-di-lai/", views.policies, name="policies"),
    path("phu-cap-di-lai/moi/", views.policy_form, name="policy_add"),
    path("phu-cap-di-lai/<int:pk>/sua/", views.policy_form, name="policy_edit"),
]
