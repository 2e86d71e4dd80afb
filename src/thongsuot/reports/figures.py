"""The figures of a report, read from the registries through each app's selectors — never typed.

Each figure says on what basis it is read:
- "cut-off": computed from dated records for the period (cases opened, resolved, still open at the
  cut-off day; dossiers received and settled in the period), so the same report read later gives the
  same numbers;
- "submission": the registry keeps only the present state (staffing quotas, the task states, the
  facilities' readiness), so the figure is read when the report is drafted, refreshed until it is
  sent, and frozen with the report when the leader sends it.
A province's report sums the figures of its communes' sent reports (`consolidate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.vocabulary import StaffField
from thongsuot.decentralisation import selectors as tasks
from thongsuot.facilities import selectors as facilities
from thongsuot.obstacles import selectors as obstacles
from thongsuot.procedures import selectors as procedures
from thongsuot.staffing import selectors as staffing

CUTOFF = "cutoff"
SUBMISSION = "submission"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    group: str
    basis: str
    indent: bool = False


class Group:
    OBSTACLES = "obstacles"
    TASKS = "tasks"
    STAFFING = "staffing"
    FACILITIES = "facilities"
    DOSSIERS = "dossiers"


#: The groups a regime's form may ask for, in the order the form prints them.
GROUPS = [
    (Group.OBSTACLES, _("Khó khăn, vướng mắc của địa phương")),
    (Group.TASKS, _("Thực hiện nhiệm vụ phân cấp, phân quyền")),
    (Group.STAFFING, _("Đội ngũ cán bộ, công chức theo lĩnh vực")),
    (Group.FACILITIES, _("Trụ sở, phương tiện và kết nối mạng")),
    (Group.DOSSIERS, _("Giải quyết thủ tục hành chính")),
]
GROUP_LABELS = dict(GROUPS)

FIGURES: list[Figure] = [
    Figure("obstacles_new", _("Khó khăn, vướng mắc mới phát sinh trong kỳ"), Group.OBSTACLES, CUTOFF),
    Figure("obstacles_resolved", _("Khó khăn, vướng mắc đã giải quyết trong kỳ"), Group.OBSTACLES, CUTOFF),
    Figure("obstacles_open", _("Khó khăn, vướng mắc còn tồn đọng tại ngày chốt"), Group.OBSTACLES, CUTOFF),
    Figure("obstacles_overdue", _("Trong đó: quá hạn xử lý"), Group.OBSTACLES, CUTOFF, indent=True),
    Figure("tasks_implemented", _("Nhiệm vụ phân cấp đã thực hiện"), Group.TASKS, SUBMISSION),
    Figure("tasks_difficult", _("Nhiệm vụ phân cấp gặp khó khăn, vướng mắc"), Group.TASKS, SUBMISSION),
    Figure("tasks_cannot", _("Nhiệm vụ phân cấp không thể thực hiện"), Group.TASKS, SUBMISSION),
    Figure("staff_headcount", _("Định biên được giao"), Group.STAFFING, SUBMISSION),
    Figure("staff_active", _("Số đang làm việc"), Group.STAFFING, SUBMISSION),
    Figure("staff_shortage", _("Số còn thiếu (cộng các lĩnh vực thiếu, không trừ lĩnh vực thừa)"), Group.STAFFING,
           SUBMISSION),
    *(Figure(f"staff_shortage.{value}", label, Group.STAFFING, SUBMISSION, indent=True)
      for value, label in StaffField.choices),
    Figure("premises_surplus", _("Trụ sở dôi dư"), Group.FACILITIES, SUBMISSION),
    Figure("premises_remaining", _("Trụ sở dôi dư chưa xử lý xong"), Group.FACILITIES, SUBMISSION),
    Figure("communes_no_vehicle", _("Xã chưa có phương tiện đi lại"), Group.FACILITIES, SUBMISSION),
    Figure("communes_poor_connectivity", _("Xã có kết nối mạng dưới ngưỡng"), Group.FACILITIES, SUBMISSION),
    Figure("dossiers_received", _("Hồ sơ thủ tục hành chính tiếp nhận trong kỳ"), Group.DOSSIERS, CUTOFF),
    Figure("dossiers_done", _("Hồ sơ đã giải quyết trong kỳ"), Group.DOSSIERS, CUTOFF),
    Figure("dossiers_on_time", _("Trong đó: đúng hạn, trước hạn"), Group.DOSSIERS, CUTOFF, indent=True),
]
FIGURE_KEYS = [figure.key for figure in FIGURES]
BASIS_LABELS = {CUTOFF: pgettext_lazy("figure basis", "đến ngày chốt"),
                SUBMISSION: pgettext_lazy("figure basis", "khi gửi báo cáo")}


def figures_of(groups) -> list[Figure]:
    """The figures of the groups a regime asks for, in the form's order."""
    wanted = set(groups)
    return [figure for figure in FIGURES if figure.group in wanted]


