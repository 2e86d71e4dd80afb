"""The shortage per province and field (`ShortageTally`) equals the quotas' shortages summed, through every
service that changes a gap (decisions record 49)."""

import pytest
from django.db.models import F, Sum
from django.db.models.functions import Greatest

from thongsuot.staffing import services, tally
from thongsuot.staffing.models import PersonnelAction, ShortageTally, StaffingQuota
from thongsuot.staffing.services.quotas import quotas_recount

from .conftest import DECIDED, quota

pytestmark = pytest.mark.django_db


def _from_quotas() -> dict:
    return {(p, f): n for p, f, n in StaffingQuota.objects.order_by().values_list("province_id", "field")
            .annotate(n=Sum(Greatest(F("gap"), 0))).values_list("province_id", "field", "n")}


def _tally() -> dict:
    return {(r.province_id, r.field): r.shortage for r in ShortageTally.objects.all()}


def _agrees():
    assert _tally() == _from_quotas()


def test_the_tally_follows_recruitment_transfer_leaving_override_reset_and_recompute(
        hoan_kiem, ba_dinh, recruit, persona):
    member = recruit(hoan_kiem, field="it")
    _agrees()
    assert _tally()[(hoan_kiem.province_id, "it")] > 0
    recruit(ba_dinh, field="land")
    _agrees()
    services.staff_move(actor=persona("demo.tinh"), member=member, kind=PersonnelAction.Kind.TRANSFER,
                        to_commune=ba_dinh, decision_number="20/QĐ-UBND", decision_date=DECIDED,
                        effective_date=DECIDED)
    _agrees()
    member.refresh_from_db()
    services.staff_leave(actor=persona("demo.tinh"), member=member, decision_number="21/QĐ-UBND",
                         decision_date=DECIDED, effective_date=DECIDED)
    _agrees()
    row = quota(hoan_kiem, "land")
    services.quota_override(actor=persona("demo.tinh"), quota=row, headcount=row.headcount + 3,
                            reason="Địa bàn nhiều tranh chấp đất đai", version=row.version)
    _agrees()
    row.refresh_from_db()
    services.quota_reset(actor=persona("demo.tinh"), quota=row, version=row.version)
    _agrees()
    hoan_kiem.population = 60_000
    hoan_kiem.save()
    services.quotas_recompute(actor=persona("demo.tinh"), commune=hoan_kiem)
    _agrees()
    # The batch recount (imports) sets counters written around the services right, and the tally with them.
    StaffingQuota.objects.filter(commune=ba_dinh).update(active_count=0, gap=F("headcount"))
    assert quotas_recount(communes=[hoan_kiem, ba_dinh]) > 0
    _agrees()


def test_the_tally_counts_shortages_only_and_rebuild_gives_the_same_rows(hoan_kiem, recruit):
    for _ in range(3):
        recruit(hoan_kiem, field="it")
    # A field with more staff than its quota does not offset another field's shortage.
    assert all(n >= 0 for n in _tally().values())
    before = _tally()
    ShortageTally.objects.update(shortage=999)
    tally.rebuild()
    assert _tally() == before == _from_quotas()
