"""Reads about the administrative units that need no user: the units are public knowledge."""

import random

from thongsuot.geo.models import Commune


def communes_sample(*, per_province: int, seed: int, exclude_provinces=()) -> list[Commune]:
    """Return `per_province` communes of each province, drawn the same way every time (for sample data)."""
    rng = random.Random(seed)
    by_province: dict[int, list[Commune]] = {}
    for commune in Commune.objects.exclude(province__code__in=exclude_provinces).select_related("province") \
            .order_by("code"):
        by_province.setdefault(commune.province_id, []).append(commune)
    return [c for communes in by_province.values() for c in rng.sample(communes, k=min(per_province, len(communes)))]
