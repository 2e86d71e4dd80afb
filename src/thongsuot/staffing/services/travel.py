"""Staffing services: travel support."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import create_once
from thongsuot.core.text import nfc
from thongsuot.core.versioning import bump, check_version
from thongsuot.geo.models import Province
from thongsuot.staffing import rules
from thongsuot.staffing.models import (
    StaffMember,
    TravelAllowancePolicy,
    TravelBand,
)
from thongsuot.staffing.permissions import may_manage_province
from thongsuot.staffing.services._common import _require


def policy_in_force(province_id: int, on: date | None = None) -> TravelAllowancePolicy | None:
    """Return the province's policy valid on a day (the latest starting one if several)."""
    on = on or timezone.localdate()
    return (TravelAllowancePolicy.objects.filter(province_id=province_id, valid_from__lte=on)
            .exclude(valid_to__lt=on).prefetch_related("bands").order_by("-valid_from", "-id").first())


def entitlement(*, distance_km: Decimal, mountainous: bool, policy: TravelAllowancePolicy | None) -> int:
    """Return the monthly support for a commute of `distance_km` under `policy` (0 without one)."""
    if policy is None:
        return 0
    distance = rules.effective_distance(distance_km, mountainous=mountainous,
                                        reduction_km=policy.mountain_reduction_km)
    return rules.band_amount(distance, policy.bands.all())


def _member_allowance(member: StaffMember, policy: TravelAllowancePolicy | None) -> int:
    if member.status != StaffMember.Status.ACTIVE:
        return 0
    mountainous = bool(member.commune_id and member.commune.is_mountainous)
    return entitlement(distance_km=member.commute_km, mountainous=mountainous, policy=policy)


def allowances_recompute(*, province_id: int, on: date | None = None) -> int:
    """Recompute every active member's monthly support in a province; return how many changed."""
    policy = policy_in_force(province_id, on)
    bands = list(policy.bands.all()) if policy else []
    reduction = policy.mountain_reduction_km if policy else Decimal(0)
    changed = []
    members = (StaffMember.objects.filter(province_id=province_id)
               .only("id", "commute_km", "status", "travel_allowance", "commune__is_mountainous")
               .select_related("commune"))
    for member in members.iterator(chunk_size=2000):
        amount = 0
        if policy is not None and member.status == StaffMember.Status.ACTIVE:
            mountainous = bool(member.commune_id and member.commune.is_mountainous)
            amount = rules.band_amount(rules.effective_distance(member.commute_km, mountainous=mountainous,
                                                                reduction_km=reduction), bands)
        if amount != member.travel_allowance:
            member.travel_allowance = amount
            changed.append(member)
    StaffMember.objects.bulk_update(changed, ["travel_allowance"], batch_size=1000)
    return len(changed)


def parse_bands(text: str) -> list[tuple[Decimal, Decimal | None, int]]:
    """Read bands written one per line as `20-30: 3000000` or `50+: 5200000` (km, đồng/tháng)."""
    bands = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip().replace("–", "-").replace("km", "").replace(" ", "")
        if not line:
            continue
        try:
            distance, amount = line.split(":", 1)
            amount_value = int(amount.replace(".", "").replace(",", ""))
            if distance.endswith("+"):
                low, high = Decimal(distance[:-1]), None
            else:
                low_text, high_text = distance.split("-", 1)
                low, high = Decimal(low_text), Decimal(high_text)
        except (ValueError, ArithmeticError) as exc:
            raise DomainError(_("Dòng %(n)s không đúng mẫu “20-30: 3000000” hoặc “50+: 5200000”.") % {"n": number},
                              field="bands") from exc
        bands.append((low, high, amount_value))
    return bands


