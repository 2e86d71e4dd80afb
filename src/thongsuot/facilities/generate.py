"""Generated sample data for whole provinces or the whole country, written in bulk.

Used by `demo.py` (the demo provinces) and `national.py` (all 3,321 communes). The figures
are invented but shaped on the 2025 reports: about 10 premises per commune (the new
headquarters and those left by the former units), about 85 % of the others surplus, two
thirds of those already handled; 97 % of communes with a car.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from thongsuot.accounts.models import User
from thongsuot.facilities.models import (
    CommuneReadiness,
    Connectivity,
    DigitalPlatform,
    EquipmentNeed,
    Facility,
    FacilityKind,
    FacilityStatus,
    HandlingPlan,
    HandlingPlanEvent,
    Outage,
    PlanMethod,
    PlanState,
)
from thongsuot.facilities.readiness import CommuneFigures
from thongsuot.facilities.services import readiness_row
from thongsuot.geo.models import Commune, FormerUnit

SEED_USERNAME = "he-thong.du-lieu-mau"

#: Shares of handled plans by method, after the late-2025 figures (offices kept, education first).
METHOD_WEIGHTS = [(PlanMethod.KEEP, 35), (PlanMethod.KEEP_PART, 10), (PlanMethod.TO_EDUCATION, 23),
                  (PlanMethod.TO_CULTURE_SPORTS, 7.5), (PlanMethod.TO_HEALTH, 4.5), (PlanMethod.TO_POLICE, 5),
                  (PlanMethod.TO_OTHER_PUBLIC, 4), (PlanMethod.TRANSFER, 3), (PlanMethod.HAND_TO_LOCALITY, 4),
                  (PlanMethod.RECLAIM, 1), (PlanMethod.AUCTION, 1.5), (PlanMethod.LEASE, 1), (PlanMethod.LIQUIDATE, 1)]
SALE_REASON = ("Đã lấy ý kiến ngành y tế, giáo dục, văn hóa - thể thao và công an xã: không có nhu cầu sử dụng; "
               "vị trí không phù hợp quy hoạch công trình công cộng.")
OTHER_USES = [(FacilityKind.CULTURAL_HOUSE, "Nhà văn hóa"), (FacilityKind.PUBLIC_SERVICE, "Trạm khuyến nông"),
              (FacilityKind.OTHER, "Nhà kho"), (FacilityKind.PUBLIC_SERVICE, "Trung tâm văn hóa - thể thao"),
              (FacilityKind.CULTURAL_HOUSE, "Hội trường"), (FacilityKind.OTHER, "Khu đất trống")]
CAUSES = ["Đứt cáp quang do thi công", "Mất điện lưới", "Bão, mưa lớn", "Hỏng thiết bị chuyển mạch",
          "Sự cố đường truyền của nhà mạng", "Chưa rõ nguyên nhân"]


def seed_user() -> User:
    user, _created = User.objects.get_or_create(username=SEED_USERNAME, defaults={
        "full_name": "Dữ liệu mẫu (hệ thống)", "password": make_password(None), "is_active": False})
    return user


def _method(rng: random.Random) -> str:
    methods, weights = zip(*METHOD_WEIGHTS, strict=True)
    return rng.choices(methods, weights=weights)[0]


def generate(communes, *, seed: int = 2025, premises_range=(7, 14), out=None) -> dict:
    """Create premises, plans, equipment, connectivity, platforms, outages and readiness rows in bulk
    for the given communes (those that already have premises are skipped)."""
    actor = seed_user()
    today = timezone.localdate()
    now = timezone.now()
    communes = list(communes)
    done = set(Facility.objects.filter(commune__in=communes).values_list("commune_id", flat=True).distinct())
    communes = [c for c in communes if c.pk not in done]
    former = {}
    for unit in FormerUnit.objects.filter(commune__in=communes).only("id", "commune_id", "name"):
        former.setdefault(unit.commune_id, []).append(unit)
    counts = {"communes": len(communes), "facilities": 0, "plans": 0}
    batch = 400
    for start in range(0, len(communes), batch):
        with transaction.atomic():
            part = communes[start:start + batch]
            counts_part = _generate_batch(part, former, actor, seed, premises_range, today, now)
            for key in ("facilities", "plans"):
                counts[key] += counts_part[key]
        if out is not None and len(communes) > batch:
            out.write(f"  … {min(start + batch, len(communes))}/{len(communes)} xã")
    return counts


def _generate_batch(communes, former, actor, seed, premises_range, today, now) -> dict:
    facilities, plan_specs, needs, links, platforms, outages = [], [], [], [], [], []
    figures: dict[int, CommuneFigures] = {}
    for commune in communes:
        rng = random.Random(f"{seed}-{commune.code}")
        fig = figures[commune.pk] = CommuneFigures()
        units = former.get(commune.pk, [])
        count = rng.randint(*premises_range)
        facilities.append(Facility(
            province_id=commune.province_id, commune=commune, name=f"Trụ sở UBND {commune.name}",
            kind=FacilityKind.HEADQUARTERS, address=f"Trung tâm {commune.name}",
            land_area_m2=Decimal(rng.randint(1500, 6000)), floor_area_m2=Decimal(rng.randint(900, 3500)),
            year_built=rng.randint(1995, 2022), condition=rng.choices(["tot", "kha", "xuong_cap", "hu_hong"],
                                                                      [50, 35, 12, 3])[0],
            current_use="Trụ sở HĐND và UBND", status=FacilityStatus.IN_USE, manager="Văn phòng HĐND và UBND"))
        for i in range(count - 1):
            unit = units[i % len(units)] if units else None
            place = unit.name if unit else commune.name
            if i < len(units):
                kind, label = FacilityKind.HEADQUARTERS, "Trụ sở UBND"
            else:
                kind, label = rng.choice(OTHER_USES)
            roll = rng.random()
            status = (FacilityStatus.SURPLUS if roll < 0.852 else
                      FacilityStatus.PARTLY_USED if roll < 0.93 else FacilityStatus.IN_USE)
            facility = Facility(
                province_id=commune.province_id, commune=commune, former_unit=unit, name=f"{label} {place} (cũ)",
                kind=kind, address=f"{place}, {commune.name}", land_area_m2=Decimal(rng.randint(200, 5000)),
                floor_area_m2=Decimal(rng.randint(80, 2000)), year_built=rng.randint(1975, 2018),
                condition=rng.choices(["tot", "kha", "xuong_cap", "hu_hong"], [15, 40, 35, 10])[0],
                current_use="Bỏ trống" if status == FacilityStatus.SURPLUS else "Bộ phận một cửa (điểm phụ)",
                status=status, manager="UBND " + commune.name)
            facilities.append(facility)
            if status == FacilityStatus.SURPLUS:
                plan_specs.append((facility, _plan_spec(rng, today)))
        _equipment(rng, commune, needs)
        _connectivity(rng, commune, links)
        _platforms(rng, commune, platforms)
        for _n in range(rng.choices([0, 1, 2, 3], [40, 30, 20, 10])[0]):
            started = now - timedelta(days=rng.randint(1, 180), minutes=rng.randint(0, 1440))
            outages.append(Outage(province_id=commune.province_id, commune=commune, started_at=started,
                                  ended_at=started + timedelta(minutes=rng.randint(10, 2880)), cause=rng.choice(CAUSES),
                                  recorded_by=actor))
    for facility, spec in plan_specs:
        if spec is not None:
            facility.plan_method, facility.plan_state, facility.plan_deadline = spec["method"], spec["state"], spec[
                "deadline"]
    for facility in facilities:
        facility.refresh_search_key()
    Facility.objects.bulk_create(facilities, batch_size=2000)
    plans, events = [], []
    for facility, spec in plan_specs:
        if spec is None:
            continue
        plans.append(HandlingPlan(facility=facility, province_id=facility.province_id, commune_id=facility.commune_id,
                                  method=spec["method"], state=spec["state"], deadline=spec["deadline"],
                                  decision_number=spec["decision_number"], approval_date=spec["approval_date"],
                                  done_date=spec["done_date"], created_by=actor,
                                  reason_not_priority=SALE_REASON if spec["method"] in ("dau_gia", "cho_thue",
                                                                                        "thanh_ly") else ""))
    HandlingPlan.objects.bulk_create(plans, batch_size=2000)
    for plan in plans:
        events.append(HandlingPlanEvent(plan=plan, kind="propose", to_state=PlanState.PROPOSED, actor=actor))
        if plan.state in (PlanState.APPROVED, PlanState.DONE):
            events.append(HandlingPlanEvent(plan=plan, kind="approve", from_state=PlanState.PROPOSED,
                                            to_state=PlanState.APPROVED, actor=actor,
                                            note=f"Quyết định số {plan.decision_number}"))
        if plan.state == PlanState.DONE:
            events.append(HandlingPlanEvent(plan=plan, kind="complete", from_state=PlanState.APPROVED,
                                            to_state=PlanState.DONE, actor=actor))
    HandlingPlanEvent.objects.bulk_create(events, batch_size=5000)
    EquipmentNeed.objects.bulk_create(needs, batch_size=5000)
    Connectivity.objects.bulk_create(links, batch_size=2000)
    DigitalPlatform.objects.bulk_create(platforms, batch_size=5000)
    Outage.objects.bulk_create(outages, batch_size=5000)
    for f in facilities:
        figures[f.commune_id].add_facility(kind=f.kind, status=f.status, condition=f.condition,
                                           plan_state=f.plan_state)
    for n in needs:
        figures[n.commune_id].equipment[n.category] = (n.required, n.available)
    for link in links:
        fig = figures[link.commune_id]
        fig.broadband_mbps, fig.mobile_coverage = link.broadband_mbps, link.mobile_coverage
        fig.government_network, fig.video_conference_ready = link.government_network, link.video_conference_ready
    for p in platforms:
        figures[p.commune_id].add_platform(system=p.system, connected=p.connected_to_province)
    CommuneReadiness.objects.filter(commune__in=communes).delete()
    CommuneReadiness.objects.bulk_create([readiness_row(c.pk, c.province_id, figures[c.pk]) for c in communes],
                                         batch_size=2000)
    return {"facilities": len(facilities), "plans": len(plans)}


def _plan_spec(rng: random.Random, today) -> dict | None:
    """Two thirds handled; of the rest, some without a plan, some proposed, some approved (a few overdue)."""
    roll = rng.random()
    method = _method(rng)
    approval = today - timedelta(days=rng.randint(20, 150))
    spec = {"method": method, "decision_number": "", "approval_date": None, "done_date": None}
    if roll < 0.667:
        done = min(approval + timedelta(days=rng.randint(5, 90)), today)
        return {**spec, "state": PlanState.DONE, "decision_number": f"{rng.randint(1, 999)}/QĐ-UBND",
                "approval_date": approval, "deadline": approval + timedelta(days=rng.randint(60, 180)), "done_date": done}
    if roll < 0.78:
        return None
    if roll < 0.86:
        return {**spec, "state": PlanState.PROPOSED, "deadline": today + timedelta(days=rng.randint(-10, 120))}
    return {**spec, "state": PlanState.APPROVED, "decision_number": f"{rng.randint(1, 999)}/QĐ-UBND",
            "approval_date": approval, "deadline": approval + timedelta(days=rng.randint(20, 200))}


def _equipment(rng, commune, needs) -> None:
    base = 40 if commune.kind == Commune.Kind.PHUONG else 32
    plan = {"may_tinh": base + rng.randint(0, 25), "may_in": rng.randint(8, 20), "may_quet": rng.randint(3, 10),
            "mang": rng.randint(2, 6), "hop_truc_tuyen": rng.randint(1, 2), "xe_o_to": rng.randint(1, 2)}
    for category, required in plan.items():
        if category == "xe_o_to":
            available = 0 if rng.random() < 0.027 else rng.randint(1, required)
        else:
            available = min(required, int(required * rng.uniform(0.55, 1.05)))
        needs.append(EquipmentNeed(province_id=commune.province_id, commune=commune, category=category,
                                   required=required, available=available))


def _connectivity(rng, commune, links) -> None:
    remote = commune.is_mountainous or commune.is_island
    speed = rng.randint(4, 60) if remote else rng.randint(30, 500)
    coverage = rng.choices(["5g", "4g", "3g", "yeu", "khong"], [5, 25, 35, 30, 5] if remote else [35, 55, 8, 2, 0])[0]
    links.append(Connectivity(province_id=commune.province_id, commune=commune, broadband_mbps=Decimal(speed),
                              mobile_coverage=coverage, government_network=rng.random() < (0.75 if remote else 0.95),
                              video_conference_ready=rng.random() < (0.7 if remote else 0.93)))


def _platforms(rng, commune, platforms) -> None:
    for system in ("quan_ly_van_ban", "mot_cua", "chu_ky_so"):
        if rng.random() < 0.96:
            platforms.append(DigitalPlatform(province_id=commune.province_id, commune=commune, system=system,
                                             connected_to_province=rng.random() < 0.82))
    if rng.random() < 0.3:
        platforms.append(DigitalPlatform(province_id=commune.province_id, commune=commune, system="khac",
                                         name="Hệ thống camera, loa truyền thanh thông minh",
                                         connected_to_province=rng.random() < 0.5))
