from django.urls import path

from thongsuot.staffing import api

urlpatterns = [
    path("shortages/", api.ShortageList.as_view(), name="api-staffing-shortages"),
    path("quotas/", api.QuotaList.as_view(), name="api-staffing-quotas"),
    path("quotas/<int:pk>/override/", api.QuotaOverride.as_view(), name="api-staffing-quota-override"),
    path("quotas/<int:pk>/reset/", api.QuotaReset.as_view(), name="api-staffing-quota-reset"),
    path("communes/<str:code>/recompute-quotas/", api.QuotasRecompute.as_view(), name="api-staffing-recompute"),
    path("provinces/<str:code>/quota-rule/", api.QuotaRuleView.as_view(), name="api-staffing-quota-rule"),
    path("summary/fields/", api.FieldSummary.as_view(), name="api-staffing-field-summary"),
    path("members/", api.MemberList.as_view(), name="api-staffing-members"),
    path("members/<int:pk>/", api.MemberDetail.as_view(), name="api-staffing-member"),
    path("members/<int:pk>/move/", api.MemberMove.as_view(), name="api-staffing-member-move"),
    path("members/<int:pk>/leave/", api.MemberLeave.as_view(), name="api-staffing-member-leave"),
    path("actions/", api.ActionList.as_view(), name="api-staffing-actions"),
    path("org-units/", api.OrgUnitList.as_view(), name="api-staffing-org-units"),
    path("courses/", api.CourseList.as_view(), name="api-staffing-courses"),
    path("courses/<int:pk>/enrollments/", api.CourseEnrollments.as_view(), name="api-staffing-enrollments"),
    path("enrollments/<int:pk>/status/", api.EnrollmentStatus.as_view(), name="api-staffing-enrollment-status"),
    path("travel-policies/", api.PolicyList.as_view(), name="api-staffing-policies"),
    path("travel-policies/<int:pk>/", api.PolicyDetail.as_view(), name="api-staffing-policy"),
    path("travel-cost/", api.TravelCost.as_view(), name="api-staffing-travel-cost"),
]
