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


def _is_draft(directive) -> bool:
    return directive.status == directive.Status.DRAFT


def may_create_directive(user) -> bool:
    """National bodies direct provinces; provinces direct their communes."""
    scope = scope_of(user)
    return bool(scope and scope.allows(Action.CREATE) and (scope.is_central or scope.is_province))


def may_edit_directive(user, directive) -> bool:
    """The issuing agency's officers keep a directive's tasks up to date (drafts and issued alike)."""
    return _own_agency_may(user, directive.issuer_id, Action.EDIT)


def may_edit_draft(user, directive) -> bool:
    """A directive's header and files change only while it is a draft."""
    return may_edit_directive(user, directive) and _is_draft(directive)


def may_issue_directive(user, directive) -> bool:
    return _own_agency_may(user, directive.issuer_id, Action.APPROVE)


def may_issue_draft(user, directive) -> bool:
    return may_issue_directive(user, directive) and _is_draft(directive)


def may_edit_task(user, task) -> bool:
    """A task is edited, withdrawn and linked to registry figures by its issuer, until it is withdrawn."""
    return may_edit_directive(user, task.directive) and not task.is_withdrawn


def may_assign_task(user, task) -> bool:
    return _own_agency_may(user, task.directive.issuer_id, Action.CREATE)


def may_assign_now(user, task) -> bool:
    """A task is given to places once its directive is issued, and never after it was withdrawn."""
    return (may_assign_task(user, task) and task.directive.status == task.directive.Status.ISSUED
            and not task.is_withdrawn)


def may_link_task(user, task) -> bool:
    """The issuer and every agency given the task may link a record (an obstacle) to it."""
    scope = scope_of(user)
    involved = scope is not None and (task.directive.issuer_id == scope.agency.pk
                                      or task.assignments.filter(agency=scope.agency).exists())
    return bool(involved and scope.allows(Action.CREATE))


def may_cascade(user, assignment) -> bool:
    return (assignment.commune_id is None and assignment.directive.province_id is None
            and _own_agency_may(user, assignment.agency_id, Action.CREATE))


def may_report(user, assignment) -> bool:
    return _own_agency_may(user, assignment.agency_id, Action.CREATE)


def may_review(user, report) -> bool:
    return _own_agency_may(user, report.assignment.agency_id, Action.APPROVE)


def may_review_reports(user) -> bool:
    """Leaders approve their own agency's reports (`pending_reports`)."""
    scope = scope_of(user)
    return bool(scope and scope.allows(Action.APPROVE))


def may_see_matrix(user) -> bool:
    """A commune sees its own assignments, not the matrix of places."""
    scope = scope_of(user)
    return bool(scope and not scope.is_commune)

