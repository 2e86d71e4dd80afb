"""Progress rolled up from assignments, computed on every read and never stored.

- A province's progress on a task is the mean of its own assignment's progress and its
  communes' (each unit counts once); its figures are the sum of the figures in the
  current (latest approved) reports of those assignments.
- The national progress on a task is the mean of the provinces' progress (each province
  counts once); the national figures are the sum of the provinces' figures.

A unit is overdue when its assignment is not done and today is past its due day (the
deadline, moved to the next working day when it falls on a day off). Two grouped queries
feed a whole matrix, whatever the number of communes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from thongsuot.core.calendar import is_working_day
from thongsuot.directives.models import Assignment

STATUS_LABELS = {
    "not_started": _("Chưa thực hiện"),
    "in_progress": _("Đang thực hiện"),
    "done": _("Hoàn thành"),
    "overdue": _("Quá hạn"),
    "none": _("Chưa giao"),
}
STATUS_BADGES = {"not_started": "muted", "in_progress": "info", "done": "ok", "overdue": "bad", "none": ""}


def overdue_cutoff(today: date) -> date:
    """Return the last working day before `today`: a deadline on or before it is past due."""
    day = today - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


@dataclass
class Cell:
    """Progress of one task in one place (a commune, a province, or the nation)."""

    units: int = 0
    done: int = 0
    started: int = 0
    overdue: int = 0
    progress: float = 0.0
    figures: dict[int, Decimal] = field(default_factory=dict)
    #: The task this cell is about, set when a matrix is laid out (for its figures' names).
    task: object = None
    #: Live registry figures shown beside the reported ones: [(label, value or None, unit)].
    registry: list = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.units == 0:
            return "none"
        if self.done == self.units:
            return "done"
        if self.overdue:
            return "overdue"
        if self.started or self.done or self.progress > 0:
            return "in_progress"
        return "not_started"

    @property
    def label(self):
        return STATUS_LABELS[self.status]

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def percent(self) -> int:
        return int(round(self.progress))

    @property
    def figure_lines(self) -> list[tuple[str, Decimal | None, str]]:
        """(name, value or None, unit) for each figure the task expects."""
        if self.task is None:
            return []
        return [(f.name, self.figures.get(f.pk), f.unit) for f in self.task.figures.all()]


def _figure_sums(values, group: str, figure_task: dict[int, int]) -> dict[tuple, dict[int, Decimal]]:
    rows = (values.filter(is_current=True).order_by().values(f"{group}_id", "figure_id")
            .annotate(total=Sum("value")))
    sums: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        task_id = figure_task.get(row["figure_id"])
        if task_id is not None:
            sums[(row[f"{group}_id"], task_id)][row["figure_id"]] = row["total"]
    return sums


def _cells(assignments, values, group: str, today: date, figure_task: dict[int, int]) -> dict[tuple, Cell]:
    cutoff = overdue_cutoff(today)
    rows = (assignments.order_by().values(f"{group}_id", "task_id").annotate(
        units=Count("id"), done=Count("id", filter=Q(state=Assignment.State.DONE)),
        started=Count("id", filter=Q(state=Assignment.State.IN_PROGRESS)),
        overdue=Count("id", filter=~Q(state=Assignment.State.DONE) & Q(deadline__lte=cutoff)),
        progress_sum=Sum("progress")))
    figures = _figure_sums(values, group, figure_task)
    cells = {}
    for row in rows:
        key = (row[f"{group}_id"], row["task_id"])
        cells[key] = Cell(units=row["units"], done=row["done"], started=row["started"], overdue=row["overdue"],
                          progress=row["progress_sum"] / row["units"], figures=figures.get(key, {}))
    return cells


def province_cells(assignments, values, today: date, figure_task: dict[int, int]) -> dict[tuple[int, int], Cell]:
    """Return {(province_id, task_id): Cell} rolled up from each province's own and communes' assignments.

    `assignments` and `values` (ReportFigure rows) are already narrowed to one directive and the
    user's territory; `figure_task` maps each figure to its task.
    """
    return _cells(assignments, values, "province", today, figure_task)


def commune_cells(assignments, values, today: date, figure_task: dict[int, int]) -> dict[tuple[int | None, int], Cell]:
    """Return {(commune_id or None for the province's own, task_id): Cell}, one assignment each."""
    return _cells(assignments, values, "commune", today, figure_task)


def national_cells(cells: dict[tuple[int, int], Cell]) -> dict[int, Cell]:
    """Return {task_id: Cell}: the mean of provinces' progress and the sum of their figures."""
    by_task: dict[int, list[Cell]] = defaultdict(list)
    for (_place, task_id), cell in cells.items():
        by_task[task_id].append(cell)
    result = {}
    for task_id, items in by_task.items():
        figures: dict[int, Decimal] = defaultdict(Decimal)
        for cell in items:
            for fid, value in cell.figures.items():
                figures[fid] += value
        result[task_id] = Cell(units=len(items), done=sum(c.status == "done" for c in items),
                               started=sum(c.status == "in_progress" for c in items),
                               overdue=sum(c.status == "overdue" for c in items),
                               progress=sum(c.progress for c in items) / len(items), figures=dict(figures))
    return result
