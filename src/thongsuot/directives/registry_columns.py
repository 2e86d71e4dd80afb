"""Registry figures beside the reported ones: the columns a task's or a matrix's page shows.

A task may be linked to figures kept in a registry (`registry_figures`); its page and the directive's
matrices show the live value beside the value the reports give. Split from `selectors`, which
re-exports these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, Sum

from thongsuot.accounts.permissions import scope_filter
from thongsuot.directives import registry_figures
from thongsuot.directives.models import RegistryLink, ReportFigure, Task

if TYPE_CHECKING:
    from thongsuot.directives.selectors import Matrix


def visible_figure_values(user, directive):
    """The reported figure values of a directive over the user's territory."""
    # Which rows appear is decided by the assignments; the values only need the same territory.
    return scope_filter(user, ReportFigure.objects.filter(directive=directive), ministry_q=Q())


@dataclass
class RegistryColumn:
    """A registry figure linked to a task, as a page shows it."""
    link: object
    label: str
    unit: str
    #: The reported figure it is compared with, or None.
    figure: object = None


def registry_columns(task: Task, links=None) -> list[RegistryColumn]:
    links = links if links is not None else task.registry_links.select_related("figure")
    columns = []
    for link in links:
        described = registry_figures.describe(link)
        if described is not None:
            columns.append(RegistryColumn(link=link, label=described[0], unit=described[1], figure=link.figure))
    return columns


def _reported(user, directive, figure_ids, group: str, province_id=None) -> dict[tuple, Decimal]:
    """{(place id, figure id): sum of current values}: a province's roll-up, or a commune's own."""
    if not figure_ids:
        return {}
    values = visible_figure_values(user, directive).filter(is_current=True, figure_id__in=figure_ids)
    if province_id is not None:
        values = values.filter(province_id=province_id)
    return {(row[group], row["figure_id"]): row["total"]
            for row in values.order_by().values(group, "figure_id").annotate(total=Sum("value"))}


def task_registry(*, user, task: Task, assignments) -> tuple[list[RegistryColumn], dict[int, list]]:
    """Return the task's registry columns and, per assignment, [(column, reported, live value)].

    An assignment to a province is compared with the province's figures (its roll-up of reports,
    the registry over its communes); one to a commune with the commune's own. Each figure costs
    one grouped query per level shown, whatever the number of rows.
    """
    columns = registry_columns(task)
    assignments = list(assignments)
    if not columns or not assignments:
        return columns, {}
    figure_ids = [c.figure.pk for c in columns if c.figure is not None]
    levels = {}
    for group, rows in (("province_id", [a for a in assignments if a.commune_id is None]),
                        ("commune_id", [a for a in assignments if a.commune_id is not None])):
        if not rows:
            continue
        provinces = {a.province_id for a in rows}
        province_id = provinces.pop() if group == "commune_id" and len(provinces) == 1 else None
        live = [registry_figures.values(user=user, link=c.link, group=group, province_id=province_id)
                for c in columns]
        levels[group] = (live, _reported(user, task.directive, figure_ids, group, province_id))
    table = {}
    for assignment in assignments:
        group = "commune_id" if assignment.commune_id is not None else "province_id"
        place = getattr(assignment, group)
        live, reported = levels[group]
        table[assignment.pk] = [
            (c, reported.get((place, c.figure.pk)) if c.figure is not None else None, values.get(place))
            for c, values in zip(columns, live, strict=True)]
    return columns, table


def matrix_registry(*, user, matrix: Matrix, province=None) -> None:
    """Add the live registry figures to a matrix, over what the user may see in each registry.

    National matrix (`province` None): each province's figure (over all its communes) and, on the
    total row, the nation's (the provinces' values added up the way the figure adds up). A province's
    matrix: each commune's own figure and the province's; its own row has none (registry figures are
    kept per commune). Sets `matrix.registry = {task id: [RegistryColumn]}` and, on each cell of a
    linked task, `cell.registry = [(label, value, unit)]` in the same order. One query for the links,
    then one grouped query per linked figure, whatever the number of places.
    """
    links = RegistryLink.objects.filter(task__in=matrix.tasks).select_related("figure").order_by("task", "id")
    by_task: dict[int, list] = {}
    for link in links:
        by_task.setdefault(link.task_id, []).append(link)
    if not by_task:
        return
    group = "province_id" if province is None else "commune_id"
    province_id = None if province is None else province.pk
    for index, task in enumerate(matrix.tasks):
        columns = registry_columns(task, by_task.get(task.pk, []))
        if not columns:
            continue
        matrix.registry[task.pk] = columns
        live = [registry_figures.values(user=user, link=c.link, group=group, province_id=province_id)
                for c in columns]
        for place, cells in matrix.rows:
            if place is not None:
                cells[index].registry = [(c.label, values.get(place.pk), c.unit)
                                         for c, values in zip(columns, live, strict=True)]
        matrix.total[index].registry = [
            (c.label, registry_figures.combine(c.link, values.values()), c.unit)
            for c, values in zip(columns, live, strict=True)]
