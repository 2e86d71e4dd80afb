"""Who may report on decentralised tasks, on top of the platform's permission module.

The catalogue is open to every signed-in user; the state of a task is reported by the officers
of a commune for their own commune. `report_refusal` is the reason the service gives when it
refuses; `may_report_task_state` is the same question as a yes or no for pages.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import Action, scope_of


def report_refusal(user) -> str | None:
    scope = scope_of(user)
    if scope is None or not scope.is_commune:
        return _("Chỉ UBND cấp xã báo cáo tình hình thực hiện nhiệm vụ phân cấp.")
    if not scope.allows(Action.EDIT):
        return _("Vai trò “%(role)s” không được báo cáo tình hình thực hiện.") % {"role": scope.role_label}
    return None


def may_report_task_state(user, task=None) -> bool:
    return report_refusal(user) is None


def may_edit_task_catalogue(user) -> bool:
    """Add or change entries of the task catalogue: the central level, with a role that may edit."""
    scope = scope_of(user)
    return bool(scope and scope.is_central and scope.allows(Action.EDIT))


def guidance_refusal(user, task) -> str | None:
    """Why the user may not record guidance for `task`: only the ministry that owns it, with a role that edits."""
    scope = scope_of(user)
    if scope is None or not scope.is_ministry or scope.agency.pk != task.owning_ministry_id:
        return _("Chỉ bộ, ngành chủ trì nhiệm vụ ghi văn bản hướng dẫn của nhiệm vụ.")
    if not scope.allows(Action.EDIT):
        return _("Vai trò “%(role)s” không được ghi văn bản hướng dẫn.") % {"role": scope.role_label}
    return None


def may_record_guidance(user, task) -> bool:
    return guidance_refusal(user, task) is None


def may_list_own_states(user) -> bool:
    """A commune has states of its own; other levels read counts."""
    scope = scope_of(user)
    return bool(scope and scope.is_commune)
