"""Generated staff for demo and national-scale data: realistic shortages in the named fields.

Everything here is sample data (names are drawn from common Vietnamese name parts); it is
written with bulk inserts and counted into the quota rows in the same pass.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from decimal import Decimal

from django.db import transaction

from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.models import Commune
from thongsuot.staffing import rules, services, tally
from thongsuot.staffing.models import (
    OrgUnit,
    PersonnelAction,
    StaffingQuota,
    StaffMember,
    TravelAllowancePolicy,
)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Giàng", "Lò", "Sùng", "Hà"]
MIDDLE = {"male": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân"],
          "female": ["Thị", "Ngọc", "Thu", "Hồng", "Thanh", "Minh", "Thùy", "Kim"]}
GIVEN = {"male": ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Minh", "Nam",
                  "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Vinh"],
         "female": ["Anh", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Phương", "Quỳnh",
                    "Tâm", "Thảo", "Trang", "Vân", "Yến", "Huyền", "Nhung", "Oanh"]}
QUALIFICATIONS = {
    StaffField.LAND: "Đại học Quản lý đất đai", StaffField.PLANNING: "Đại học Quy hoạch vùng và đô thị",
    StaffField.CONSTRUCTION: "Kỹ sư Xây dựng", StaffField.FINANCE: "Cử nhân Tài chính - Kế toán",
    StaffField.IT: "Kỹ sư Công nghệ thông tin", StaffField.EDUCATION: "Cử nhân Quản lý giáo dục",
    StaffField.HEALTH: "Cử nhân Y tế công cộng", StaffField.JUSTICE: "Cử nhân Luật",
    StaffField.CULTURE_SOCIAL: "Cử nhân Công tác xã hội", StaffField.AGRICULTURE_ENVIRONMENT: "Kỹ sư Nông nghiệp",
    StaffField.OTHER: "Cử nhân Hành chính học"}
#: Share of each field's quota that is filled, on average: IT, finance, land, education, health short;
#: general staff in surplus after the mergers.
FILL = {StaffField.LAND: 0.72, StaffField.PLANNING: 0.6, StaffField.CONSTRUCTION: 0.7, StaffField.FINANCE: 0.75, StaffField.IT: 0.45,
        StaffField.EDUCATION: 0.68, StaffField.HEALTH: 0.66, StaffField.JUSTICE: 1.05, StaffField.CULTURE_SOCIAL: 1.3,
        StaffField.AGRICULTURE_ENVIRONMENT: 1.1, StaffField.OTHER: 1.8}
UNIT_FOR_FIELD = {StaffField.LAND: "economic", StaffField.PLANNING: "economic", StaffField.CONSTRUCTION: "economic",
                  StaffField.FINANCE: "economic", StaffField.AGRICULTURE_ENVIRONMENT: "economic", StaffField.IT: "office",
                  StaffField.JUSTICE: "office", StaffField.OTHER: "service_centre", StaffField.EDUCATION: "culture_social",
                  StaffField.HEALTH: "culture_social", StaffField.CULTURE_SOCIAL: "culture_social"}
JOINED = date(2025, 7, 1)


def person(rng: random.Random) -> tuple[str, str, int]:
    gender = rng.choice(["male", "female"])
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
    return name, gender, rng.randint(1968, 2001)


def commute(rng: random.Random) -> Decimal:
    roll = rng.random()
    if roll < 0.7:
        return Decimal(rng.randint(0, 150)) / 10
    if roll < 0.93:
        return Decimal(rng.randint(150, 450)) / 10
    return Decimal(rng.randint(450, 800)) / 10


def _allowance(policy, bands, commute_km, mountainous) -> int:
    if policy is None:
        return 0
    distance = rules.effective_distance(commute_km, mountainous=mountainous, reduction_km=policy.mountain_reduction_km)
    return rules.band_amount(distance, bands)


@transaction.atomic
def seed_communes(communes: list[Commune], *, seed: str = "demo", fill_override: dict | None = None,
                  left_share: float = 0.04) -> dict:
    """Give each commune without quota rows its units, staff (with recruitment decisions) and quotas.

    `fill_override` maps a commune code to {field: active count} for exact demo figures.
    """
    fill_override = fill_override or {}
    done = set(StaffingQuota.objects.filter(commune__in=communes).values_list("commune_id", flat=True).distinct())
    communes = [c for c in communes if c.pk not in done]
    if not communes:
        return {"communes": 0, "members": 0}
    have_units = set(OrgUnit.objects.filter(commune__in=communes).values_list("commune_id", flat=True).distinct())
    OrgUnit.objects.bulk_create([u for c in communes if c.pk not in have_units for u in services.org_units_build(c)],
                                batch_size=5000)
    units: dict[tuple[int, str], int] = {}
    for unit_id, commune_id, kind in OrgUnit.objects.filter(commune__in=communes).values_list("id", "commune_id", "kind"):
        units.setdefault((commune_id, "economic" if kind == "economic_urban" else kind), unit_id)
    policies = {}
    for province_id in {c.province_id for c in communes}:
        policy = services.policy_in_force(province_id)
        policies[province_id] = (policy, list(policy.bands.all()) if policy else [])

    params = {province_id: services.quota_params(province_id) for province_id in {c.province_id for c in communes}}
    members: list[StaffMember] = []
    for commune in communes:
        rng = random.Random(f"{seed}-{commune.code}")
        quotas = rules.default_quotas(commune, params[commune.province_id])
        exact = fill_override.get(commune.code, {})
        policy, bands = policies[commune.province_id]
        for field, headcount in quotas.items():
            if field in exact:
                count = exact[field]
            else:
                count = max(0, round(headcount * FILL[field] * rng.uniform(0.75, 1.2)))
            leavers = sum(1 for _ in range(count) if rng.random() < left_share)
            for index in range(count + leavers):
                name, gender, year = person(rng)
                km = commute(rng)
                left = index >= count
                members.append(StaffMember(
                    province_id=commune.province_id, commune_id=commune.pk, full_name=name, gender=gender,
                    birth_year=year, category=rng.choices(["cong_chuc", "vien_chuc", "can_bo", "hop_dong"],
                                                          [70, 12, 12, 6])[0],
                    position=("Phó Trưởng phòng" if rng.random() < 0.08 else "Chuyên viên") + f" {str(StaffField(field).label).lower()}",
                    org_unit_id=units.get((commune.pk, UNIT_FOR_FIELD[field])), field=field,
                    qualification=QUALIFICATIONS[field], commute_km=km,
                    status=StaffMember.Status.LEFT if left else StaffMember.Status.ACTIVE,
                    joined_on=JOINED, left_on=date(2025, 10, 1) if left else None,
                    travel_allowance=0 if left else _allowance(policy, bands, km, commune.is_mountainous)))
    for member in members:
        member.refresh_search_key()
    StaffMember.objects.bulk_create(members, batch_size=5000)
    actions = []
    for member in members:
        actions.append(PersonnelAction(province_id=member.province_id, commune_id=member.commune_id, member=member,
                                       kind=PersonnelAction.Kind.RECRUITMENT, to_commune_id=member.commune_id,
                                       to_field=member.field, decision_number=f"{member.pk}/QĐ-TD",
                                       decision_date=date(2025, 6, 30), effective_date=JOINED))
        if member.status == StaffMember.Status.LEFT:
            actions.append(PersonnelAction(province_id=member.province_id, commune_id=member.commune_id,
                                           member=member, kind=PersonnelAction.Kind.LEAVING,
                                           from_commune_id=member.commune_id, from_field=member.field,
                                           decision_number=f"{member.pk}/QĐ-NV", decision_date=date(2025, 9, 25),
                                           effective_date=date(2025, 10, 1)))
    PersonnelAction.objects.bulk_create(actions, batch_size=5000)
    active = Counter((m.commune_id, m.field) for m in members if m.status == StaffMember.Status.ACTIVE)
    quota_rows = []
    for commune in communes:
        counts = {field: active[(commune.pk, field)] for field in StaffField.values}
        quota_rows.extend(services.quotas_build(commune, counts, params[commune.province_id]))
    StaffingQuota.objects.bulk_create(quota_rows, batch_size=5000)
    tally.refresh(province_ids={row.province_id for row in quota_rows})
    return {"communes": len(communes), "members": len(members)}


POLICIES = [
    # province code, name, legal basis, valid from, valid to, mountain reduction km, bands
    ("24", "Hỗ trợ đi lại cán bộ, công chức, viên chức sau sắp xếp", "Nghị quyết của HĐND tỉnh Bắc Ninh (2025)",
     date(2025, 7, 1), date(2027, 6, 30), 5,
     [(20, 30, 3_000_000), (30, 40, 3_700_000), (40, 50, 4_500_000), (50, None, 5_200_000)]),
    ("52", "Hỗ trợ đi lại cán bộ, công chức cấp xã", "Nghị quyết của HĐND tỉnh Gia Lai (2025)",
     date(2025, 7, 1), None, 0, [(15, 20, 500_000), (20, 30, 700_000), (30, None, 1_000_000)]),
    ("31", "Hỗ trợ đi lại và nhà ở cho cán bộ sau sắp xếp", "Nghị quyết của HĐND thành phố Hải Phòng (2025)",
     date(2025, 7, 1), None, 0, [(15, 30, 1_800_000), (30, 45, 2_700_000), (45, None, 3_600_000)]),
    ("22", "Hỗ trợ cán bộ đi làm xa", "Nghị quyết của HĐND tỉnh Quảng Ninh (2025)",
     date(2025, 7, 1), date(2028, 6, 30), 5, [(15, None, 2_000_000)]),
]
SAMPLE_POLICIES = [
    ("01", "Hỗ trợ đi lại (chính sách mẫu để trình diễn)", "", date(2025, 7, 1), date(2027, 6, 30), 5,
     [(20, 30, 3_000_000), (30, 40, 3_700_000), (40, 50, 4_500_000), (50, None, 5_200_000)]),
    ("15", "Hỗ trợ đi lại (chính sách mẫu để trình diễn)", "", date(2025, 7, 1), None, 5,
     [(15, 20, 500_000), (20, 30, 700_000), (30, None, 1_000_000)]),
]


def policies_seed(actor, provinces: dict, specs) -> int:
    """Adopt each policy once per province (skipped when the province already has one)."""
    created = 0
    for code, name, basis, valid_from, valid_to, reduction, bands in specs:
        province = provinces.get(code)
        if province is None or TravelAllowancePolicy.objects.filter(province=province).exists():
            continue
        services.policy_create(actor=actor, province=province, name=name, legal_basis=basis, valid_from=valid_from,
                               valid_to=valid_to, mountain_reduction_km=Decimal(reduction),
                               bands=[(Decimal(lo), Decimal(hi) if hi else None, amount) for lo, hi, amount in bands])
        created += 1
    return created
