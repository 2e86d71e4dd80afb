"""Demo and national seeding: exact demo figures, realistic national shortages, safe to run twice."""

from io import StringIO

import pytest

from thongsuot.geo.models import Commune
from thongsuot.staffing import generate
from thongsuot.staffing.models import OrgUnit, PersonnelAction, StaffingQuota, StaffMember

pytestmark = pytest.mark.django_db


def test_generated_staff_are_counted_into_the_quotas_and_rerunning_adds_nothing(hoan_kiem, bat_xat):
    first = generate.seed_communes([hoan_kiem, bat_xat], seed="t")
    assert first["communes"] == 2 and first["members"] > 40
    for commune in (hoan_kiem, bat_xat):
        for row in StaffingQuota.objects.filter(commune=commune):
            active = StaffMember.objects.filter(commune=commune, field=row.field, status="active").count()
            assert (row.active_count, row.gap) == (active, row.headcount - active)
        assert OrgUnit.objects.filter(commune=commune, is_statutory=True).count() == 5
    assert PersonnelAction.objects.filter(kind="recruitment").count() == StaffMember.objects.count()
    assert generate.seed_communes([hoan_kiem, bat_xat], seed="t") == {"communes": 0, "members": 0}


def test_generated_shortages_fall_on_the_named_fields(db):
    communes = list(Commune.objects.filter(province__code="01"))
    for commune in communes:
        commune.population = 30_000
    generate.seed_communes(communes, seed="t")
    short = {f: sum(max(g, 0) for g in StaffingQuota.objects.filter(field=f).values_list("gap", flat=True))
             for f in ("it", "culture_social", "other")}
    assert short["it"] > short["culture_social"] and short["it"] > short["other"]


def test_seed_demo_leaves_hoan_kiem_one_it_specialist_short(persona, settings):
    from thongsuot.staffing.demo import seed_demo

    personas = {u: persona(u) for u in ("demo.tinh", "demo.tinh2")}
    seed_demo(personas, StringIO())
    rows = dict(StaffingQuota.objects.filter(commune__code="00070").values_list("field", "gap"))
    assert rows["it"] == 1 and all(gap == 0 for field, gap in rows.items() if field != "it")
    assert StaffMember.objects.filter(commune__province__code="15").exists()
    assert PersonnelAction.objects.filter(kind="transfer", decision_number="1520/QĐ-UBND").exists()


def test_national_seed_for_one_province_adopts_its_2025_policy(db, persona):
    from thongsuot.staffing import national
    from thongsuot.staffing.models import TravelAllowancePolicy

    out = StringIO()
    national.seed_national({"staffing_provinces": "22"}, out)
    assert "cán bộ ở 54 xã" in out.getvalue()
    policy = TravelAllowancePolicy.objects.get(province__code="22")
    assert [(b.min_km, b.amount) for b in policy.bands.all()] == [(15, 2_000_000)]
    paid = StaffMember.objects.filter(province__code="22", status="active", travel_allowance__gt=0)
    assert paid.exists() and not paid.exclude(travel_allowance=2_000_000).exists()
    assert not StaffMember.objects.exclude(province__code="22").exists()


def test_monthly_recompute_applies_a_policy_that_has_expired(hoan_kiem, recruit, persona):
    from datetime import date
    from decimal import Decimal

    from django.core.management import call_command

    from thongsuot.staffing import services
    from thongsuot.staffing.models import TravelAllowancePolicy

    member = recruit(hoan_kiem, commute_km=Decimal(25))
    policy = services.policy_create(actor=persona("demo.tinh"), province=hoan_kiem.province, name="Hỗ trợ",
                                    valid_from=date(2025, 7, 1), valid_to=None, mountain_reduction_km=Decimal(0),
                                    bands=[(Decimal(20), None, 1_000_000)])
    member.refresh_from_db()
    assert member.travel_allowance == 1_000_000
    TravelAllowancePolicy.objects.filter(pk=policy.pk).update(valid_to=date(2025, 8, 31))
    call_command("recompute_allowances", "--province", "01", stdout=StringIO())
    member.refresh_from_db()
    assert member.travel_allowance == 0
