"""Connections, outages and digital platforms."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError, InvalidTransition
from thongsuot.core.resubmission import create_once
from thongsuot.core.versioning import bump, check_version
from thongsuot.facilities import permissions
from thongsuot.facilities.models import (
    Connectivity,
    DigitalPlatform,
    MobileCoverage,
    Outage,
    PlatformSystem,
)
from thongsuot.facilities.services._common import (
    _choice,
    _decimal,
    _require,
    _snapshot,
)
from thongsuot.facilities.services.scores import readiness_refresh

CONNECTIVITY_FIELDS = ["broadband_mbps", "mobile_coverage", "government_network", "video_conference_ready"]


@transaction.atomic
def connectivity_set(*, actor, commune, broadband_mbps, mobile_coverage: str, government_network: bool,
                     video_conference_ready: bool, version: int | None = None) -> Connectivity:
    """Record a commune's connections, from the `version` the editor read (0: none recorded yet)."""
    _require(permissions.may_edit_in(actor, commune))
    speed = _decimal(broadband_mbps, "broadband_mbps", _("Tốc độ băng rộng"))
    if speed > 100_000:
        raise DomainError(_("Tốc độ băng rộng không hợp lý (quá 100.000 Mbps)."), field="broadband_mbps")
    _choice(mobile_coverage, MobileCoverage, "mobile_coverage", _("Vùng phủ sóng di động"))
    connectivity = Connectivity.objects.select_for_update().filter(commune=commune).first()
    check_version(connectivity, version)
    before = _snapshot(connectivity, CONNECTIVITY_FIELDS) if connectivity else {}
    if connectivity is None:
        connectivity = Connectivity(province_id=commune.province_id, commune=commune)
    else:
        bump(connectivity)
    connectivity.broadband_mbps, connectivity.mobile_coverage = speed, mobile_coverage
    connectivity.government_network = bool(government_network)
    connectivity.video_conference_ready = bool(video_conference_ready)
    connectivity.save()
    audit_record(actor=actor, action="update" if before else "create", obj=connectivity, before=before,
                 after=_snapshot(connectivity, CONNECTIVITY_FIELDS))
    readiness_refresh(commune=commune)
    return connectivity


def _check_outage_times(started_at: datetime, ended_at: datetime | None) -> None:
    if started_at is None:
        raise DomainError(_("Thời điểm bắt đầu không được để trống."), field="started_at")
    now = timezone.now()
    if started_at > now:
        raise DomainError(_("Thời điểm bắt đầu không được sau thời điểm hiện tại."), field="started_at")
    if ended_at is not None:
        if ended_at <= started_at:
            raise DomainError(_("Thời điểm kết thúc phải sau thời điểm bắt đầu."), field="ended_at")
        if ended_at > now:
            raise DomainError(_("Thời điểm kết thúc không được sau thời điểm hiện tại."), field="ended_at")


@transaction.atomic
def outage_record(*, actor, commune, started_at: datetime, cause: str, ended_at: datetime | None = None,
                  submission_key: str = "") -> Outage:
    """Log an interruption of the commune's connection (ended or still going on)."""
    _require(permissions.may_create_in(actor, commune))
    _check_outage_times(started_at, ended_at)
    cause = (cause or "").strip()
    if not cause:
        raise DomainError(_("Cần ghi nguyên nhân sự cố (ghi “chưa rõ” nếu chưa xác định)."), field="cause")

    def create(key: str) -> Outage:
        outage = Outage.objects.create(province_id=commune.province_id, commune=commune, started_at=started_at,
                                       ended_at=ended_at, cause=cause[:255], recorded_by=actor, submission_key=key)
        audit_record(actor=actor, action="create", obj=outage,
                     after={"started_at": started_at, "ended_at": ended_at, "cause": outage.cause})
        return outage

    return create_once(Outage, author=actor, key=submission_key, create=create, author_field="recorded_by")


@transaction.atomic
def outage_close(*, actor, outage: Outage, ended_at: datetime) -> Outage:
    """Record when an ongoing outage ended."""
    outage = Outage.objects.select_for_update().select_related("commune").get(pk=outage.pk)
    _require(permissions.may_edit_in(actor, outage.commune))
    if outage.ended_at is not None:
        raise InvalidTransition(_("Sự cố này đã được ghi nhận kết thúc."))
    if ended_at is None:
        raise DomainError(_("Thời điểm kết thúc không được để trống."), field="ended_at")
    _check_outage_times(outage.started_at, ended_at)
    outage.ended_at = ended_at
    outage.save(update_fields=["ended_at"])
    audit_record(actor=actor, action="update", obj=outage, before={"ended_at": None}, after={"ended_at": ended_at})
    return outage


@transaction.atomic
def platform_set(*, actor, commune, system: str, connected_to_province: bool, name: str = "",
                 version: int | None = None) -> DigitalPlatform:
    """Record that a commune runs a system, and whether it is connected to the provincial platform,
    from the `version` the editor read (0: they saw no such system for the commune)."""
    _require(permissions.may_edit_in(actor, commune))
    _choice(system, PlatformSystem, "system", _("Hệ thống"))
    name = (name or "").strip()[:150]
    if system == PlatformSystem.OTHER and not name:
        raise DomainError(_("Cần ghi tên hệ thống khác."), field="name")
    platform = DigitalPlatform.objects.select_for_update().filter(commune=commune, system=system, name=name).first()
    check_version(platform, version)
    before = {"connected_to_province": platform.connected_to_province} if platform else {}
    if platform is None:
        platform = DigitalPlatform(province_id=commune.province_id, commune=commune, system=system, name=name)
    else:
        bump(platform)
    platform.connected_to_province = bool(connected_to_province)
    platform.save()
    audit_record(actor=actor, action="update" if before else "create", obj=platform, before=before,
                 after={"system": system, "name": name, "connected_to_province": platform.connected_to_province})
    readiness_refresh(commune=commune)
    return platform


@transaction.atomic
def platform_remove(*, actor, platform: DigitalPlatform) -> None:
    """Record that a commune no longer runs a system."""
    _require(permissions.may_edit_in(actor, platform.commune))
    commune = platform.commune
    audit_record(actor=actor, action="delete", obj=platform,
                 before={"system": platform.system, "name": platform.name}, after={})
    platform.delete()
    readiness_refresh(commune=commune)