def _validate_bands(bands) -> list[tuple[Decimal, Decimal | None, int]]:
    if not bands:
        raise DomainError(_("Cần ít nhất một khoảng cách và mức hỗ trợ."), field="bands")
    ordered = sorted(bands, key=lambda b: b[0])
    for index, (low, high, amount) in enumerate(ordered):
        if low < 0 or amount < 0:
            raise DomainError(_("Khoảng cách và mức hỗ trợ không được âm."), field="bands")
        if high is not None and high <= low:
            raise DomainError(_("Khoảng %(low)s–%(high)s km: số km “đến” phải lớn hơn “từ”.") % {
                "low": low, "high": high}, field="bands")
        if index + 1 < len(ordered):
            next_low = ordered[index + 1][0]
            if high is None or high > next_low:
                raise DomainError(_("Các khoảng cách chồng lấn nhau ở mốc %(km)s km.") % {"km": next_low},
                                  field="bands")
    return ordered


@transaction.atomic
def policy_create(*, actor, province: Province, name: str, valid_from: date, valid_to: date | None,
                  mountain_reduction_km: Decimal, bands, legal_basis: str = "",
                  submission_key: str = "") -> TravelAllowancePolicy:
    """Adopt a travel support policy for a province and recompute its staff's entitlements.

    A resent form (same `submission_key`) returns the policy the first one adopted."""
    _require(may_manage_province(actor, province.pk), _("Chỉ cấp tỉnh mới được ban hành chính sách hỗ trợ đi lại."))
    bands = _validate_bands(list(bands))
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("Ngày kết thúc áp dụng phải sau ngày bắt đầu."), field="valid_to")
    if mountain_reduction_km < 0:
        raise DomainError(_("Mức giảm trừ không được âm."), field="mountain_reduction_km")

    def create(key: str) -> TravelAllowancePolicy:
        policy = TravelAllowancePolicy.objects.create(
            province=province, name=nfc(name).strip(), legal_basis=nfc(legal_basis).strip(), valid_from=valid_from,
            valid_to=valid_to, mountain_reduction_km=mountain_reduction_km, created_by=actor, submission_key=key)
        _set_bands(policy, bands)
        changed = allowances_recompute(province_id=province.pk)
        audit_record(actor=actor, action="create", obj=policy, after=_described(policy, bands) | {
            "recomputed_members": changed})
        return policy

    return create_once(TravelAllowancePolicy, author=actor, key=submission_key, create=create)


def _set_bands(policy: TravelAllowancePolicy, bands) -> None:
    TravelBand.objects.bulk_create([TravelBand(policy=policy, min_km=low, max_km=high, amount=amount)
                                    for low, high, amount in bands])


def _described(policy: TravelAllowancePolicy, bands) -> dict:
    return {"name": policy.name, "valid_from": policy.valid_from, "valid_to": policy.valid_to,
            "mountain_reduction_km": policy.mountain_reduction_km,
            "bands": [[str(low), str(high) if high is not None else None, amount] for low, high, amount in bands]}


@transaction.atomic
def policy_update(*, actor, policy: TravelAllowancePolicy, name: str, valid_from: date, valid_to: date | None,
                  mountain_reduction_km: Decimal, bands, legal_basis: str = "",
                  version: int | None = None) -> TravelAllowancePolicy:
    """Change a policy (bands, validity, reduction) from the `version` the editor read, and recompute
    the province's entitlements."""
    _require(may_manage_province(actor, policy.province_id),
             _("Chỉ cấp tỉnh mới được sửa chính sách hỗ trợ đi lại."))
    bands = _validate_bands(list(bands))
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("Ngày kết thúc áp dụng phải sau ngày bắt đầu."), field="valid_to")
    policy = TravelAllowancePolicy.objects.select_for_update().get(pk=policy.pk)
    check_version(policy, version)
    before = _described(policy, [(b.min_km, b.max_km, b.amount) for b in policy.bands.all()])
    policy.name, policy.legal_basis = nfc(name).strip(), nfc(legal_basis).strip()
    policy.valid_from, policy.valid_to, policy.mountain_reduction_km = valid_from, valid_to, mountain_reduction_km
    bump(policy)
    policy.save()
    policy.bands.all().delete()
    _set_bands(policy, bands)
    changed = allowances_recompute(province_id=policy.province_id)
    audit_record(actor=actor, action="update", obj=policy, before=before, after=_described(policy, bands),
                 changes={"recomputed_members": changed})
    return policy
