from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import NavEntry


class AuditConfig(AppConfig):
    name = "thongsuot.audit"
    url_prefix = "nhat-ky/"
    verbose_name = "Nhật ký kiểm toán"

    nav_entries = [NavEntry(_("Nhật ký"), "audit:log", order=95,
                            visible=lambda scope: scope.is_central and scope.allows("manage_members"))]

    def ready(self):
        from thongsuot.audit import checks  # noqa: F401 - registers the audit key check
        from thongsuot.audit.history import register_from_apps

        register_from_apps()
