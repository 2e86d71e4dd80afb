"""Summary counts of cases, kept current inside each service's transaction.

`ObstacleTally` counts every case by province, ministry, status, domain and level;
`ObstacleDueTally` counts open cases by province, ministry and due date (for overdue
figures). Services call `move` with the case's key before and after each change;
`rebuild` recomputes both from the case table (after bulk loads)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F

from thongsuot.obstacles.models import OPEN_STATUSES, Obstacle, ObstacleDueTally, ObstacleTally


def key_of(obstacle: Obstacle) -> tuple:
    due = obstacle.due_date if obstacle.status in OPEN_STATUSES else None
    return (obstacle.province_id, obstacle.ministry_id or 0, obstacle.status, obstacle.domain, obstacle.level, due)


def _add(model, fields: dict, delta: int) -> None:
    if not model.objects.filter(**fields).update(n=F("n") + delta):
        model.objects.get_or_create(**fields, defaults={"n": 0})
        model.objects.filter(**fields).update(n=F("n") + delta)


def _main(key: tuple | None) -> dict | None:
    if key is None:
        return None
    province_id, ministry_key, status, domain, level, _due = key
    return {"province_id": province_id, "ministry_key": ministry_key, "status": status, "domain": domain,
            "level": level}


def _due(key: tuple | None) -> dict | None:
    if key is None or key[5] is None:
        return None
    return {"province_id": key[0], "ministry_key": key[1], "due_date": key[5]}


def move(before: tuple | None, after: tuple | None) -> None:
    """Count a case out of its old key and into its new one (touching only the rows that change)."""
    for model, part in ((ObstacleTally, _main), (ObstacleDueTally, _due)):
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
    return len(rows)
