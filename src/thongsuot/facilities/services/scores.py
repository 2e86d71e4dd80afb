"""The readiness row of a commune, recomputed by every service that changes its figures."""

from __future__ import annotations

from django.db import transaction

from thongsuot.facilities import readiness
from thongsuot.facilities.models import (
    CommuneReadiness,
    Connectivity,
    DigitalPlatform,
    EquipmentNeed,
    Facility,
)


def readiness_figures(commune) -> readiness.CommuneFigures:
    """Gather what the score needs for one commune (five small queries)."""
    figures = readiness.CommuneFigures()
    for kind, status, condition, plan_state in Facility.objects.filter(commune=commune).values_list(
            "kind", "status", "condition", "plan_state"):
        figures.add_facility(kind=kind, status=status, condition=condition, plan_state=plan_state)
    figures.equipment = {c: (r, a) for c, r, a in EquipmentNeed.objects.filter(commune=commune).values_list(
        "category", "required", "available")}
    connectivity = Connectivity.objects.filter(commune=commune).first()
    if connectivity is not None:
        figures.broadband_mbps = connectivity.broadband_mbps
        figures.mobile_coverage = connectivity.mobile_coverage
        figures.government_network = connectivity.government_network
        figures.video_conference_ready = connectivity.video_conference_ready
    for system, connected in DigitalPlatform.objects.filter(commune=commune).values_list(
            "system", "connected_to_province"):
        figures.add_platform(system=system, connected=connected)
    return figures


def readiness_row(commune_id: int, province_id: int, figures: readiness.CommuneFigures) -> CommuneReadiness:
    """Build (unsaved) the readiness row for figures; used by the refresh and the bulk seeders."""
    result = readiness.score(figures)
    vehicles = figures.equipment.get("xe_o_to", (0, 0))[1]
    return CommuneReadiness(
        commune_id=commune_id, province_id=province_id, facilities_score=result.facilities,
        equipment_score=result.equipment, connectivity_score=result.connectivity, platform_score=result.platforms,
        total=result.total, has_vehicle=vehicles > 0, broadband_mbps=figures.broadband_mbps,
        surplus_count=figures.surplus_count, surplus_handled=figures.surplus_handled)


READINESS_FIELDS = ["facilities_score", "equipment_score", "connectivity_score", "platform_score", "total",
                    "has_vehicle", "broadband_mbps", "surplus_count", "surplus_handled"]


@transaction.atomic
def readiness_refresh(*, commune) -> CommuneReadiness:
    """Recompute one commune's readiness row from its records (called by every service above)."""
    row = readiness_row(commune.pk, commune.province_id, readiness_figures(commune))
    existing, _created = CommuneReadiness.objects.update_or_create(
        commune_id=commune.pk, defaults={"province_id": commune.province_id,
                                         **{f: getattr(row, f) for f in READINESS_FIELDS}})
    return existing
