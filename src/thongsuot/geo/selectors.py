"""Reads about the administrative units that need no user: the units are public knowledge."""

import random
from functools import lru_cache

from thongsuot.geo.matching import UnitIndex, province_key
from thongsuot.geo.models import Commune, FormerUnit, Province


def communes_sample(*, per_province: int, seed: int, exclude_provinces=()) -> list[Commune]:
    """Return `per_province` communes of each province, drawn the same way every time (for sample data)."""
    rng = random.Random(seed)
    by_province: dict[int, list[Commune]] = {}
    for commune in Commune.objects.exclude(province__code__in=exclude_provinces).select_related("province") \
            .order_by("code"):
        by_province.setdefault(commune.province_id, []).append(commune)
    return [c for communes in by_province.values() for c in rng.sample(communes, k=min(per_province, len(communes)))]


def unit_index() -> UnitIndex:
    """Return a fresh index of every unit for matching the names in a file (build it once per import)."""
    return UnitIndex.build()


def provinces_named(query: str) -> frozenset[str]:
    """Return the codes of the provinces that `query` names as a whole: "dak lak", "TP HCM", "hue",
    "Thanh Hoá", a former province ("Bình Dương"); empty when it names none (a part of a name, a commune)."""
    return _province_names().get(province_key(query[:100]), frozenset())


@lru_cache(maxsize=1)
def _province_names() -> dict[str, frozenset[str]]:
    # The units change only when `load-units` runs (it clears this); codes, unlike ids, survive a reload.
    names: dict[str, set[str]] = {}
    for code, name, short_name in Province.objects.values_list("code", "name", "short_name"):
        for key in (province_key(name), province_key(short_name), f"#{code}"):
            names.setdefault(key, set()).add(code)
    current = set(names)
    for former_name, code in FormerUnit.objects.values_list("province_name", "commune__province__code").distinct():
        key = province_key(former_name)
        if key not in current:
            names.setdefault(key, set()).add(code)
    return {key: frozenset(codes) for key, codes in names.items() if codes}


def forget_province_names() -> None:
    """Drop the cached province names (after the units were loaded again)."""
    _province_names.cache_clear()
