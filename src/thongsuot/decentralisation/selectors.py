"""Reads for decentralised tasks: the catalogue (everyone) and states (scoped)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from thongsuot.accounts.permissions import get_visible_or_404, scope_filter, scope_of
from thongsuot.core.text import filter_folded
from thongsuot.decentralisation.models import (
    TROUBLE_STATES,
    CommuneTaskState,
    DecentralisedTask,
    TaskGuidance,
    TaskState,
)


def visible_states(user) -> QuerySet[CommuneTaskState]:
    """States the user may see; a ministry sees those of the tasks it owns."""
    scope = scope_of(user)
    ministry_q = Q(task__owning_ministry_id=scope.agency.pk) if scope else None
    return scope_filter(user, CommuneTaskState.objects.all(), ministry_q=ministry_q)


def task_list(*, user, filters: dict | None = None) -> QuerySet[DecentralisedTask]:
    """The catalogue (the same for everyone), filtered by the clean values of `forms.TaskFilterForm`:
    `q` (folded search), `sector`, `missing` (only the tasks whose ministry has issued no guidance)."""
    filters = filters or {}
    tasks = DecentralisedTask.objects.select_related("owning_ministry").order_by("code")
    if filters.get("q"):
        tasks = filter_folded(tasks, filters["q"])
    if filters.get("sector"):
        tasks = tasks.filter(sector=filters["sector"])
    if filters.get("missing"):
        tasks = tasks.filter(guidance_issued=False)
    return tasks


def access_task(user, code) -> DecentralisedTask:
    """Return a task of the catalogue (every signed-in user sees it all), or 404."""
    return get_visible_or_404(DecentralisedTask.objects.select_related("owning_ministry"), code=code)


def state_counts(*, user, task_ids) -> dict[int, dict[str, int]]:
    rows = (visible_states(user).filter(task_id__in=list(task_ids)).order_by()
            .values_list("task_id", "state").annotate(n=Count("id")))
    counts: dict[int, dict[str, int]] = {}
    for task_id, state, n in rows:
        counts.setdefault(task_id, {s: 0 for s in TaskState.values})[state] = n
    return counts


def with_state_counts(*, user, tasks) -> list[DecentralisedTask]:
    """The tasks, each with `counts`: how many communes within the user's view are in each state."""
    tasks = list(tasks)
    counts = state_counts(user=user, task_ids=[t.pk for t in tasks])
    for task in tasks:
        task.counts = counts.get(task.pk, dict.fromkeys(TaskState.values, 0))
    return tasks


def totals(*, user) -> dict:
    by_state = dict(visible_states(user).order_by().values_list("state").annotate(n=Count("id")))
    return {"tasks": DecentralisedTask.objects.count(),
            "missing_guidance": DecentralisedTask.objects.filter(guidance_issued=False).count(),
            "by_state": [(value, label, by_state.get(value, 0)) for value, label in TaskState.choices]}


def own_state(*, user, task) -> CommuneTaskState | None:
    scope = scope_of(user)
    if scope is None or not scope.is_commune:
        return None
    return CommuneTaskState.objects.filter(task=task, commune_id=scope.commune_id).select_related("obstacle").first()


def own_states(*, user) -> dict[int, CommuneTaskState]:
    """The user's commune's state for each task it reported on, by task id ({} above the commune)."""
    scope = scope_of(user)
    if scope is None or not scope.is_commune:
        return {}
    rows = CommuneTaskState.objects.filter(commune_id=scope.commune_id).select_related("obstacle")
    return {row.task_id: row for row in rows}


def own_state_list(*, user) -> QuerySet[CommuneTaskState]:
    """The user's commune's states, task by task (none above the commune)."""
    scope = scope_of(user)
    if scope is None or not scope.is_commune:
        return CommuneTaskState.objects.none()
    return (CommuneTaskState.objects.filter(commune_id=scope.commune_id)
            .select_related("task", "commune", "obstacle").order_by("task__code"))


def guidance_list(*, user, task: DecentralisedTask) -> QuerySet[TaskGuidance]:
    """The guidance issued for a task: everyone who sees the task (the whole catalogue is open) reads it."""
    return task.guidance.select_related("ministry").order_by("-signed_on", "-id")


def access_guidance(user, code, pk) -> TaskGuidance:
    """Return a guidance document (with its file) of a task the user sees, or 404."""
    task = access_task(user, code)
    guidance = get_visible_or_404(guidance_list(user=user, task=task), pk=pk)
    if not guidance.file:
        raise Http404
    return guidance


def troubled_states(*, user, task: DecentralisedTask) -> QuerySet[CommuneTaskState]:
    """The communes, within the user's view, that report trouble with the task (difficult or impossible):
    a province its communes, a ministry those of the tasks it owns, the nation all, a commune itself."""
    return (visible_states(user).filter(task=task, state__in=TROUBLE_STATES)
            .select_related("commune", "province", "obstacle").order_by("province__code", "commune__name", "id"))
