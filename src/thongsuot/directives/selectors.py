"""Reads for directives, scoped to the user through the platform's permission module.

- The national level sees every directive; a ministry sees the issued national directives
  that name it as lead or coordinating agency on some task.
- A province sees its own directives and the issued ones that assign it a task; a commune
  sees the issued directives that assign it a task.
- Assignments, reports and reminders are territorial: a province sees its own and its
  communes', a commune only its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import (
    get_visible_or_404,
    scope_filter,
    scope_of,
    visible_communes,
    visible_provinces,
)
from thongsuot.core.offline import FieldForm
from thongsuot.core.text import filter_folded
from thongsuot.directives import rollup
from thongsuot.directives.models import (
    Assignment,
    Directive,
    ProgressReport,
    Reminder,
    Task,
    Urgency,
)
from thongsuot.directives.permissions import may_report, may_review_reports
from thongsuot.directives.registry_columns import RegistryColumn as RegistryColumn
from thongsuot.directives.registry_columns import matrix_registry, visible_figure_values
from thongsuot.directives.registry_columns import registry_columns as registry_columns
from thongsuot.directives.registry_columns import task_registry as task_registry
from thongsuot.directives.services import LINKABLE, linked_model
from thongsuot.geo.models import Commune, Province


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


def active_tasks(directive: Directive) -> QuerySet[Task]:
    """Return a directive's tasks that were not withdrawn: those the matrices and roll-ups count."""
    return directive.tasks.filter(withdrawn_at__isnull=True)


def with_active_tasks(directives: QuerySet[Directive]) -> QuerySet[Directive]:
    """Keep the directives that have at least one task not withdrawn (EXISTS: no join, no duplicates)."""
    return directives.filter(Exists(Task.objects.filter(directive=OuterRef("pk"), withdrawn_at__isnull=True)))


def with_active_deadline(directives: QuerySet[Directive]) -> QuerySet[Directive]:
    """Annotate each directive with its active tasks' latest deadline, `active_deadline` (None when every
    task is withdrawn or it has none): a correlated subquery, so a list and its deadlines are one read."""
    latest = (Task.objects.filter(directive=OuterRef("pk"), withdrawn_at__isnull=True).order_by()
              .values("directive").annotate(d=Max("deadline")).values("d"))
    return directives.annotate(active_deadline=Subquery(latest))


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


def access_directive(user, pk) -> Directive:
    """The directive `pk` if the user may see it; 404 alike for a missing one and one out of scope."""
    return get_visible_or_404(directive_list(user=user), pk=pk)


def access_task(user, pk) -> Task:
    return get_visible_or_404(task_list(user=user).select_related("directive", "lead_agency")
                              .prefetch_related("figures", "coordinating_agencies"), pk=pk)


def access_assignment(user, pk) -> Assignment:
    return get_visible_or_404(assignment_list(user=user), pk=pk)


def access_report(user, pk) -> ProgressReport:
    return get_visible_or_404(report_list(user=user), pk=pk)


def access_province(user, code: str):
    """A province the user may see, by its code (a matrix drill-down); 404 otherwise."""
    return get_visible_or_404(visible_provinces(user), code=code)


def access_file(owner, pk):
    """An attachment of a record the user was given by an `access_*` selector."""
    return get_visible_or_404(owner.attachments.all(), pk=pk)


def access_registry_link(task: Task, pk):
    return get_visible_or_404(task.registry_links.all(), pk=pk)


def task_assignments(*, user, task: Task) -> QuerySet[Assignment]:
    """The assignments of a task a page lists: a commune its own; others the first level (no cascade)."""
    scope = scope_of(user)
    assignments = assignment_list(user=user).filter(task=task)
    if scope is not None and scope.is_commune:
        return assignments.filter(agency=scope.agency)
    return assignments.filter(parent__isnull=True)


def assignable_places(directive: Directive) -> QuerySet:
    """Where a directive's tasks can be given: every province (national), or the province's communes."""
    if directive.is_national:
        return Province.objects.order_by("code")
    return Commune.objects.filter(province_id=directive.province_id).order_by("name")


def province_communes(province_id: int) -> QuerySet:
    """The communes a province's assignment can be passed on to."""
    return Commune.objects.filter(province_id=province_id).order_by("name")


def withdrawal_counts(task: Task) -> dict:
    """What withdrawing a task leaves behind: its assignments and the reports sent on them."""
    return {"assignments": task.assignments.count(),
            "reports": ProgressReport.objects.filter(assignment__task=task).count()}


