"""Reads for directives, scoped to the user through the platform's permission module.

- The national level sees every directive; a ministry sees the issued national directives
  that name it as lead or coordinating agency on some task.
- A province sees its own directives and the issued ones that assign it a task; a commune
  sees the issued directives that assign it a task.
- Assignments, reports and reminders are territorial: a province sees its own and its
  communes', a commune only its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from thongsuot.accounts.permissions import scope_filter, scope_of, visible_communes, visible_provinces
from thongsuot.core.text import filter_folded
from thongsuot.directives import rollup
from thongsuot.directives.models import (
    Assignment,
    Directive,
    ProgressReport,
    Reminder,
    ReportFigure,
    Task,
    Urgency,
)


def _ministry_tasks(agency):
    return Task.objects.filter(Q(lead_agency=agency) | Q(coordinating_agencies=agency)).values("id")


def directive_list(*, user, query: str = "", urgency: str = "", status: str = "") -> QuerySet[Directive]:
    """Return the directives the user may see, newest first, narrowed by text, urgency and status."""
    scope = scope_of(user)
    directives = Directive.objects.select_related("issuer")
    if scope is None:
        return directives.none()
    issued = Q(status=Directive.Status.ISSUED)
    if scope.is_ministry:
        directives = directives.filter(issued, province__isnull=True,
                                       tasks__in=_ministry_tasks(scope.agency)).distinct()
    elif scope.is_province:
        assigned = Exists(Assignment.objects.filter(directive=OuterRef("pk"), province_id=scope.province_id))
        directives = directives.filter(Q(province_id=scope.province_id) | (issued & assigned))
    elif scope.is_commune:
        assigned = Exists(Assignment.objects.filter(directive=OuterRef("pk"), commune_id=scope.commune_id))
        directives = directives.filter(issued & assigned)
    elif not scope.is_central:
        return directives.none()
    if urgency in Urgency.values:
        directives = directives.filter(urgency=urgency)
    if status in Directive.Status.values:
        directives = directives.filter(status=status)
    return filter_folded(directives, query) if query else directives


def task_list(*, user) -> QuerySet[Task]:
    return Task.objects.filter(directive__in=directive_list(user=user).values("id"))


def assignment_list(*, user) -> QuerySet[Assignment]:
    """Return the assignments in the user's territory (a ministry: those on its tasks)."""
    scope = scope_of(user)
    ministry_q = Q(task_id__in=_ministry_tasks(scope.agency)) if scope and scope.is_ministry else None
    return scope_filter(user, Assignment.objects.select_related("task", "directive", "agency", "province", "commune"),
                        ministry_q=ministry_q)


def report_list(*, user) -> QuerySet[ProgressReport]:
    scope = scope_of(user)
    ministry_q = Q(assignment__task_id__in=_ministry_tasks(scope.agency)) if scope and scope.is_ministry else None
    return scope_filter(user, ProgressReport.objects.select_related(
        "assignment__task", "assignment__directive", "assignment__agency", "submitted_by", "reviewed_by"),
        ministry_q=ministry_q)


def assigned_to_us(*, user, state: str = "") -> QuerySet[Assignment]:
    """Return the assignments given to the user's own agency, most urgent first."""
    scope = scope_of(user)
    if scope is None:
        return Assignment.objects.none()
    assignments = assignment_list(user=user).filter(agency=scope.agency, directive__status=Directive.Status.ISSUED)
    today = timezone.localdate()
    if state == "overdue":
        assignments = assignments.exclude(state=Assignment.State.DONE).filter(
            deadline__lte=rollup.overdue_cutoff(today))
    elif state in Assignment.State.values:
        assignments = assignments.filter(state=state)
    return assignments.order_by("state", "deadline", "task__position")


def pending_reports(*, user) -> QuerySet[ProgressReport]:
    """Reports waiting for this user's approval (their own agency's, when they are its leader)."""
    scope = scope_of(user)
    if scope is None or not scope.allows("approve"):
        return ProgressReport.objects.none()
    return report_list(user=user).filter(assignment__agency=scope.agency, status=ProgressReport.Status.SUBMITTED)


