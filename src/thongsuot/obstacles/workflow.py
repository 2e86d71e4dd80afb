"""The transition table of a case, as data, and the one function that checks a move.

Each action names the statuses it may start from, the status it leads to, the role
ability it needs (see accounts.permissions.Action) and the levels of the ladder where
it makes sense. Who acts is decided here too: the agency whose turn it is, except for
closing and reopening, which belong to the agency that filed the case.

Recording a ministry's written answer needs only an officer's role: the answer is a signed
document (its signer is recorded with it), and ministries have officers enter it. Sending a
case up, by contrast, is the decision of a leader of the sending agency.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext_lazy

from thongsuot.accounts.models import Role
from thongsuot.accounts.permissions import ROLE_ACTIONS, Action, scope_of
from thongsuot.core.errors import DomainError, Forbidden, InvalidTransition
from thongsuot.core.workflow import check_transition
from thongsuot.obstacles.models import CaseLevel, Obstacle, Status
from thongsuot.obstacles.permissions import move_refusal

S = Status
L = CaseLevel
ALL_LEVELS = frozenset(L.values)

#: The ladder, bottom to top.
LADDER = [L.COMMUNE, L.PROVINCE, L.MINISTRY, L.NATIONAL]


@dataclass(frozen=True)
class Move:
    label: str
    sources: frozenset
    target: str
    ability: Action
    levels: frozenset = ALL_LEVELS
    #: "holder": the agency whose turn it is acts; "origin": the agency that filed the case.
    actor: str = "holder"
    needs_message: bool = False


#: Labels share the Vietnamese of the events they record; in English a move reads as a verb.
TRANSITIONS: dict[str, Move] = {
    "acknowledge": Move(pgettext_lazy("obstacle move", "Tiếp nhận"), frozenset({S.NEW, S.ESCALATED, S.REOPENED}),
                        S.ACKNOWLEDGED, Action.APPROVE),
    "start": Move(pgettext_lazy("obstacle move", "Bắt đầu xử lý"),
                  frozenset({S.ACKNOWLEDGED, S.RETURNED, S.ANSWERED, S.REOPENED}), S.IN_PROGRESS, Action.EDIT),
    "return": Move(pgettext_lazy("obstacle move", "Trả lại, yêu cầu bổ sung"),
                   frozenset({S.NEW, S.ESCALATED, S.ACKNOWLEDGED, S.IN_PROGRESS}),
                   S.RETURNED, Action.APPROVE, needs_message=True),
    "resubmit": Move(pgettext_lazy("obstacle move", "Bổ sung, gửi lại"), frozenset({S.RETURNED}), S.NEW, Action.EDIT,
                     needs_message=True),
    "escalate": Move(pgettext_lazy("obstacle move", "Chuyển cấp trên"),
                     frozenset({S.NEW, S.ESCALATED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.RETURNED, S.ANSWERED,
                                S.REOPENED}),
                     S.ESCALATED, Action.ESCALATE, levels=frozenset({L.COMMUNE, L.PROVINCE, L.MINISTRY})),
    "answer": Move(pgettext_lazy("obstacle move", "Trả lời bằng văn bản"),
                   frozenset({S.ESCALATED, S.ACKNOWLEDGED, S.IN_PROGRESS}),
                   S.ANSWERED, Action.EDIT, levels=frozenset({L.MINISTRY, L.NATIONAL})),
    # The agency that wrote the request holds the answer: it passes the guidance to the level below
    # that sent the case up (resolving and escalating further are the other two moves from there).
    "pass_down": Move(pgettext_lazy("obstacle move", "Chuyển hướng dẫn xuống cấp dưới"), frozenset({S.ANSWERED}),
                      S.ANSWERED, Action.EDIT, levels=frozenset({L.PROVINCE, L.MINISTRY})),
    "resolve": Move(pgettext_lazy("obstacle move", "Giải quyết xong"),
                    frozenset({S.ESCALATED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.RETURNED, S.ANSWERED, S.REOPENED}),
                    S.RESOLVED, Action.RESOLVE, levels=frozenset({L.COMMUNE, L.PROVINCE}), needs_message=True),
    "close": Move(pgettext_lazy("obstacle move", "Đóng"), frozenset({S.RESOLVED, S.ANSWERED}), S.CLOSED, Action.EDIT,
                  actor="origin"),
    "reopen": Move(pgettext_lazy("obstacle move", "Mở lại"), frozenset({S.RESOLVED, S.CLOSED}), S.REOPENED, Action.EDIT,
                   actor="origin", needs_message=True),
}

#: The same table read the other way: from each status, the statuses it may lead to.
ALLOWED: dict[str, frozenset] = {
    status: frozenset(m.target for m in TRANSITIONS.values() if status in m.sources) for status in S.values
}
#: From each status, the moves (actions) the table offers; what `check_move` checks first.
MOVES_FROM: dict[str, frozenset] = {
    status: frozenset(action for action, m in TRANSITIONS.items() if status in m.sources) for status in S.values
}


def level_above(level: str) -> str | None:
    index = LADDER.index(level)
    return LADDER[index + 1] if index + 1 < len(LADDER) else None


def level_below(level: str) -> str | None:
    index = LADDER.index(level)
    return LADDER[index - 1] if index > 0 else None


def acting_agency_id(obstacle: Obstacle, move: Move) -> int:
    return obstacle.origin_agency_id if move.actor == "origin" else obstacle.responsible_agency_id


def check_move(obstacle: Obstacle, action: str, user=None) -> Move:
    """Return the move for `action` if the table allows it from the case's state (and, when a
    user is given, if it is their agency's turn and their role allows it); else raise."""
    move = TRANSITIONS.get(action)
    if move is None:
        raise InvalidTransition(gettext("Thao tác “%(action)s” không tồn tại.") % {"action": action})
    check_transition(MOVES_FROM, obstacle.status, action,
                     lambda: gettext("Không thể “%(move)s” khi khó khăn đang ở trạng thái “%(status)s”.") % {
                         "move": move.label, "status": Status(obstacle.status).label})
    if obstacle.level not in move.levels:
        raise InvalidTransition(gettext("Không thể “%(move)s” khi khó khăn đang ở %(level)s.") % {
            "move": move.label, "level": CaseLevel(obstacle.level).label.lower()})
    if action == "pass_down" and obstacle.level == L.PROVINCE and not obstacle.commune_id:
        raise InvalidTransition(gettext("Khó khăn do cấp tỉnh phản ánh, không có cấp dưới để chuyển hướng dẫn."))
    if move.actor == "origin" and obstacle.responsible_agency_id != obstacle.origin_agency_id:
        # The answer went to the agency that asked; the filer closes only once the case is back with it.
        raise InvalidTransition(gettext("Không thể “%(move)s” khi khó khăn đang ở %(agency)s.") % {
            "move": move.label, "agency": obstacle.responsible_agency.name})
    if user is not None:
        refusal = move_refusal(user, move, acting_agency_id=acting_agency_id(obstacle, move),
                               acting_agency_name=lambda: _agency_name(obstacle, move))
        if refusal:
            raise Forbidden(refusal)
    return move


