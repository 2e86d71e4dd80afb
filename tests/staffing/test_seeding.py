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