def on_time_rate(values: dict) -> float | None:
    """Dossiers settled on time, in per cent of those settled (derived, never summed)."""
    done = values.get("dossiers_done") or 0
    return round(100 * (values.get("dossiers_on_time") or 0) / done, 1) if done else None


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _obstacles(reader, commune, start: date, end: date) -> dict:
    cases = obstacles.visible_obstacles(reader).select_related(None).order_by().filter(commune_id=commune.pk)
    cut = _end_of(end)
    open_at_cut = (Q(created_at__lte=cut) & (Q(resolved_at__isnull=True) | Q(resolved_at__gt=cut))
                   & (Q(closed_at__isnull=True) | Q(closed_at__gt=cut)))
    row = cases.aggregate(
        new=Count("id", filter=Q(created_at__gte=_start_of(start), created_at__lte=cut)),
        resolved=Count("id", filter=Q(resolved_at__gte=_start_of(start), resolved_at__lte=cut)),
        open=Count("id", filter=open_at_cut),
        overdue=Count("id", filter=open_at_cut & Q(due_date__lt=end)))
    return {"obstacles_new": row["new"], "obstacles_resolved": row["resolved"], "obstacles_open": row["open"],
            "obstacles_overdue": row["overdue"]}


def _tasks(reader, commune) -> dict:
    by_state = dict(tasks.visible_states(reader).order_by().filter(commune_id=commune.pk)
                    .values_list("state").annotate(n=Count("id")))
    return {"tasks_implemented": by_state.get("implemented", 0), "tasks_difficult": by_state.get("difficult", 0),
            "tasks_cannot": by_state.get("cannot_implement", 0)}


def _staffing(reader, commune) -> dict:
    rows = list(staffing.quota_list(user=reader).order_by().filter(commune_id=commune.pk)
                .values_list("field", "headcount", "active_count", "gap"))
    values = {"staff_headcount": sum(r[1] for r in rows), "staff_active": sum(r[2] for r in rows),
              "staff_shortage": sum(max(r[3], 0) for r in rows)}
    for field in StaffField.values:
        values[f"staff_shortage.{field}"] = sum(max(r[3], 0) for r in rows if r[0] == field)
    return values


def _facilities(reader, commune) -> dict:
    readiness = facilities.commune_readiness(user=reader, commune=commune)
    if readiness is None:
        return {"premises_surplus": 0, "premises_remaining": 0, "communes_no_vehicle": 0,
                "communes_poor_connectivity": 0}
    return {"premises_surplus": readiness.surplus_count,
            "premises_remaining": readiness.surplus_count - readiness.surplus_handled,
            "communes_no_vehicle": 0 if readiness.has_vehicle else 1,
            "communes_poor_connectivity": int(readiness.connectivity_score < facilities.CONNECTIVITY_THRESHOLD)}


def _dossiers(reader, commune, start: date, end: date) -> dict:
    total, _rows = procedures.figures(user=reader, start=start, end=end, commune=commune)
    return {"dossiers_received": total.received, "dossiers_done": total.done,
            "dossiers_on_time": total.done_early + total.done_on_time}


def read_commune(*, reader, commune, start: date, end: date, groups) -> dict:
    """Read a commune's figures for the period from the registries, as `reader` sees them."""
    wanted, values = set(groups), {}
    if Group.OBSTACLES in wanted:
        values.update(_obstacles(reader, commune, start, end))
    if Group.TASKS in wanted:
        values.update(_tasks(reader, commune))
    if Group.STAFFING in wanted:
        values.update(_staffing(reader, commune))
    if Group.FACILITIES in wanted:
        values.update(_facilities(reader, commune))
    if Group.DOSSIERS in wanted:
        values.update(_dossiers(reader, commune, start, end))
    return values


def add_up(rows) -> dict:
    """Sum figure dicts key by key (a consolidation: communes into a province, provinces into the nation)."""
    total: dict = {}
    for values in rows:
        for key, value in values.items():
            if isinstance(value, int | float):
                total[key] = total.get(key, 0) + value
    return total


def sum_queryset(reports) -> dict:
    """The figures of many reports summed (one query; a few thousand small JSON rows at most)."""
    return add_up(reports.order_by().values_list("figures", flat=True).iterator(chunk_size=2000))
