"""Writes of the campaign app: the daily snapshot of the summary figures, and the demo's history."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from thongsuot.campaign import selectors
from thongsuot.campaign.measures import BY_KEY, Place
from thongsuot.campaign.models import CampaignSnapshot
from thongsuot.geo.models import Province
from thongsuot.obstacles import selectors as obstacles
from thongsuot.procedures import selectors as procedures


def _by_province(reader, key: str) -> dict[int, int]:
    return {pk: n or 0 for pk, (n, _d) in BY_KEY[key].read(reader, Place()).items() if pk is not None}


@transaction.atomic
def snapshot_take(*, day: date | None = None) -> int:
    """Write today's figures per province (replacing the day's rows: running it twice is harmless)."""
    reader = selectors.national_reader()
    if reader is None:
        return 0
    day = day or timezone.localdate()
    totals = dict(obstacles.visible_obstacles(reader).order_by().values_list("province_id")
                  .annotate(n=Count("id")).values_list("province_id", "n"))
    done = dict(obstacles.visible_obstacles(reader).order_by().filter(resolved_at__isnull=False)
                .values_list("province_id").annotate(n=Count("id")).values_list("province_id", "n"))
    columns = {"cases_open": _by_province(reader, "open_cases"), "cases_overdue": _by_province(reader, "overdue_cases"),
               "task_troubles": _by_province(reader, "task_troubles"), "shortage": _by_province(reader, "shortage"),
               "surplus_open": _by_province(reader, "surplus"), "equipment_gap": _by_province(reader, "equipment_gap"),
               "poorly_connected": _by_province(reader, "poorly_connected")}
    _total, dossiers = procedures.figures(user=reader, start=day, end=day, group_by="province")
    dossier_rows = {int(f.key): f for f in dossiers if f.key}
    now = timezone.now()
    rows = []
    for pk in Province.objects.order_by("pk").values_list("pk", flat=True):
        figures = dossier_rows.get(pk)
        rows.append(CampaignSnapshot(
            day=day, province_id=pk, cases_total=totals.get(pk, 0), cases_done=done.get(pk, 0),
            dossiers_done=figures.done if figures else 0,
            dossiers_on_time=(figures.done_early + figures.done_on_time) if figures else 0, taken_at=now,
            **{name: values.get(pk, 0) for name, values in columns.items()}))
    CampaignSnapshot.objects.filter(day=day).delete()
    CampaignSnapshot.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def snapshot_backfill(*, days: int = 56, as_of: date | None = None) -> int:
    """Fill the `days` before `as_of` for the demo, so its charts have a history on the day it is seeded.

    What the records date (cases filed and resolved, overdue by due date, dossiers finished each day)
    is recomputed for each past day; the registries' levels (shortage, surplus, equipment,
    connectivity, task troubles) keep no history, so the demo eases them back from today's value by
    up to a third over the period, marked `is_sample`. Days that already have a snapshot are kept.
    """
    reader = selectors.national_reader()
    if reader is None:
        return 0
    as_of = as_of or timezone.localdate()
    if not CampaignSnapshot.objects.filter(day=as_of).exists():
        snapshot_take(day=as_of)
    today = {r.province_id: r for r in CampaignSnapshot.objects.filter(day=as_of)}
    existing = set(CampaignSnapshot.objects.filter(day__lt=as_of, day__gte=as_of - timedelta(days=days))
                   .values_list("day", flat=True))
    cases = list(obstacles.visible_obstacles(reader).order_by().annotate(
        created_day=TruncDate("created_at"), resolved_day=TruncDate("resolved_at"))
        .values_list("province_id", "created_day", "resolved_day", "due_date"))
    daily = _dossiers_by_day(reader, as_of - timedelta(days=days), as_of)
    now = timezone.now()
    rows = []
    for back in range(1, days + 1):
        day = as_of - timedelta(days=back)
        if day in existing:
            continue
        ease = 1 + (back / days) / 3
        counts: dict[int, list[int]] = {}
        for province_id, created, resolved, due in cases:
            if created is None or created > day:
                continue
            entry = counts.setdefault(province_id, [0, 0, 0, 0])
            entry[0] += 1
            if resolved is not None and resolved <= day:
                entry[1] += 1
            else:
                entry[2] += 1
                if due is not None and due < day:
                    entry[3] += 1
        for pk, now_row in today.items():
            total, done, open_, overdue = counts.get(pk, [0, 0, 0, 0])
            done_day, on_time_day = daily.get((pk, day), (0, 0))
            rows.append(CampaignSnapshot(
                day=day, province_id=pk, cases_total=total, cases_done=done, cases_open=open_, cases_overdue=overdue,
                task_troubles=round(now_row.task_troubles * ease), shortage=round(now_row.shortage * ease),
                surplus_open=round(now_row.surplus_open * ease), equipment_gap=round(now_row.equipment_gap * ease),
                poorly_connected=round(now_row.poorly_connected * ease), dossiers_done=done_day,
                dossiers_on_time=on_time_day, is_sample=True, taken_at=now))
    CampaignSnapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _dossiers_by_day(reader, start: date, end: date) -> dict[tuple[int, date], tuple[int, int]]:
    """(province, day) → (finished, finished on time), one grouped read per day of the period."""
    result = {}
    day = start
    while day < end:
        _total, rows = procedures.figures(user=reader, start=day, end=day, group_by="province")
        for f in rows:
            if f.key and f.done:
                result[(int(f.key), day)] = (f.done, f.done_early + f.done_on_time)
        day += timedelta(days=1)
    return result

