from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import HomePanel, NavEntry


class StaffingConfig(AppConfig):
    name = "thongsuot.staffing"
    url_prefix = "nhan-su/"
    api_prefix = "staffing/"
    verbose_name = _("Tổ chức bộ máy và nhân sự")

    nav_entries = [NavEntry(_("Nhân sự"), "staffing:overview", order=30)]

    home_panel = HomePanel("staffing/_home_panel.html", "thongsuot.staffing.selectors.home_summary", order=30)

    #: What the one import flow (`thongsuot.imports`) may import into this app.
    import_registries = ("thongsuot.staffing.services.imports.MemberImport",
                         "thongsuot.staffing.services.communes.CommuneFiguresImport",
                         "thongsuot.staffing.services.registries.OrgUnitImport",
                         "thongsuot.staffing.services.registries.QuotaOverrideImport",
                         "thongsuot.staffing.services.registries.EnrollmentImport")

    #: Whose audit history may be read: the scoped selector of each model (audit.history).
    history_readers = {
        "staffing.staffmember": "thongsuot.staffing.selectors.member_list",
        "staffing.staffingquota": "thongsuot.staffing.selectors.quota_list",
        "staffing.travelallowancepolicy": "thongsuot.staffing.selectors.policy_list",
        "staffing.trainingcourse": "thongsuot.staffing.selectors.course_list",
        "staffing.orgunit": "thongsuot.staffing.selectors.org_unit_list",
    }