def reminder_list(*, user) -> QuerySet[Reminder]:
    scope = scope_of(user)
    if scope is None:
        return Reminder.objects.none()
    return scope_filter(user, Reminder.objects.select_related("assignment__task", "assignment__directive")).filter(
        assignment__agency=scope.agency)


def _cell(cells, key, task) -> rollup.Cell:
    cell = cells.get(key) or rollup.Cell()
    cell.task = task
    return cell


@dataclass
class Matrix:
    """Places (rows) × tasks (columns), each cell rolled up; a total row for the whole."""

    tasks: list
    rows: list  # [(place or None for the province's own, [Cell per task])]
    total: list  # [Cell per task]
    today: date


def _figure_values(user, directive):
    # Which rows appear is decided by the assignments; the values only need the same territory.
    return scope_filter(user, ReportFigure.objects.filter(directive=directive), ministry_q=Q())


def _figure_task(tasks) -> dict[int, int]:
    return {f.pk: t.pk for t in tasks for f in t.figures.all()}


def directive_matrix(*, user, directive: Directive, today: date | None = None) -> Matrix:
    """Return the provinces × tasks matrix of a national directive, over the provinces the user may see."""
    today = today or timezone.localdate()
    tasks = list(directive.tasks.prefetch_related("figures"))
    assignments = assignment_list(user=user).filter(directive=directive)
    cells = rollup.province_cells(assignments, _figure_values(user, directive), today, _figure_task(tasks))
    province_ids = {province_id for province_id, _task in cells}
    provinces = list(visible_provinces(user).filter(pk__in=province_ids).order_by("code"))
    rows = [(p, [_cell(cells, (p.pk, t.pk), t) for t in tasks]) for p in provinces]
    national = rollup.national_cells(cells)
    return Matrix(tasks=tasks, rows=rows, total=[_cell(national, t.pk, t) for t in tasks], today=today)


def province_matrix(*, user, directive: Directive, province, today: date | None = None) -> Matrix:
    """Return the communes × tasks matrix of one province (its own assignment first), and its roll-up."""
    today = today or timezone.localdate()
    tasks = list(directive.tasks.prefetch_related("figures"))
    figure_task = _figure_task(tasks)
    assignments = assignment_list(user=user).filter(directive=directive, province=province)
    values = _figure_values(user, directive).filter(province=province)
    cells = rollup.commune_cells(assignments, values, today, figure_task)
    commune_ids = {commune_id for commune_id, _task in cells}
    communes = list(visible_communes(user).filter(pk__in=commune_ids - {None}).order_by("name"))
    places = ([None] if None in commune_ids else []) + communes
    rows = [(c, [_cell(cells, (c.pk if c else None, t.pk), t) for t in tasks]) for c in places]
    total = rollup.province_cells(assignments, values, today, figure_task)
    return Matrix(tasks=tasks, rows=rows, total=[_cell(total, (province.pk, t.pk), t) for t in tasks],
                  today=today)


def home_summary(*, user) -> dict:
    scope = scope_of(user)
    today = timezone.localdate()
    if scope is not None and (scope.is_province or scope.is_commune):
        mine = assigned_to_us(user=user)
        return {"kind": "assigned", "open": mine.exclude(state=Assignment.State.DONE).count(),
                "overdue": mine.exclude(state=Assignment.State.DONE).filter(
                    deadline__lte=rollup.overdue_cutoff(today)).count(),
                "pending": pending_reports(user=user).count(),
                "reminders": list(reminder_list(user=user)[:5])}
    return {"kind": "directives", "latest": list(directive_list(user=user)[:5])}


def task_links(*, user, task: Task) -> list[dict]:
    """Return the records linked to a task that the user may see, with their state and page."""
    from thongsuot.directives.services import LINKABLE, linked_model

    by_type: dict[str, list[str]] = {}
    for object_type, object_id in task.links.values_list("object_type", "object_id"):
        by_type.setdefault(object_type, []).append(object_id)
    rows = []
    for object_type, ids in by_type.items():
        model = linked_model(object_type)
        if model is None:
            continue
        for obj in scope_filter(user, model.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])):
            status = getattr(obj, "get_status_display", None)
            url = getattr(obj, "get_absolute_url", None)
            rows.append({"kind": LINKABLE[object_type], "title": str(obj), "status": status() if status else "",
                         "url": url() if url else ""})
    return rows
