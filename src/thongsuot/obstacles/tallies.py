"""Summary counts of cases by province, ministry, status, domain and level.

Services call `move` with the case's key before and after each change, inside their
transaction; `rebuild` recomputes everything from the case table (after bulk loads)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F

from thongsuot.obstacles.models import Obstacle, ObstacleTally


def key_of(obstacle: Obstacle) -> tuple:
    return (obstacle.province_id, obstacle.ministry_id or 0, obstacle.status, obstacle.domain, obstacle.level)


def _add(key: tuple, delta: int) -> None:
    province_id, ministry_key, status, domain, level = key
    fields = {"province_id": province_id, "ministry_key": ministry_key, "status": status, "domain": domain,
              "level": level}
    if not ObstacleTally.objects.filter(**fields).update(n=F("n") + delta):
        ObstacleTally.objects.get_or_create(**fields, defaults={"n": 0})
        ObstacleTally.objects.filter(**fields).update(n=F("n") + delta)


def move(before: tuple | None, after: tuple | None) -> None:
    """Count a case out of its old key and into its new one."""
    if before == after:
        return
    if before is not None:
        _add(before, -1)
    if after is not None:
        _add(after, 1)


@transaction.atomic
def rebuild() -> int:
    ObstacleTally.objects.all().delete()
    rows = (Obstacle.objects.order_by().values("province_id", "ministry_id", "status", "domain", "level")
            .annotate(n=Count("id")))
    ObstacleTally.objects.bulk_create([
        ObstacleTally(province_id=r["province_id"], ministry_key=r["ministry_id"] or 0, status=r["status"],
                      domain=r["domain"], level=r["level"], n=r["n"]) for r in rows], batch_size=2000)
    return len(rows)