def _agency_name(obstacle: Obstacle, move: Move) -> str:
    agency = obstacle.origin_agency if move.actor == "origin" else obstacle.responsible_agency
    return agency.name


def available_moves(obstacle: Obstacle, user) -> list[tuple[str, Move]]:
    """Return the moves `user` may make on the case now, in table order."""
    moves = []
    for action in TRANSITIONS:
        try:
            moves.append((action, check_move(obstacle, action, user)))
        except DomainError:
            continue
    return moves


def waiting_text(obstacle: Obstacle, user) -> str:
    """Say, to a user who has no move to make on the case, why: it is closed, it is with another
    agency, or it is with theirs but the next move needs another role (and which moves those are)."""
    if obstacle.status == S.CLOSED:
        return gettext("Khó khăn đã đóng.")
    if obstacle.status == S.RESOLVED:
        return gettext("Khó khăn đã được giải quyết; chờ %(agency)s đóng hồ sơ.") % {
            "agency": obstacle.origin_agency.name}
    scope = scope_of(user)
    holder = obstacle.responsible_agency
    if scope is None or scope.agency.pk != holder.pk:
        return gettext("Khó khăn đang ở %(agency)s; chưa đến lượt cơ quan của bạn.") % {"agency": holder.name}
    waiting: dict[str, list[str]] = {}
    for move in TRANSITIONS.values():
        if move.actor != "holder" or obstacle.status not in move.sources or obstacle.level not in move.levels:
            continue
        if scope.allows(move.ability):
            continue
        roles = [str(label) for role, label in Role.choices if move.ability in ROLE_ACTIONS.get(role, ())]
        if roles:
            waiting.setdefault(roles[0], []).append(str(move.label).lower())
    if not waiting:
        return gettext("Không có thao tác nào dành cho vai trò “%(role)s” ở bước này.") % {"role": scope.role_label}
    return " ".join(gettext("Đang chờ %(role)s của %(agency)s: %(moves)s.") % {
        "role": role.lower(), "agency": holder.name, "moves": ", ".join(moves)} for role, moves in waiting.items())