def assigned_to_us(*, user, state: str = "") -> QuerySet[Assignment]:
    """Return the assignments given to the user's own agency, most urgent first."""
    scope = scope_of(user)
    if scope is None:
        return Assignment.objects.none()
    assignments = assignment_list(user=user).filter(agency=scope.agency, directive__status=Directive.Status.ISSUED,
                                                    task__withdrawn_at__isnull=True)
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
    if not may_review_reports(user):
        return ProgressReport.objects.none()
    return report_list(user=user).filter(assignment__agency=scope.agency, status=ProgressReport.Status.SUBMITTED,
                                         assignment__task__withdrawn_at__isnull=True)


def reminder_list(*, user) -> QuerySet[Reminder]:
    scope = scope_of(user)
    if scope is None:
        return Reminder.objects.none()
    return scope_filter(user, Reminder.objects.select_related("assignment__task", "assignment__directive")).filter(
        assignment__agency=scope.agency, assignment__task__withdrawn_at__isnull=True)


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
    #: Registry figures linked to the tasks, once `matrix_registry` has run: {task id: [RegistryColumn]}.
    registry: dict = field(default_factory=dict)


def _figure_task(tasks) -> dict[int, int]:
    return {f.pk: t.pk for t in tasks for f in t.figures.all()}


def directive_matrix(*, user, directive: Directive, today: date | None = None, registry: bool = False) -> Matrix:
    """Return the provinces × tasks matrix of a national directive, over the provinces the user may see;
    with `registry`, also the registry figures linked to its tasks (`matrix_registry`)."""
    today = today or timezone.localdate()
    tasks = list(active_tasks(directive).prefetch_related("figures"))
    # By task id, not a join on the task: the grouped query stays on the covering index.
    assignments = assignment_list(user=user).filter(directive=directive, task_id__in=[t.pk for t in tasks])
    cells = rollup.province_cells(assignments, visible_figure_values(user, directive), today, _figure_task(tasks))
    province_ids = {province_id for province_id, _task in cells}
    provinces = list(visible_provinces(user).filter(pk__in=province_ids).order_by("code"))
    rows = [(p, [_cell(cells, (p.pk, t.pk), t) for t in tasks]) for p in provinces]
    national = rollup.national_cells(cells)
    matrix = Matrix(tasks=tasks, rows=rows, total=[_cell(national, t.pk, t) for t in tasks], today=today)
    if registry:
        matrix_registry(user=user, matrix=matrix)
    return matrix


def province_matrix(*, user, directive: Directive, province, today: date | None = None,
                    registry: bool = False) -> Matrix:
    """Return the communes × tasks matrix of one province (its own assignment first), and its roll-up;
    with `registry`, also the registry figures linked to its tasks (`matrix_registry`)."""
    today = today or timezone.localdate()
    tasks = list(active_tasks(directive).prefetch_related("figures"))
    figure_task = _figure_task(tasks)
    assignments = assignment_list(user=user).filter(directive=directive, province=province,
                                                    task_id__in=[t.pk for t in tasks])
    values = visible_figure_values(user, directive).filter(province=province)
    cells = rollup.commune_cells(assignments, values, today, figure_task)
    commune_ids = {commune_id for commune_id, _task in cells}
    communes = list(visible_communes(user).filter(pk__in=commune_ids - {None}).order_by("name"))
    places = ([None] if None in commune_ids else []) + communes
    rows = [(c, [_cell(cells, (c.pk if c else None, t.pk), t) for t in tasks]) for c in places]
    total = rollup.province_cells(assignments, values, today, figure_task)
    matrix = Matrix(tasks=tasks, rows=rows, total=[_cell(total, (province.pk, t.pk), t) for t in tasks],
                    today=today)
    if registry:
        matrix_registry(user=user, matrix=matrix, province=province)
    return matrix


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
            rows.append({"kind": str(LINKABLE[object_type]), "title": str(obj),
                         "status": status() if status else "",
                         "url": url() if url else ""})
    return rows


def field_forms(*, user) -> list[FieldForm]:
    """The progress reports a commune sends from the field: one form per open assignment of its own
    agency, and the returned reports to correct (core.offline keeps them for offline use)."""
    scope = scope_of(user)
    if scope is None or not scope.is_commune:
        return []
    open_ones = [a for a in assigned_to_us(user=user).exclude(state=Assignment.State.DONE).select_related("task")[:8]
                 if may_report(user, a)]
    if not open_ones:
        return []
    links = [(a.task.title, reverse("directives:report_create", args=[a.pk])) for a in open_ones]
    returned = report_list(user=user).filter(assignment__in=open_ones, status=ProgressReport.Status.RETURNED)
    links += [(_("Sửa báo cáo bị trả lại: %(task)s") % {"task": r.assignment.task.title},
               reverse("directives:report_revise", args=[r.pk])) for r in returned.select_related("assignment__task")]
    return [FieldForm(_("Báo cáo tiến độ"), reverse("directives:assigned"), order=20, links=tuple(links))]
