"""The default quota rule on hand-checked communes, and the travel bands at their edges."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from thongsuot.core.vocabulary import StaffField
from thongsuot.staffing import rules


@pytest.mark.parametrize(("population", "kind", "mountainous", "expected"), [
    (None, "xa", False, 32),            # no figure yet: the base
    (15_882, "xa", True, 32),           # Bát Xát: below the threshold
    (16_999, "xa", True, 32),           # 999 above: not a full thousand
    (17_000, "xa", True, 33),           # mountain: +1 per 1,000
    (17_999, "xa", False, 32),          # lowland: +1 per 2,000, 1,999 is not enough
    (18_000, "xa", False, 33),
    (23_675, "phuong", False, 35),      # Hoàn Kiếm: 7,675 above → 3
    (34_000, "xa", True, 50),           # mountain xã exactly at the cap: 32 + 18
    (35_000, "xa", True, 50),           # 32 + 19 = 51 → capped at 50
    (52_000, "xa", False, 50),          # lowland xã at the cap: 32 + 18
    (60_000, "xa", False, 50),          # 32 + 22 = 54 → 50
    (92_000, "phuong", False, 70),      # lowland phường at the cap: 32 + 38
    (100_000, "phuong", False, 70),     # 32 + 42 = 74 → 70
    (53_000, "phuong", True, 69),       # mountain phường under the cap: 32 + 37
    (60_000, "phuong", True, 70),       # 32 + 44 → 70
    (160_000, "dac_khu", False, 70),    # đặc khu shares the 70 cap
    (60_000, "dac_khu", False, 54),     # … which a xã of that size would not reach
])
def test_default_quota_total(population, kind, mountainous, expected):
    assert rules.default_quota_total(population=population, kind=kind, mountainous=mountainous) == expected


def test_the_same_population_gives_a_xa_less_than_a_phuong_above_the_xa_cap():
    xa = rules.default_quota_total(population=80_000, kind="xa", mountainous=False)
    phuong = rules.default_quota_total(population=80_000, kind="phuong", mountainous=False)
    assert (xa, phuong) == (50, 64)


@pytest.mark.parametrize("total", [0, 1, 32, 33, 35, 49, 50, 51, 70])
def test_spread_over_fields_keeps_the_total(total):
    shares = rules.spread_over_fields(total)
    assert sum(shares.values()) == total
    assert set(shares) == set(StaffField.values)


def test_spread_of_the_base_is_the_weights():
    assert rules.spread_over_fields(32) == {str(k): v for k, v in rules.FIELD_WEIGHTS.items()}


def test_spread_gives_extra_staff_to_the_largest_remainders_first():
    shares = rules.spread_over_fields(35)
    # 35/32 of each weight: the weight-4 fields have the largest remainders (0.375) and get one more.
    assert shares[StaffField.FINANCE] == 5 and shares[StaffField.CULTURE_SOCIAL] == 5 and shares[StaffField.AGRICULTURE_ENVIRONMENT] == 5
    assert shares[StaffField.IT] == 2


BANDS = [SimpleNamespace(min_km=Decimal(20), max_km=Decimal(30), amount=3_000_000),
         SimpleNamespace(min_km=Decimal(30), max_km=Decimal(40), amount=3_700_000),
         SimpleNamespace(min_km=Decimal(40), max_km=Decimal(50), amount=4_500_000),
         SimpleNamespace(min_km=Decimal(50), max_km=None, amount=5_200_000)]


@pytest.mark.parametrize(("km", "amount"), [
    ("0", 0), ("19.9", 0), ("20", 3_000_000), ("29.9", 3_000_000), ("30", 3_700_000), ("39.9", 3_700_000),
    ("40", 4_500_000), ("49.9", 4_500_000), ("50", 5_200_000), ("120", 5_200_000)])
def test_band_amount_at_the_edges(km, amount):
    assert rules.band_amount(Decimal(km), BANDS) == amount


def test_mountain_reduction_moves_a_commute_down_a_band():
    assert rules.effective_distance(Decimal(30), mountainous=True, reduction_km=Decimal(5)) == Decimal(25)
    assert rules.effective_distance(Decimal(30), mountainous=False, reduction_km=Decimal(5)) == Decimal(30)
    assert rules.effective_distance(Decimal(3), mountainous=True, reduction_km=Decimal(5)) == Decimal(0)
