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
        from thongsuot.audit.history import register_visible
        from thongsuot.staffing import selectors

        register_visible(selectors.member_list, "staffing.staffmember")
        register_visible(selectors.quota_list, "staffing.staffingquota")
        register_visible(selectors.policy_list, "staffing.travelallowancepolicy")
        register_visible(selectors.course_list, "staffing.trainingcourse")
        register_visible(selectors.org_unit_list, "staffing.orgunit")
