"""Who may do what in the directives loop, on top of the platform's permission module.

Territory comes from `accounts.permissions`; the extra rule here is that a directive is
worked by the agency that issued it, and an assignment by the agency it was given to:
a province leader does not sign a commune's report, and a commune cannot pass a task on.
"""

from __future__ import annotations

from thongsuot.accounts.permissions import Action, scope_of


def _own_agency_may(user, agency_id: int | None, action: Action) -> bool:
    scope = scope_of(user)
    return bool(scope and scope.allows(action) and scope.agency.pk == agency_id)


def may_create_directive(user) -> bool:
    """National bodies direct provinces; provinces direct their communes."""
    scope = scope_of(user)
    return bool(scope and scope.allows(Action.CREATE) and (scope.is_central or scope.is_province))


def may_edit_directive(user, directive) -> bool:
    return _own_agency_may(user, directive.issuer_id, Action.EDIT)


def may_issue_directive(user, directive) -> bool:
    return _own_agency_may(user, directive.issuer_id, Action.APPROVE)


def may_assign_task(user, task) -> bool:
    return _own_agency_may(user, task.directive.issuer_id, Action.CREATE)


def may_cascade(user, assignment) -> bool:
    return (assignment.commune_id is None and assignment.directive.province_id is None
            and _own_agency_may(user, assignment.agency_id, Action.CREATE))


def may_report(user, assignment) -> bool:
    return _own_agency_may(user, assignment.agency_id, Action.CREATE)


def may_review(user, report) -> bool:
    return _own_agency_may(user, report.assignment.agency_id, Action.APPROVE)
