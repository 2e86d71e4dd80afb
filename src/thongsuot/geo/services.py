"""Load the administrative units from the maintained packages.

`vietnam-provinces` is the authority for what exists (34 provinces, 3,321 communes, their
official codes and names). `vietnamadminunits` adds coordinates, areas and the pre-2025
communes merged into each new one. The load is idempotent: run it again after a package
upgrade and rows are updated in place, never duplicated.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from thongsuot.core.text import fold
from thongsuot.geo.models import Commune, FormerUnit, Province
from thongsuot.geo.selectors import forget_province_names

_KIND_BY_DIVISION = {"xã": Commune.Kind.XA, "phường": Commune.Kind.PHUONG, "đặc khu": Commune.Kind.DAC_KHU}


@dataclass(frozen=True)
class LoadResult:
    provinces: int
    communes: int
    with_coordinates: int
    former_units: int


def _adminunits_dir() -> Path:
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).parent / "data"


def _geo_rows() -> tuple[dict[str, dict], dict[tuple[str, str], dict]]:
    """Return the package's commune rows by code and by (province code, folded name)."""
    with sqlite3.connect(_adminunits_dir() / "dataset.db") as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute(
            "SELECT provinceCode, provinceKey, provinceLat, provinceLon, ward, wardKey, wardCode,"
            " wardLat, wardLon, wardAreaKm2 FROM admin_units")]
    by_code = {r["wardCode"]: r for r in rows}
    by_name = {(r["provinceCode"], fold(r["ward"])): r for r in rows}
    return by_code, by_name


def _legacy_names() -> dict[str, tuple[str, str, str, str]]:
    """Map a legacy key `province_district_ward` to (code, ward, district, province) names."""
    with sqlite3.connect(_adminunits_dir() / "dataset.db") as conn:
        rows = conn.execute(
            "SELECT provinceKey, districtKey, wardKey, wardCode, ward, district, province FROM admin_units_legacy")
        return {f"{p}_{d}_{w}": (code or "", ward, district, province)
                for p, d, w, code, ward, district, province in rows}


def _lineage() -> dict[tuple[str, str], list[tuple[str, bool]]]:
    """Map (new province key, new ward key) to [(legacy key, whole?)]."""
    data = json.loads((_adminunits_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    lineage: dict[tuple[str, str], list[tuple[str, bool]]] = defaultdict(list)
    for province_key, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, legacy_keys in wards.items():
            for legacy_key in legacy_keys:
                lineage[(province_key, ward_key)].append((legacy_key, True))
    for province_key, legacy in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for legacy_key, targets in legacy.items():
            for target in targets:
                lineage[(province_key, target["newWardKey"])].append((legacy_key, False))
    return lineage


@transaction.atomic
def units_load(*, with_lineage: bool = True) -> LoadResult:
    """Create or update every province and commune from the packages."""
    from vietnam_provinces import Province as PkgProvince
    from vietnam_provinces import Ward as PkgWard

    by_code, by_name = _geo_rows()
    existing_provinces = {p.code: p for p in Province.objects.all()}
    provinces: dict[str, Province] = {}
    province_geo = {r["provinceCode"]: r for r in by_code.values()}
    for pkg in PkgProvince.iter_all():
        code = f"{int(pkg.code):02d}"
        is_city = pkg.division_type.value == "thành phố trung ương"
        short = pkg.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
        full = pkg.name if is_city else f"Tỉnh {short}"
        geo = province_geo.get(code, {})
        province = existing_provinces.get(code) or Province(code=code)
        province.name, province.short_name = full, short
        province.kind = Province.Kind.CITY if is_city else Province.Kind.PROVINCE
        province.latitude, province.longitude = geo.get("provinceLat"), geo.get("provinceLon")
        province.refresh_search_key()
        provinces[code] = province
    Province.objects.bulk_create([p for p in provinces.values() if p.pk is None])
    Province.objects.bulk_update([p for c, p in provinces.items() if c in existing_provinces],
                                 ["name", "short_name", "kind", "latitude", "longitude", "search_key"])
    provinces = {p.code: p for p in Province.objects.all()}

    existing = {c.code: c for c in Commune.objects.all()}
    communes: list[Commune] = []
    located = 0
    pkg_keys: dict[str, tuple[str, str]] = {}
    for pkg in PkgWard.iter_all():
        code = f"{int(pkg.code):05d}"
        province_code = f"{int(pkg.province_code):02d}"
        geo = by_code.get(code) or by_name.get((province_code, fold(pkg.name)))
        if geo and fold(geo["ward"]) != fold(pkg.name):
            geo = by_name.get((province_code, fold(pkg.name)))
        commune = existing.get(code) or Commune(code=code)
        commune.name = pkg.name
        commune.kind = _KIND_BY_DIVISION[pkg.division_type.value]
        commune.province = provinces[province_code]
        if geo:
            located += 1
            commune.latitude, commune.longitude = geo["wardLat"], geo["wardLon"]
            commune.area_km2 = round(geo["wardAreaKm2"], 2) if geo["wardAreaKm2"] is not None else None
            pkg_keys[code] = (geo["provinceKey"], geo["wardKey"])
        commune.refresh_search_key()
        communes.append(commune)
    Commune.objects.bulk_create([c for c in communes if c.pk is None], batch_size=1000)
    Commune.objects.bulk_update([c for c in communes if c.code in existing],
                                ["name", "kind", "province", "latitude", "longitude", "area_km2", "search_key"],
                                batch_size=1000)

    former_count = FormerUnit.objects.count()
    if with_lineage:
        former_count = _load_lineage(pkg_keys)
    transaction.on_commit(forget_province_names)
    forget_province_names()
    return LoadResult(provinces=len(provinces), communes=len(communes), with_coordinates=located,
                      former_units=former_count)


def _load_lineage(pkg_keys: dict[str, tuple[str, str]]) -> int:
    lineage = _lineage()
    legacy = _legacy_names()
    ids = dict(Commune.objects.values_list("code", "id"))
    rows = []
    for code, key in pkg_keys.items():
        for legacy_key, whole in lineage.get(key, []):
            names = legacy.get(legacy_key)
            if names is None:
                continue
            old_code, ward, district, province = names
            rows.append(FormerUnit(commune_id=ids[code], code=old_code, name=ward, district_name=district,
                                   province_name=province, whole=whole))
    FormerUnit.objects.all().delete()
    FormerUnit.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
