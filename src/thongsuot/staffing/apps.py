from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import HomePanel, NavEntry


class StaffingConfig(AppConfig):
    name = "thongsuot.staffing"
    label = "staffing"
    url_prefix = "nhan-su/"
    api_prefix = "staffing/"
    verbose_name = _("Tổ chức bộ máy và nhân sự")

    nav_entries = [NavEntry(_("Nhân sự"), "staffing:overview", order=30)]

    def home_panels(self, request, scope):
        from thongsuot.staffing.selectors import home_summary

        summary = home_summary(user=request.user)
        if summary is None:
            return []
        return [HomePanel("staffing/_home_panel.html", summary, order=30)]

    def ready(self):
        from thongsuot.audit.history import register

        def may_see(model, selector_name):
            def check(user, object_id):
                from thongsuot.staffing import selectors

                return getattr(selectors, selector_name)(user=user).filter(pk=int(object_id)).exists()
            return check

        register("staffing.staffmember", may_see("StaffMember", "member_list"))
        register("staffing.staffingquota", may_see("StaffingQuota", "quota_list"))
        register("staffing.travelallowancepolicy", may_see("TravelAllowancePolicy", "policy_list"))
        register("staffing.trainingcourse", may_see("TrainingCourse", "course_list"))
        register("staffing.orgunit", may_see("OrgUnit", "org_unit_list"))
