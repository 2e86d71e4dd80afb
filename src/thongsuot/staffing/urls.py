from django.urls import include, path
from django.views.generic import RedirectView

from thongsuot.staffing import api, views

app_name = "staffing"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("thieu-hut/", views.shortages, name="shortages"),
    path("xa/<str:code>/", include([
        path("", views.commune_detail, name="commune"),
        path("dan-so/", views.commune_figures, name="commune_figures"),
        path("them-don-vi/", views.org_unit_add, name="org_unit_add"),
        path("tinh-lai-dinh-bien/", views.quotas_recompute, name="quotas_recompute"),
    ])),
    path("don-vi/<int:pk>/", include([
        path("doi-ten/", views.org_unit_rename, name="org_unit_rename"),
        path("xoa/", views.org_unit_delete, name="org_unit_delete"),
    ])),
    path("cong-thuc-dinh-bien/", views.quota_rule, name="quota_rule"),
    path("gioi-han-to-chuc/", views.org_settings, name="org_settings"),
    path("dinh-bien/<int:pk>/", views.quota_edit, name="quota_edit"),
    path("nhap-excel/", RedirectView.as_view(pattern_name="imports:upload"), {"slug": "can-bo"}, name="import"),
    path("can-bo/", include([
        path("", views.members, name="members"),
        path("tuyen-dung/", views.member_recruit, name="recruit"),
        path("<int:pk>/", views.member_detail, name="member"),
        path("<int:pk>/sua/", views.member_edit, name="member_edit"),
        path("<int:pk>/dieu-dong/", views.member_move, name="member_move"),
        path("<int:pk>/nghi-viec/", views.member_leave, name="member_leave"),
    ])),
    path("quyet-dinh/", views.actions, name="actions"),
    path("dao-tao/", include([
        path("", views.courses, name="courses"),
        path("moi/", views.course_add, name="course_add"),
        path("<int:pk>/", views.course_detail, name="course"),
    ])),
    path("phu-cap-di-lai/", include([
        path("", views.policies, name="policies"),
        path("moi/", views.policy_form, name="policy_add"),
        path("<int:pk>/sua/", views.policy_form, name="policy_edit"),
    ])),
]

#: Mounted under /api/ (config/urls.py): the same app's API, grouped by resource.
api_urlpatterns = [
    path("shortages/", api.ShortageList.as_view(), name="api-staffing-shortages"),
    path("quotas/", include([
        path("", api.QuotaList.as_view(), name="api-staffing-quotas"),
        path("<int:pk>/override/", api.QuotaOverride.as_view(), name="api-staffing-quota-override"),
        path("<int:pk>/reset/", api.QuotaReset.as_view(), name="api-staffing-quota-reset"),
    ])),
    path("communes/<str:code>/recompute-quotas/", api.QuotasRecompute.as_view(), name="api-staffing-recompute"),
    path("provinces/<str:code>/quota-rule/", api.QuotaRuleView.as_view(), name="api-staffing-quota-rule"),
    path("summary/fields/", api.FieldSummary.as_view(), name="api-staffing-field-summary"),
    path("members/", include([
        path("", api.MemberList.as_view(), name="api-staffing-members"),
        path("<int:pk>/", api.MemberDetail.as_view(), name="api-staffing-member"),
        path("<int:pk>/move/", api.MemberMove.as_view(), name="api-staffing-member-move"),
        path("<int:pk>/leave/", api.MemberLeave.as_view(), name="api-staffing-member-leave"),
    ])),
    path("actions/", api.ActionList.as_view(), name="api-staffing-actions"),
    path("org-units/", api.OrgUnitList.as_view(), name="api-staffing-org-units"),
    path("courses/", api.CourseList.as_view(), name="api-staffing-courses"),
    path("courses/<int:pk>/enrollments/", api.CourseEnrollments.as_view(), name="api-staffing-enrollments"),
    path("enrollments/<int:pk>/status/", api.EnrollmentStatus.as_view(), name="api-staffing-enrollment-status"),
    path("travel-policies/", include([
        path("", api.PolicyList.as_view(), name="api-staffing-policies"),
        path("<int:pk>/", api.PolicyDetail.as_view(), name="api-staffing-policy"),
    ])),
    path("travel-cost/", api.TravelCost.as_view(), name="api-staffing-travel-cost"),
]
