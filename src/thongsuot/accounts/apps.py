from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from thongsuot.core.registry import NavEntry


class AccountsConfig(AppConfig):
    name = "thongsuot.accounts"
    verbose_name = "Cơ quan và người dùng"

    nav_entries = [NavEntry(_("Thành viên"), "accounts:members", order=90,
                            visible=lambda scope: scope.allows("manage_members"))]

    #: Whose audit history may be read: the scoped selector of each model (audit.history).
    history_readers = {"accounts.membership": "thongsuot.accounts.selectors.member_list"}

    def ready(self):
        from thongsuot.accounts.permissions import may_export, may_read_audit_log, scope_of
        from thongsuot.audit.history import register_rules

        register_rules(may_read_log=may_read_audit_log, may_export=may_export,
                       agency_of=lambda user: getattr(scope_of(user), "agency", None))
