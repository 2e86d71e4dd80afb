"""Who may do what with cases, on top of the platform's permission module.

Seeing a case is territorial (`selectors.access_obstacle`). Filing belongs to communes and
provinces; notes and attachments to any role that may edit; the time limits to national
administrators. A move of the workflow must fit the case's state (`workflow.check_move`) and be
the user's to make (`move_refusal`: their agency's turn, a role that allows it). Each `*_refusal` function returns the reason a service gives when it refuses
(or None), and its `may_*` rule is the same question as a yes or no for pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import Action, scope_of


def filing_refusal(user) -> str | None:
    scope = scope_of(user)
    if scope is None or not (scope.is_commune or scope.is_province):
        return _("Chỉ UBND cấp xã hoặc cấp tỉnh được phản ánh khó khăn, vướng mắc.")
    if not scope.allows(Action.CREATE):
        return _("Vai trò “%(role)s” không được phản ánh khó khăn, vướng mắc.") % {"role": scope.role_label}
    return None


def may_file_obstacle(user) -> bool:
    return filing_refusal(user) is None


def move_refusal(user, move, *, acting_agency_id: int, acting_agency_name: Callable[[], str]) -> str | None:
    """Why `user` may not make `move` (a `workflow.Move`) now: it is another agency's turn, or their
    role does not allow it. Whether the move fits the case's state is the workflow table's question.
    `acting_agency_name` is called only to word a refusal (it may load the agency)."""
    scope = scope_of(user)
    if scope is None or scope.agency.pk != acting_agency_id:
        return _("Chưa đến lượt cơ quan của bạn: “%(move)s” thuộc về %(agency)s.") % {
            "move": move.label, "agency": acting_agency_name()}
    if not scope.allows(move.ability):
        return _("Vai trò “%(role)s” không được phép “%(move)s”.") % {"role": scope.role_label, "move": move.label}
    return None


def may_edit_obstacle(user, obstacle=None) -> bool:
    """Add a note or a document to a case the user sees."""
    scope = scope_of(user)
    return bool(scope and scope.allows(Action.EDIT))


def may_set_time_limits(user) -> bool:
    scope = scope_of(user)
    return bool(scope and scope.is_central and scope.allows(Action.MANAGE_MEMBERS))


def may_compare_provinces(user) -> bool:
    """The overview's table by province is for the national level and ministries."""
    scope = scope_of(user)
    return bool(scope and (scope.is_central or scope.is_ministry))


def may_filter_by_place(user) -> bool:
    """A commune sees only its own cases: the list offers it no province or commune filter."""
    scope = scope_of(user)
    return not (scope and scope.is_commune)


def request_draft_refusal(user) -> str | None:
    """Drafting a written request (công văn đề nghị) to a ministry or the national level: an officer or
    leader of a province, or of a ministry writing to the national level."""
    scope = scope_of(user)
    if scope is None or not (scope.is_province or scope.is_ministry):
        return _("Chỉ UBND cấp tỉnh hoặc bộ, ngành được soạn công văn đề nghị.")
    if not scope.allows(Action.EDIT):
        return _("Vai trò “%(role)s” không được soạn công văn đề nghị.") % {"role": scope.role_label}
    return None


def may_draft_request(user) -> bool:
    return request_draft_refusal(user) is None


def request_approve_refusal(user, request) -> str | None:
    """Approving, numbering and signing a draft: a leader of the agency that drafted it."""
    scope = scope_of(user)
    if scope is None or scope.agency.pk != request.from_agency_id:
        return _("Chỉ lãnh đạo %(agency)s được duyệt công văn này.") % {"agency": request.from_agency.name}
    if not scope.allows(Action.ESCALATE):
        return _("Vai trò “%(role)s” không được duyệt, ký công văn đề nghị.") % {"role": scope.role_label}
    return None


def may_approve_request(user, request) -> bool:
    return request.is_draft and request_approve_refusal(user, request) is None


def request_answer_refusal(user, request) -> str | None:
    """Recording the written answer to a request: an officer or leader of the agency it was sent to."""
    scope = scope_of(user)
    if scope is None or scope.agency.pk != request.to_agency_id:
        return _("Chỉ %(agency)s được trả lời công văn này.") % {"agency": request.to_agency.name}
    if not scope.allows(Action.EDIT):
        return _("Vai trò “%(role)s” không được trả lời công văn đề nghị.") % {"role": scope.role_label}
    return None


def may_answer_request(user, request) -> bool:
    return not request.is_draft and not request.is_answered and request_answer_refusal(user, request) is None


def may_attach_scan(user, document) -> bool:
    """Attach the signed scan of a sent request (its asking agency) or of an answer (the agency that answered)."""
    scope = scope_of(user)
    owner = getattr(document, "from_agency_id", None) or getattr(document, "agency_id", None)
    if getattr(document, "is_draft", False):
        return False
    return bool(scope and scope.agency.pk == owner and scope.allows(Action.EDIT))


def register_refusal(user) -> str | None:
    """The register of written requests and the response times: provinces (what they sent), ministries
    (what they received) and the national level (everything); communes write no requests."""
    scope = scope_of(user)
    if scope is None or scope.is_commune:
        return _("Sổ công văn đề nghị dành cho UBND cấp tỉnh, bộ, ngành và Ban Chỉ đạo Trung ương.")
    return None


def may_see_register(user) -> bool:
    return register_refusal(user) is None
