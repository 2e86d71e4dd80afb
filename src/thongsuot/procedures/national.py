"""National-scale dossiers for benchmarks: `thongsuot seed-national --dossiers N`.

Rows are generated in Python with realistic shares (about 60 % online, about 99 % of
finished dossiers on time, a few supplement requests, withdrawals and open dossiers)
and loaded with COPY on PostgreSQL (bulk_create elsewhere) in one transaction — for a large load
with the tables' indexes and foreign keys built after it (`core.bulkload`). The figures the
generated steps add to the daily summary are counted while generating and added in one batch,
exactly as the services would have bumped them (`dossier-stats --verify` confirms it).
Dossiers are dated up to yesterday; each agency's daily sequence continues from its counter
row (and the counters are saved), so generated codes never collide with dossiers received
through the desk or with an earlier run.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from thongsuot.accounts.models import Agency, Level
from thongsuot.core import calendar
from thongsuot.core.bulkload import analyze, copy_rows, deferred_constraints, worth_deferring
from thongsuot.procedures.catalogue import catalogue_seed
from thongsuot.procedures.models import (
    Channel,
    Dossier,
    DossierCounter,
    DossierDailyStat,
    DossierEvent,
    DossierProvinceDailyStat,
    Outcome,
    Procedure,
    Status,
)
from thongsuot.procedures.partitions import partitions_ensure
from thongsuot.procedures.stats import stats_add

DOSSIER_COLUMNS = ["id", "code", "procedure_id", "province_id", "commune_id", "agency_id", "channel", "status",
                   "applicant_name", "applicant_phone", "applicant_email", "applicant_address", "note",
                   "registered_at", "received_at", "received_on", "due_date", "extended_due_date", "paused_since",
                   "paused_days", "supplement_count", "extension_count", "finished_on", "returned_on", "outcome",
                   "submission_key", "version", "created_by_id"]
EVENT_COLUMNS = ["dossier_id", "dossier_registered_at", "province_id", "commune_id", "kind", "from_status", "to_status", "at", "actor_id",
                 "note", "due_date", "new_appointment", "paused_working_days"]


def add_arguments(parser):
    parser.add_argument("--dossiers", type=int, default=0, help="Số hồ sơ TTHC cần tạo (0: không tạo).")
    parser.add_argument("--dossier-days", type=int, default=365, help="Trải hồ sơ trên bao nhiêu ngày gần nhất.")


class _Days:
    """Working-day arithmetic memoised over the generated range (the calendar is per-day otherwise)."""

    def __init__(self, first: date, last: date):
        self.days = []
        day = first - timedelta(days=40)
        while day <= last + timedelta(days=120):
            self.days.append(day)
            day += timedelta(days=1)
        self.working = [d for d in self.days if calendar.is_working_day(d)]
        self.index = {d: i for i, d in enumerate(self.working)}
        self.next_index = {}
        pointer = 0
        for d in self.days:
            while pointer < len(self.working) and self.working[pointer] < d:
                pointer += 1
            self.next_index[d] = pointer

    def add(self, start: date, n: int) -> date:
        """The n-th working day after the first working day on or after `start` (as `due_date_for`)."""
        base = self.next_index[start]
        return self.working[min(base + n, len(self.working) - 1)]

    def later(self, start: date, n: int) -> date:
        return self.working[min(self.next_index[start] + n, len(self.working) - 1)]


def _plan(rng: random.Random, received: date, limit: int, days: _Days, yesterday: date):
    """Return (status, due at receipt, final due, finished_on, returned_on, outcome, supplements, paused,
    steps) for one dossier; each step is (kind, day, from status, to status, due after it, days paused)."""
    due0 = due = days.add(received, limit)
    roll = rng.random()
    if roll < 0.01:
        finished = days.later(received, 1)
        if finished <= yesterday:
            return (Status.WITHDRAWN, due0, due, finished, None, "", 0, 0,
                    [("withdraw", finished, Status.RECEIVED, Status.WITHDRAWN, due, 0)])
    steps = []
    waits = [rng.randint(1, 4)] if roll < 0.06 else [rng.randint(1, 3), rng.randint(1, 2)] if roll < 0.065 else []
    paused, day = 0, received
    for wait in waits:                  # a request on the day the dossier is looked at, the answer `wait` days later
        arrival = days.later(day, wait)
        if arrival > yesterday:
            break
        steps.append(("supplement_request", day, Status.RECEIVED if not steps else Status.PROCESSING,
                      Status.SUPPLEMENT, due, 0))
        due = days.later(due, wait)
        paused += wait
        steps.append(("supplement_received", arrival, Status.SUPPLEMENT, Status.PROCESSING, due, wait))
        day = arrival
    supplements = len(steps) // 2
    outcome_roll = rng.random()
    if outcome_roll < 0.008:
        finish_offset = limit + paused + rng.randint(1, 5)             # late
    elif outcome_roll < 0.15:
        finish_offset = limit + paused                                   # on the due date
    else:
        finish_offset = rng.randint(paused, max(paused, limit + paused - 1))   # early
    finished = days.later(received, finish_offset)
    last_status = steps[-1][3] if steps else Status.RECEIVED
    if finished > yesterday:
        return last_status, due0, due, None, None, "", supplements, paused, steps
    outcome = Outcome.LATE if supplements > 1 or finished > due else (
        Outcome.EARLY if finished < due else Outcome.ON_TIME)
    steps.append(("finish", finished, last_status, Status.PROCESSED, due, 0))
    returned = days.later(finished, rng.choice([0, 0, 1, 2]))
    if returned > yesterday or rng.random() < 0.03:
        return Status.PROCESSED, due0, due, finished, None, outcome, supplements, paused, steps
    steps.append(("return_result", returned, Status.PROCESSED, Status.RETURNED, due, 0))
    return Status.RETURNED, due0, due, finished, returned, outcome, supplements, paused, steps


def seed_national(options, out) -> None:
    total = int(options.get("dossiers") or 0)
    if total <= 0:
        return
    started = time.monotonic()
    procedures = list(Procedure.objects.filter(is_active=True, is_internal=False).values_list("id", "time_limit_days"))
    if not procedures:
        catalogue_seed()
    # One transaction: a failed run leaves neither half the dossiers nor a table without its indexes.
    with transaction.atomic():
        # PostgreSQL: the months the dossiers fall in get their partitions (not the DEFAULT one).
        partitions_ensure(first=timezone.localdate() - timedelta(days=max(1, int(options.get("dossier_days")
                                                                               or 365))))
        defer = worth_deferring(Dossier, total)
        if defer:
            out.write("  Tạm bỏ chỉ mục, khóa ngoại của bảng hồ sơ trong khi nạp (dựng lại sau khi nạp).")
        with deferred_constraints(Dossier, DossierEvent, enabled=defer):
            figures = _generate(total, options, out, started)
        if defer:
            out.write(f"  Đã dựng lại chỉ mục ({time.monotonic() - started:.0f} giây).")
        _reset_sequence(Dossier)
        stats_add(figures)
    analyze(Dossier, DossierEvent, DossierDailyStat, DossierProvinceDailyStat)
    out.write(f"  Đã tạo {total:,} hồ sơ TTHC và {len(figures):,} dòng số liệu xã-ngày trong "
              f"{time.monotonic() - started:.0f} giây.")


def _generate(total: int, options, out, started: float) -> dict[tuple[int, int, date], dict[str, int]]:
    """Generate and load `total` dossiers with their steps; return the figures they add (as intake would)."""
    rng = random.Random(options.get("seed", 2025))
    procedures = list(Procedure.objects.filter(is_active=True, is_internal=False).values_list("id", "time_limit_days"))
    agencies = list(Agency.objects.filter(level=Level.COMMUNE).values("id", "code", "province_id", "commune_id"))
    weights = [rng.uniform(0.3, 3.0) for _ in agencies]
    yesterday = timezone.localdate() - timedelta(days=1)
    first = yesterday - timedelta(days=max(1, int(options.get("dossier_days") or 365)) - 1)
    days = _Days(first, yesterday)
    received_days = [d for d in days.working if first <= d <= yesterday]
    next_id = (Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    # Continue each agency's daily sequence where intake (or an earlier run) left it.
    sequences: dict[tuple[int, date], int] = {
        (agency_id, day): last for agency_id, day, last in
        DossierCounter.objects.filter(day__gte=first, day__lte=yesterday).values_list("agency_id", "day", "last")
        .iterator(chunk_size=20_000)}
    touched: set[tuple[int, date]] = set()
    figures: dict[tuple[int, int, date], dict[str, int]] = {}

    def count(province_id: int, commune_id: int, day: date, name: str) -> None:
        row = figures.get((province_id, commune_id, day))
        if row is None:
            row = figures[(province_id, commune_id, day)] = {}
        row[name] = row.get(name, 0) + 1

    batch_size = 50_000
    made = 0
    tz = timezone.get_current_timezone()
    while made < total:
        size = min(batch_size, total - made)
        dossiers, events = [], []
        chosen = rng.choices(agencies, weights=weights, k=size)
        for agency in chosen:
            received = rng.choice(received_days)
            procedure_id, limit = rng.choice(procedures)
            key = (agency["id"], received)
            sequences[key] = sequences.get(key, 0) + 1
            touched.add(key)
            status, due0, due, finished, returned, outcome, supplements, paused, steps = _plan(
                rng, received, limit, days, yesterday)
            moment = datetime(received.year, received.month, received.day, rng.randint(7, 16), rng.randint(0, 59),
                              tzinfo=tz)
            channel = Channel.ONLINE if rng.random() < 0.6 else rng.choice([Channel.IN_PERSON] * 9 + [Channel.POST])
            dossier_id = next_id
            next_id += 1
            province_id, commune_id = agency["province_id"], agency["commune_id"]
            dossiers.append([
                dossier_id, f"{agency['code']}-{received:%y%m%d}-{sequences[key]:04d}", procedure_id,
                province_id, commune_id, agency["id"], int(channel), int(status),
                "Công dân (dữ liệu giả lập)", "", "", "", "", moment, moment, received, due, None, None, paused,
                supplements, 0, finished, returned, outcome, "", 1, None])
            base = [dossier_id, moment, province_id, commune_id]
            events.append([*base, "register", None, 1, moment, None, "", None, None, 0])
            events.append([*base, "receive", 1, 2, moment, None, "", due0, None, 0])
            for number, (kind, day, source, target, due_after, waited) in enumerate(steps, start=1):
                at = max(moment, datetime(day.year, day.month, day.day, 15, 0, tzinfo=tz)) + timedelta(seconds=number)
                events.append([*base, kind, int(source), int(target), at, None, "", due_after, None, waited])
            # The figures these steps add, exactly as the services would have bumped them.
            count(province_id, commune_id, received, "received")
            if channel == Channel.ONLINE:
                count(province_id, commune_id, received, "received_online")
            if status == Status.WITHDRAWN:
                count(province_id, commune_id, finished, "withdrawn")
            elif finished is None:
                count(province_id, commune_id, due, "open_due")
            else:
                count(province_id, commune_id, finished, f"done_{outcome}")
                if returned is not None:
                    count(province_id, commune_id, returned, "returned")
        copy_rows(Dossier, DOSSIER_COLUMNS, dossiers)
        copy_rows(DossierEvent, EVENT_COLUMNS, events)
        made += size
        out.write(f"  Hồ sơ TTHC: {made:,}/{total:,} ({time.monotonic() - started:.0f} giây)")
    counters = [DossierCounter(agency_id=a, day=d, last=sequences[(a, d)]) for a, d in touched]
    DossierCounter.objects.bulk_create(counters, batch_size=5000, update_conflicts=True,
                                       unique_fields=["agency", "day"], update_fields=["last"])
    return figures


def _reset_sequence(model) -> None:
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")

