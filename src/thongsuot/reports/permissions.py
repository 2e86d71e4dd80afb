"""Who may do what with regimes and reports. Seeing is scoped in `selectors`; these are the doing rules,
each with its refusal in Vietnamese (`*_refusal` returns the reason, `may_*` the yes/no)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import Action, scope_of
from thongsuot.reports.models import Report, ReportingRegime, ReportLevel


def may_define_regime(user) -> bool:
    """The national level (its officers and leaders) defines and edits the reporting regimes."""
    scope = scope_of(user)
    return bool(scope and scope.is_central and scope.allows(Action.EDIT))


def reporting_level(user) -> str | None:
    """The level at which the user's agency reports (commune or province), or None."""
    scope = scope_of(user)
    if scope is None:
        return None
    if scope.is_commune:
        return ReportLevel.COMMUNE
    if scope.is_province:
        return ReportLevel.PROVINCE
    return None


def draft_refusal(user, regime: ReportingRegime) -> str | None:
    scope = scope_of(user)
    level = reporting_level(user)
    if scope is None or level is None:
        return _("Chỉ Ủy ban nhân dân cấp xã và cấp tỉnh lập báo cáo định kỳ.")
    if not scope.allows(Action.CREATE):
        return _("Vai trò của bạn không được lập báo cáo.")
    if not regime.is_active:
        return _("Chế độ báo cáo này đã ngừng áp dụng.")
    if level == ReportLevel.COMMUNE and not regime.communes_report:
        return _("Chế độ báo cáo này không yêu cầu cấp xã báo cáo.")
    if level == ReportLevel.PROVINCE and not regime.provinces_report:
        return _("Chế độ báo cáo này không yêu cầu cấp tỉnh báo cáo.")
    return None


def may_draft_report(user, regime: ReportingRegime) -> bool:
    return draft_refusal(user, regime) is None


def edit_refusal(user, report: Report) -> str | None:
    scope = scope_of(user)
    if scope is None or scope.agency.pk != report.agency_id or not scope.allows(Action.EDIT):
        return _("Chỉ cơ quan lập báo cáo được sửa báo cáo của mình.")
    if not report.is_draft:
        return _("Báo cáo đã được gửi, không sửa được nữa.")
    return None


def may_edit_report(user, report: Report) -> bool:
    return edit_refusal(user, report) is None


def send_refusal(user, report: Report) -> str | None:
    scope = scope_of(user)
    if scope is None or scope.agency.pk != report.agency_id:
        return _("Chỉ lãnh đạo cơ quan lập báo cáo được duyệt, ký và gửi báo cáo.")
    if not scope.allows(Action.APPROVE):
        return _("Chỉ lãnh đạo được duyệt, ký và gửi báo cáo; chuyên viên lập dự thảo.")
    if not report.is_draft:
        return _("Báo cáo đã được gửi.")
    return None


def may_send_report(user, report: Report) -> bool:
    return send_refusal(user, report) is None


def may_see_completeness(user) -> bool:
    """The national level sees completeness by province; a province by commune."""
    scope = scope_of(user)
    return bool(scope and (scope.is_central or scope.is_province))
