"""The pure rules of staffing: the default quota, its spread over fields, travel entitlement.

No database access here, so each rule is checked on hand-worked figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.models import Commune

BASE_QUOTA = 32
POPULATION_THRESHOLD = 16_000
STEP_MOUNTAIN = 1_000
STEP_LOWLAND = 2_000
CAP_XA = 50
CAP_URBAN = 70  # phường and đặc khu

#: How the default total is spread over fields: these weights sum to the base of 32.
FIELD_WEIGHTS: dict[str, int] = {
    StaffField.LAND: 3, StaffField.PLANNING: 2, StaffField.CONSTRUCTION: 2, StaffField.FINANCE: 4, StaffField.IT: 2,
    StaffField.EDUCATION: 2, StaffField.HEALTH: 2, StaffField.JUSTICE: 3, StaffField.CULTURE_SOCIAL: 4,
    StaffField.AGRICULTURE_ENVIRONMENT: 4, StaffField.OTHER: 4,
}


@dataclass(frozen=True)
class QuotaParams:
    """The figures of the staffing frame; the national ones unless a province has set its own."""

    base: int = BASE_QUOTA
    threshold: int = POPULATION_THRESHOLD
    step_mountain: int = STEP_MOUNTAIN
    step_lowland: int = STEP_LOWLAND
    cap_xa: int = CAP_XA
    cap_urban: int = CAP_URBAN


NATIONAL = QuotaParams()


def quota_cap(kind: str, params: QuotaParams = NATIONAL) -> int:
    """Return the maximum headcount of a commune of this kind."""
    return params.cap_xa if kind == Commune.Kind.XA else params.cap_urban


def default_quota_total(*, population: int | None, kind: str, mountainous: bool,
                        params: QuotaParams = NATIONAL) -> int:
    """Return 32 plus one per full 1,000 (mountain) or 2,000 (elsewhere) residents above 16,000, capped."""
    extra_residents = max(0, (population or 0) - params.threshold)
    step = params.step_mountain if mountainous else params.step_lowland
    return min(params.base + extra_residents // step, quota_cap(kind, params))


def spread_over_fields(total: int, weights: dict[str, int] | None = None) -> dict[str, int]:
    """Split `total` over the fields in proportion to their weights (largest remainder, stable)."""
    weights = weights or FIELD_WEIGHTS
    weight_sum = sum(weights.values())
    shares = {field: total * weight // weight_sum for field, weight in weights.items()}
    remainders = sorted(weights, key=lambda f: (-(total * weights[f] % weight_sum), list(weights).index(f)))
    for field in remainders[: total - sum(shares.values())]:
        shares[field] += 1
    return shares


def default_quotas(commune: Commune, params: QuotaParams = NATIONAL) -> dict[str, int]:
    """Return the default headcount per field for a commune."""
    total = default_quota_total(population=commune.population, kind=commune.kind,
                                mountainous=commune.is_mountainous, params=params)
    return spread_over_fields(total)


def effective_distance(distance_km: Decimal, *, mountainous: bool, reduction_km: Decimal) -> Decimal:
    """Return the distance a policy counts: in mountain communes, reduced (never below zero)."""
    distance = Decimal(distance_km)
    if mountainous and reduction_km:
        distance = max(Decimal(0), distance - Decimal(reduction_km))
    return distance


def band_amount(distance_km: Decimal, bands: Iterable) -> int:
    """Return the monthly amount of the band holding the distance: from min (inclusive) to max (exclusive)."""
    for band in bands:
        if distance_km >= band.min_km and (band.max_km is None or distance_km < band.max_km):
            return band.amount
    return 0
