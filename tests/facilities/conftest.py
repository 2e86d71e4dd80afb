"""Factories for the facilities tests: premises in the demo personas' communes."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from thongsuot.facilities import services
from thongsuot.facilities.models import FacilityStatus, PlanMethod
from thongsuot.geo.models import Commune

HOAN_KIEM, BA_DINH, BAT_XAT = "00070", "00004", "02683"


@pytest.fixture(autouse=True)
def _vietnamese():
    """Labels are compared in Vietnamese: undo a language a previous test's request left active."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture
def commune(db):
    """Return a commune by its code: commune(HOAN_KIEM)."""
    return lambda code: Commune.objects.get(code=code)


@pytest.fixture
def make_facility(persona, commune):
    def make(code=HOAN_KIEM, *, by="demo.xa", status=FacilityStatus.SURPLUS, **fields):
        data = {"name": "Trụ sở UBND phường Hàng Bạc cũ", "address": "12 Hàng Bạc", "land_area_m2": "540",
                "floor_area_m2": "820.5", "year_built": 1998, "current_use": "Bỏ trống", **fields}
        return services.facility_create(actor=persona(by), commune=commune(code), status=status, **data)

    return make


@pytest.fixture
def approved_plan(persona, make_facility):
    """A surplus premises of Hoàn Kiếm with a plan approved by the city ten days ago."""

    def make(method=PlanMethod.TO_EDUCATION, **kwargs):
        facility = make_facility(**kwargs)
        today = timezone.localdate()
        plan = services.handling_plan_propose(actor=persona("demo.xa"), facility=facility, method=method,
                                              deadline=today + timedelta(days=60),
                                              reason_not_priority="Không phù hợp quy hoạch trường học, y tế gần đó.")
        return services.handling_plan_approve(actor=persona("demo.tinh"), plan=plan, decision_number="125/QĐ-UBND",
                                              approval_date=today - timedelta(days=10))

    return make


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)
