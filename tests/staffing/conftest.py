from datetime import date
from decimal import Decimal

import pytest

from thongsuot.geo.models import Commune
from thongsuot.staffing import services
from thongsuot.staffing.models import StaffingQuota

DECIDED = date(2025, 8, 1)


@pytest.fixture
def hoan_kiem(db):
    commune = Commune.objects.get(code="00070")
    commune.population, commune.is_mountainous = 23_675, False
    commune.save()
    return commune


@pytest.fixture
def ba_dinh(db):
    commune = Commune.objects.get(code="00004")
    commune.population, commune.is_mountainous = 34_376, False
    commune.save()
    return commune


@pytest.fixture
def bat_xat(db):
    commune = Commune.objects.get(code="02683")
    commune.population, commune.is_mountainous = 15_882, True
    commune.save()
    return commune


@pytest.fixture
def recruit(persona):
    """Recruit a person through the service: recruit(commune, field="it", by="demo.xa")."""
    counter = {"n": 0}

    def make(commune, field="it", by="demo.tinh", **extra):
        counter["n"] += 1
        data = {"full_name": f"Nguyễn Văn Thử {counter['n']}", "gender": "male", "birth_year": 1990,
                "category": "cong_chuc", "position": "Chuyên viên", "field": field,
                "decision_number": f"{counter['n']}/QĐ-UBND", "decision_date": DECIDED, "effective_date": DECIDED,
                "commute_km": Decimal("0")}
        data.update(extra)
        return services.staff_recruit(actor=persona(by), province=commune.province, commune=commune, **data)

    return make


def quota(commune, field) -> StaffingQuota:
    return StaffingQuota.objects.get(commune=commune, field=field)
