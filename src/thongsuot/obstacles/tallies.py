"""Summary counts of cases, kept current inside each service's transaction.

`ObstacleTally` counts every case by province, ministry, status, domain and level;
`ObstacleDueTally` counts open cases by province, ministry and due date (for overdue
figures); `ObstacleCommuneTally` counts open cases by commune, ministry and due date (the campaign's
per-commune open and overdue figures). `RequestOpenTally` and `RequestDaysTally` do the same for written requests (open by due
date; answered by working days taken). Services call `move` with the case's key before and after each change;
`rebuild` recomputes both from the case table (after bulk loads)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import BooleanField, Case, Count, F, Value, When

from thongsuot.obstacles.models import (
    OPEN_STATUSES,
    EscalationRequest,
    Obstacle,
    ObstacleCommuneTally,
    ObstacleDueTally,
    ObstacleTally,
    RequestDaysTally,
    RequestOpenTally,
)


def key_of(obstacle: Obstacle) -> tuple:
    is_open = obstacle.status in OPEN_STATUSES
    due = obstacle.due_date if is_open else None
    return (obstacle.province_id, obstacle.ministry_id or 0, obstacle.status, obstacle.domain, obstacle.level, due,
            obstacle.commune_id or 0, is_open)


def _add(model, fields: dict, delta: int) -> None:
    if not model.objects.filter(**fields).update(n=F("n") + delta):
        model.objects.get_or_create(**fields, defaults={"n": 0})
        model.objects.filter(**fields).update(n=F("n") + delta)


def _main(key: tuple | None) -> dict | None:
    if key is None:
        return None
    province_id, ministry_key, status, domain, level = key[:5]
    return {"province_id": province_id, "ministry_key": ministry_key, "status": status, "domain": domain,
            "level": level}


def _due(key: tuple | None) -> dict | None:
    if key is None or key[5] is None:
        return None
    return {"province_id": key[0], "ministry_key": key[1], "due_date": key[5]}


def _commune(key: tuple | None) -> dict | None:
    if key is None or not key[7]:
        return None
    return {"province_id": key[0], "commune_key": key[6], "ministry_key": key[1], "due_date": key[5]}


def move(before: tuple | None, after: tuple | None) -> None:
    """Count a case out of its old key and into its new one (touching only the rows that change)."""
    for model, part in ((ObstacleTally, _main), (ObstacleDueTally, _due), (ObstacleCommuneTally, _commune)):
        old, new = part(before), part(after)
        if old == new:
            continue
        if old is not None:
            _add(model, old, -1)
        if new is not None:
            _add(model, new, 1)


@transaction.atomic
def rebuild() -> int:
    ObstacleTally.objects.all().delete()
    ObstacleDueTally.objects.all().delete()
    rows = (Obstacle.objects.order_by().values("province_id", "ministry_id", "status", "domain", "level")
            .annotate(n=Count("id")))
    ObstacleTally.objects.bulk_create([
        ObstacleTally(province_id=r["province_id"], ministry_key=r["ministry_id"] or 0, status=r["status"],
                      domain=r["domain"], level=r["level"], n=r["n"]) for r in rows], batch_size=2000)
    due_rows = (Obstacle.objects.order_by().filter(status__in=OPEN_STATUSES, due_date__isnull=False)
                .values("province_id", "ministry_id", "due_date").annotate(n=Count("id")))
    ObstacleDueTally.objects.bulk_create([
        ObstacleDueTally(province_id=r["province_id"], ministry_key=r["ministry_id"] or 0, due_date=r["due_date"],
                         n=r["n"]) for r in due_rows], batch_size=2000)
    rebuild_communes()
    return len(rows)


def commune_rows(cases) -> list[dict]:
    """The per-commune open rows of `cases` (also the data migration's fill)."""
    return list(cases.order_by().filter(status__in=OPEN_STATUSES).values("province_id", "commune_id", "ministry_id",
                                                                          "due_date").annotate(n=Count("id")))


@transaction.atomic
def rebuild_communes() -> int:
    """Recompute the open cases by commune and due date from the case table."""
    ObstacleCommuneTally.objects.all().delete()
    rows = commune_rows(Obstacle.objects.all())
    ObstacleCommuneTally.objects.bulk_create([
        ObstacleCommuneTally(province_id=r["province_id"], commune_key=r["commune_id"] or 0,
                             ministry_key=r["ministry_id"] or 0, due_date=r["due_date"], n=r["n"]) for r in rows],
        batch_size=2000)
    return len(rows)


# Written requests: open ones by due date, answered ones by the working days they took.

def request_key(request: EscalationRequest) -> dict:
    return {"recipient_key": request.to_agency_id, "province_key": request.province_id or 0,
            "domain": request.domain or ""}


def request_sent(request: EscalationRequest) -> None:
    """Count a request just sent as open until its due date."""
    _add(RequestOpenTally, {**request_key(request), "answer_due": request.answer_due}, 1)


def request_answered(request: EscalationRequest) -> None:
    """Move a request whose answer is complete from the open rows to the days-taken histogram."""
    _add(RequestOpenTally, {**request_key(request), "answer_due": request.answer_due}, -1)
    _add(RequestDaysTally, {**request_key(request), "days": request.days_taken,
                            "on_time": request.answered_on <= request.answer_due}, 1)


@transaction.atomic
def rebuild_requests() -> int:
    """Recompute both request summaries from the requests (after bulk loads)."""
    RequestOpenTally.objects.all().delete()
    RequestDaysTally.objects.all().delete()
    sent = EscalationRequest.objects.order_by().filter(state=EscalationRequest.State.SENT,
                                                       answer_due__isnull=False)
    keys = ("to_agency_id", "province_id", "domain")
    open_rows = (sent.filter(answered_on__isnull=True).values(*keys, "answer_due").annotate(n=Count("id")))
    RequestOpenTally.objects.bulk_create([
        RequestOpenTally(recipient_key=r["to_agency_id"], province_key=r["province_id"] or 0, domain=r["domain"],
                         answer_due=r["answer_due"], n=r["n"]) for r in open_rows], batch_size=2000)
    done_rows = (sent.filter(answered_on__isnull=False, days_taken__isnull=False)
                 .annotate(on_time=Case(When(answered_on__lte=F("answer_due"), then=Value(True)), default=Value(False),
                                        output_field=BooleanField()))
                 .values(*keys, "days_taken", "on_time").annotate(n=Count("id")))
    RequestDaysTally.objects.bulk_create([
        RequestDaysTally(recipient_key=r["to_agency_id"], province_key=r["province_id"] or 0, domain=r["domain"],
                         days=r["days_taken"], on_time=r["on_time"], n=r["n"]) for r in done_rows], batch_size=2000)
    return len(open_rows) + len(done_rows)
