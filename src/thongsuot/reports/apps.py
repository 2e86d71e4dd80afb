from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.audit.history import SIGNED_IN
from thongsuot.core.registry import NavEntry


class ReportsConfig(AppConfig):
    name = "thongsuot.reports"
    url_prefix = "bao-cao/"
    api_prefix = "reports/"
    verbose_name = "Chế độ báo cáo định kỳ"

    nav_entries = [NavEntry(_("Báo cáo định kỳ"), "reports:regimes", order=60,
                            visible=lambda scope: scope is not None and not scope.is_ministry)]

    #: Whose audit history may be read: the scoped selector of each model (audit.history).
    history_readers = {
        "reports.reportingregime": SIGNED_IN,
        "reports.report": "thongsuot.reports.selectors.visible_reports",
    }
