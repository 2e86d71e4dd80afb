"""The readiness score of a commune: 100 points from facilities, equipment, connectivity, platforms.

The formula is written out in docs/facilities.md and on the readiness page; keep the three in step.

- Facilities, 20 points: 10 when the commune has a headquarters in use (or partly used) that is not
  badly damaged; 10 × the share of its surplus premises already handled (10 when it has none).
- Equipment, 30 points: 30 × the average, over the six categories, of available ÷ required capped
  at 1 (a category recorded with nothing required counts 1; a category not recorded counts 0).
- Connectivity, 30 points: broadband 10 × speed ÷ 100 Mbps capped at 1; mobile coverage 5 (5G or
  stable 4G), 3 (3G or patchy 4G), 1 (weak), 0 (none); the government data network 10;
  video-conference readiness 5. No record: 0.
- Platforms, 20 points: each core system (document management, one-stop, digital signature) 4 when
  running and 2 more when connected to the provincial platform; 2 when another system is connected.

Each part is rounded to one decimal (half up); the total is the sum of the rounded parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from thongsuot.facilities.models import (
    CORE_SYSTEMS,
    Condition,
    EquipmentCategory,
    FacilityKind,
    FacilityStatus,
    MobileCoverage,
    PlanState,
    PlatformSystem,
)

FACILITIES_MAX, EQUIPMENT_MAX, CONNECTIVITY_MAX, PLATFORMS_MAX = 20, 30, 30, 20
BROADBAND_TARGET_MBPS = Decimal(100)
#: Communes whose connectivity part is below this many points (of 30) are listed as poorly connected.
CONNECTIVITY_THRESHOLD = Decimal(15)
MOBILE_POINTS = {MobileCoverage.G5: 5, MobileCoverage.G4: 5, MobileCoverage.G3: 3, MobileCoverage.WEAK: 1,
                 MobileCoverage.NONE: 0}
TENTH = Decimal("0.1")


def _round(value) -> Decimal:
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class CommuneFigures:
    """What the score needs to know about one commune, gathered by a query or a bulk loader."""

    has_working_hq: bool = False
    surplus_count: int = 0
    surplus_handled: int = 0
    #: category → (required, available)
    equipment: dict = field(default_factory=dict)
    broadband_mbps: Decimal | None = None
    mobile_coverage: str = ""
    government_network: bool = False
    video_conference_ready: bool = False
    #: system → connected? for the core systems; `other_connected` for any other system
    core_platforms: dict = field(default_factory=dict)
    other_connected: bool = False

    def add_facility(self, *, kind: str, status: str, condition: str, plan_state: str) -> None:
        if (kind == FacilityKind.HEADQUARTERS and status != FacilityStatus.SURPLUS
                and condition != Condition.DILAPIDATED):
            self.has_working_hq = True
        if status == FacilityStatus.SURPLUS:
            self.surplus_count += 1
            if plan_state == PlanState.DONE:
                self.surplus_handled += 1

    def add_platform(self, *, system: str, connected: bool) -> None:
        if system in CORE_SYSTEMS:
            self.core_platforms[system] = self.core_platforms.get(system, False) or connected
        elif system == PlatformSystem.OTHER and connected:
            self.other_connected = True


@dataclass(frozen=True)
class Score:
    facilities: Decimal
    equipment: Decimal
    connectivity: Decimal
    platforms: Decimal

    @property
    def total(self) -> Decimal:
        return self.facilities + self.equipment + self.connectivity + self.platforms


def facilities_part(f: CommuneFigures) -> Decimal:
    handled_share = Decimal(f.surplus_handled) / f.surplus_count if f.surplus_count else Decimal(1)
    return _round((10 if f.has_working_hq else 0) + 10 * handled_share)


def equipment_part(f: CommuneFigures) -> Decimal:
    total = Decimal(0)
    for category in EquipmentCategory.values:
        if category not in f.equipment:
            continue
        required, available = f.equipment[category]
        total += Decimal(1) if required == 0 else min(Decimal(available) / Decimal(required), Decimal(1))
    return _round(EQUIPMENT_MAX * total / len(EquipmentCategory.values))


def connectivity_part(f: CommuneFigures) -> Decimal:
    if f.broadband_mbps is None:
        return Decimal("0.0")
    broadband = 10 * min(Decimal(f.broadband_mbps) / BROADBAND_TARGET_MBPS, Decimal(1))
    points = broadband + MOBILE_POINTS.get(f.mobile_coverage, 0)
    points += 10 if f.government_network else 0
    points += 5 if f.video_conference_ready else 0
    return _round(points)


def platforms_part(f: CommuneFigures) -> Decimal:
    points = sum(4 + (2 if connected else 0) for system, connected in f.core_platforms.items())
    return _round(points + (2 if f.other_connected else 0))


def score(f: CommuneFigures) -> Score:
    return Score(facilities_part(f), equipment_part(f), connectivity_part(f), platforms_part(f))
