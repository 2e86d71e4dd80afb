"""Writes for staffing. Each service is one transaction that also writes its audit event and
keeps the quota counters (`StaffingQuota.active_count`, `gap`) current."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thongsuot.accounts.permissions import Action, can
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.text import nfc
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing import rules
from thongsuot.staffing.models import (
    Enrollment,
    Field,
    OrgSettings,
    OrgUnit,
    PersonnelAction,
    QuotaRule,
    StaffingQuota,
    StaffMember,
    TrainingCourse,
    TravelAllowancePolicy,
    TravelBand,
)
from thongsuot.staffing.permissions import may_manage_province

MAX_QUOTA_PER_FIELD = 70


class Forbidden(DomainError):
    status_code = 403

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Bạn không có quyền thực hiện thao tác này."), code="forbidden")


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise Forbidden(message) if message else Forbidden()


# --- organisation units -------------------------------------------------------------------

#: Đặc khu organised like a phường (Decree 370/2025: Phú Quốc has the urban economic office).
URBAN_DAC_KHU = {"31078"}


def statutory_units(commune: Commune) -> list[tuple[str, str]]:
    """Return (kind, name) of the units Decree 150/2025 gives a commune of this kind."""
    urban = commune.kind == Commune.Kind.PHUONG or commune.code in URBAN_DAC_KHU
    economic = OrgUnit.Kind.ECONOMIC_URBAN if urban else OrgUnit.Kind.ECONOMIC
    # Unit names are records: Vietnamese, whichever language the page that creates them is in.
    with translation.override("vi"):
        return [
            (OrgUnit.Kind.OFFICE, str(OrgUnit.Kind.OFFICE.label)),
            (economic, str(economic.label)),
            (OrgUnit.Kind.CULTURE_SOCIAL, str(OrgUnit.Kind.CULTURE_SOCIAL.label)),
            (OrgUnit.Kind.SERVICE_CENTRE, str(OrgUnit.Kind.SERVICE_CENTRE.label)),
            (OrgUnit.Kind.PUBLIC_SERVICE, f"Trung tâm Dịch vụ tổng hợp {commune.name}"),
        ]


def org_units_build(commune: Commune) -> list[OrgUnit]:
    """Return unsaved statutory units for a commune (for bulk creation)."""
    return [OrgUnit(province_id=commune.province_id, commune=commune, kind=kind, name=name, is_statutory=True,
                    order=index) for index, (kind, name) in enumerate(statutory_units(commune))]


def org_units_ensure(*, commune: Commune) -> list[OrgUnit]:
    """Create the commune's statutory units if it has none yet; return its units."""
    units = list(OrgUnit.objects.filter(commune=commune))
    if not units:
        with transaction.atomic():
            OrgUnit.objects.bulk_create(org_units_build(commune))
        units = list(OrgUnit.objects.filter(commune=commune))
    return units


def _unit_limit(province_id: int) -> int:
    settings_row = OrgSettings.objects.filter(province_id=province_id).first()
    return settings_row.max_units_per_commune if settings_row else OrgSettings._meta.get_field(
        "max_units_per_commune").default


@transaction.atomic
def org_unit_create(*, actor, commune: Commune, name: str, kind: str = OrgUnit.Kind.OTHER) -> OrgUnit:
    """Add a unit to a commune, within the number of units its province allows."""
    _require(can(actor, Action.CREATE, province_id=commune.province_id, commune_id=commune.pk))
    org_units_ensure(commune=commune)
    name = nfc(name).strip()
    if not name:
        raise DomainError(_("Tên đơn vị không được để trống."), field="name")
    limit = _unit_limit(commune.province_id)
    if OrgUnit.objects.filter(commune=commune).count() >= limit:
        raise DomainError(_("Tỉnh cho phép tối đa %(limit)s đơn vị mỗi xã; %(commune)s đã đủ.") % {
            "limit": limit, "commune": commune.name}, field="name")
    if OrgUnit.objects.filter(commune=commune, name__iexact=name).exists():
        raise DomainError(_("%(commune)s đã có đơn vị “%(name)s”.") % {"commune": commune.name, "name": name},
                          field="name")
    order = (OrgUnit.objects.filter(commune=commune).order_by("-order").values_list("order", flat=True).first() or 0)
    unit = OrgUnit.objects.create(province_id=commune.province_id, commune=commune, name=name, kind=kind,
                                  order=order + 1)
    audit_record(actor=actor, action="create", obj=unit, after={"name": name, "kind": kind, "commune": commune.code})
    return unit


@transaction.atomic
def org_unit_rename(*, actor, unit: OrgUnit, name: str) -> OrgUnit:
    _require(can(actor, Action.EDIT, province_id=unit.province_id, commune_id=unit.commune_id))
    name = nfc(name).strip()
    if not name:
        raise DomainError(_("Tên đơn vị không được để trống."), field="name")
    if OrgUnit.objects.filter(commune_id=unit.commune_id, name__iexact=name).exclude(pk=unit.pk).exists():
        raise DomainError(_("Đã có đơn vị “%(name)s”.") % {"name": name}, field="name")
    before = {"name": unit.name}
    unit.name = name
    unit.save(update_fields=["name"])
    audit_record(actor=actor, action="update", obj=unit, before=before, after={"name": name})
    return unit


@transaction.atomic
def org_unit_delete(*, actor, unit: OrgUnit) -> None:
    _require(can(actor, Action.EDIT, province_id=unit.province_id, commune_id=unit.commune_id))
    if unit.is_statutory:
        raise DomainError(_("Không thể xóa đơn vị bắt buộc theo Nghị định 150/2025/NĐ-CP."))
    if unit.staff.exists():
        raise DomainError(_("Đơn vị còn cán bộ, công chức; hãy chuyển họ sang đơn vị khác trước."))
    audit_record(actor=actor, action="delete", obj=unit, before={"name": unit.name})
    unit.delete()


@transaction.atomic
def org_settings_set(*, actor, province: Province, max_units_per_commune: int) -> OrgSettings:
    _require(may_manage_province(actor, province.pk))
    if not 5 <= max_units_per_commune <= 12:
        raise DomainError(_("Số đơn vị tối đa mỗi xã phải từ 5 đến 12."), field="max_units_per_commune")
    row, _created = OrgSettings.objects.get_or_create(province=province)
    before = {"max_units_per_commune": row.max_units_per_commune}
    row.max_units_per_commune = max_units_per_commune
    row.save()
    audit_record(actor=actor, action="update", obj=row, object_repr=f"Giới hạn tổ chức {province.name}",
                 before=before, after={"max_units_per_commune": max_units_per_commune})
    return row


# --- quotas and the counters behind the gaps ---------------------------------------------

QUOTA_PARAM_FIELDS = ("base", "threshold", "step_mountain", "step_lowland", "cap_xa", "cap_urban")


def quota_params(province_id: int) -> rules.QuotaParams:
    """Return the province's staffing-frame figures, or the national ones."""
    rule = QuotaRule.objects.filter(province_id=province_id).first()
    if rule is None:
        return rules.NATIONAL
    return rules.QuotaParams(**{name: getattr(rule, name) for name in QUOTA_PARAM_FIELDS})


@transaction.atomic
def quota_rule_set(*, actor, province: Province, reason: str, **figures) -> QuotaRule:
    """Set the province's own staffing frame and recompute every commune's default quotas."""
    _require(may_manage_province(actor, province.pk), _("Chỉ cấp tỉnh mới được sửa công thức định biên."))
    reason = nfc(reason).strip()
    if len(reason) < 5:
        raise DomainError(_("Cần ghi căn cứ, lý do (ít nhất 5 ký tự)."), field="reason")
    params = rules.QuotaParams(**{name: int(figures.get(name, getattr(rules.NATIONAL, name)))
                                  for name in QUOTA_PARAM_FIELDS})
    if params.step_mountain < 100 or params.step_lowland < 100:
        raise DomainError(_("Số dân để tăng thêm 1 người phải từ 100 trở lên."), field="step_lowland")
    if not 1 <= params.base <= min(params.cap_xa, params.cap_urban):
        raise DomainError(_("Định biên cơ sở phải từ 1 và không vượt mức tối đa."), field="base")
    if params.cap_xa > 100 or params.cap_urban > 150:
        raise DomainError(_("Mức tối đa không hợp lý (xã ≤ 100, phường ≤ 150)."), field="cap_xa")
    rule = QuotaRule.objects.select_for_update().filter(province=province).first()
    before = {name: getattr(rule or rules.NATIONAL, name) for name in QUOTA_PARAM_FIELDS}
    if rule is None:
        rule = QuotaRule(province=province)
    for name in QUOTA_PARAM_FIELDS:
        setattr(rule, name, getattr(params, name))
    rule.reason = reason
    rule.save()
    changed = sum(quotas_recompute(actor=None, commune=commune, params=params, audit=False)
                  for commune in Commune.objects.filter(province=province))
    audit_record(actor=actor, action="update", obj=rule, object_repr=f"Công thức định biên {province.name}",
                 before=before, after={name: getattr(params, name) for name in QUOTA_PARAM_FIELDS},
                 changes={"reason": reason, "quota_rows_changed": changed})
    return rule


def quotas_build(commune: Commune, active: dict[str, int] | None = None,
                 params: rules.QuotaParams | None = None) -> list[StaffingQuota]:
    """Return unsaved default quota rows for a commune, counting `active` staff per field."""
    active = active or {}
    params = params or quota_params(commune.province_id)
    rows = []
    for field, headcount in rules.default_quotas(commune, params).items():
        count = active.get(field, 0)
        rows.append(StaffingQuota(province_id=commune.province_id, commune=commune, field=field,
                                  headcount=headcount, default_headcount=headcount, active_count=count,
                                  gap=headcount - count))
    return rows


def _active_by_field(commune_id: int) -> dict[str, int]:
    return dict(StaffMember.objects.filter(commune_id=commune_id, status=StaffMember.Status.ACTIVE)
                .values_list("field").annotate(n=Count("id")).values_list("field", "n"))


def quotas_ensure(*, commune: Commune) -> None:
    """Create the commune's missing quota rows from the default rule, counting its current staff."""
    existing = set(StaffingQuota.objects.filter(commune=commune).values_list("field", flat=True))
    if len(existing) == len(Field.values):
        return  # the usual case: no transaction for a page view
    with transaction.atomic():
        rows = [q for q in quotas_build(commune, _active_by_field(commune.pk)) if q.field not in existing]
        StaffingQuota.objects.bulk_create(rows, ignore_conflicts=True)


@transaction.atomic
def quotas_recompute(*, actor, commune: Commune, params: rules.QuotaParams | None = None, audit: bool = True) -> int:
    """Apply the default rule again (after a population change); overridden rows keep their headcount."""
    quotas_ensure(commune=commune)
    changed = 0
    defaults = rules.default_quotas(commune, params or quota_params(commune.province_id))
    for quota in StaffingQuota.objects.select_for_update().filter(commune=commune):
        new_default = defaults[quota.field]
        updates = {"default_headcount": new_default}
        if not quota.is_override:
            updates.update(headcount=new_default, gap=new_default - quota.active_count)
        if quota.default_headcount != new_default or (not quota.is_override and quota.headcount != new_default):
            StaffingQuota.objects.filter(pk=quota.pk).update(**updates)
            changed += 1
    if changed and audit:
        audit_record(actor=actor, action="update", obj=commune, object_type="staffing.quota",
                     changes={"recomputed_fields": changed, "population": commune.population,
                              "mountainous": commune.is_mountainous})
    return changed


@transaction.atomic
def quota_override(*, actor, quota: StaffingQuota, headcount: int, reason: str) -> StaffingQuota:
    """Set a field's headcount for a commune by the province's decision, with its reason."""
    _require(may_manage_province(actor, quota.province_id),
             _("Chỉ cấp tỉnh mới được điều chỉnh định biên của xã."))
    reason = nfc(reason).strip()
    if headcount is None or headcount < 0:
        raise DomainError(_("Định biên không được nhỏ hơn 0."), field="headcount")
    if headcount > MAX_QUOTA_PER_FIELD:
        raise DomainError(_("Định biên một lĩnh vực không quá %(n)s.") % {"n": MAX_QUOTA_PER_FIELD},
                          field="headcount")
    if len(reason) < 5:
        raise DomainError(_("Cần ghi lý do điều chỉnh (ít nhất 5 ký tự)."), field="reason")
    # Lock the commune's every field so two overrides cannot together pass the cap.
    headcounts = dict(StaffingQuota.objects.select_for_update().filter(commune_id=quota.commune_id)
                      .values_list("pk", "headcount"))
    quota = StaffingQuota.objects.select_related("commune").get(pk=quota.pk)
    others = sum(v for pk, v in headcounts.items() if pk != quota.pk)
    cap = rules.quota_cap(quota.commune.kind, quota_params(quota.province_id))
    if others + headcount > cap:
        raise DomainError(_("Tổng định biên của %(commune)s sẽ là %(total)s, vượt mức tối đa %(cap)s. Hãy giảm "
                            "lĩnh vực khác trước.") % {"commune": quota.commune.name, "total": others + headcount,
                                                        "cap": cap}, field="headcount")
    before = {"headcount": quota.headcount, "is_override": quota.is_override, "reason": quota.override_reason}
    quota.headcount = headcount
    quota.is_override = True
    quota.override_reason = reason
    quota.gap = headcount - quota.active_count
    quota.save(update_fields=["headcount", "is_override", "override_reason", "gap", "updated_at"])
    audit_record(actor=actor, action="quota_override", obj=quota, before=before,
                 after={"headcount": headcount, "is_override": True, "reason": reason})
    return quota


@transaction.atomic
def quota_reset(*, actor, quota: StaffingQuota) -> StaffingQuota:
    """Return a field's headcount to the default rule."""
    _require(may_manage_province(actor, quota.province_id),
             _("Chỉ cấp tỉnh mới được điều chỉnh định biên của xã."))
    quota = StaffingQuota.objects.select_for_update().get(pk=quota.pk)
    before = {"headcount": quota.headcount, "is_override": quota.is_override}
    quota.headcount = quota.default_headcount
    quota.is_override = False
    quota.override_reason = ""
    quota.gap = quota.headcount - quota.active_count
    quota.save(update_fields=["headcount", "is_override", "override_reason", "gap", "updated_at"])
    audit_record(actor=actor, action="quota_reset", obj=quota, before=before,
                 after={"headcount": quota.headcount, "is_override": False})
    return quota


def _counted(commune_id: int | None, field: str, status: str) -> tuple[int, str] | None:
    if commune_id is None or status != StaffMember.Status.ACTIVE:
        return None
    return commune_id, field


def _recount(before: tuple[int, str] | None, after: tuple[int, str] | None) -> None:
    """Move one person between quota counters (quota rows must exist)."""
    if before == after:
        return
    for key, delta in ((before, -1), (after, 1)):
        if key is None:
            continue
        commune_id, field = key
        updated = StaffingQuota.objects.filter(commune_id=commune_id, field=field).update(
            active_count=F("active_count") + delta, gap=F("gap") - delta)
        if not updated:  # pragma: no cover - quotas_ensure runs first in every service
            raise DomainError(_("Chưa có định biên cho xã này."))


# --- travel support ------------------------------------------------------------------------

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
                  mountain_reduction_km: Decimal, bands, legal_basis: str = "") -> TravelAllowancePolicy:
    """Adopt a travel support policy for a province and recompute its staff's entitlements."""
    _require(may_manage_province(actor, province.pk), _("Chỉ cấp tỉnh mới được ban hành chính sách hỗ trợ đi lại."))
    bands = _validate_bands(list(bands))
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("Ngày kết thúc áp dụng phải sau ngày bắt đầu."), field="valid_to")
    if mountain_reduction_km < 0:
        raise DomainError(_("Mức giảm trừ không được âm."), field="mountain_reduction_km")
    policy = TravelAllowancePolicy.objects.create(
        province=province, name=nfc(name).strip(), legal_basis=nfc(legal_basis).strip(), valid_from=valid_from,
        valid_to=valid_to, mountain_reduction_km=mountain_reduction_km)
    TravelBand.objects.bulk_create([TravelBand(policy=policy, min_km=low, max_km=high, amount=amount)
                                    for low, high, amount in bands])
    changed = allowances_recompute(province_id=province.pk)
    audit_record(actor=actor, action="create", obj=policy, after={
        "name": policy.name, "valid_from": valid_from, "valid_to": valid_to,
        "mountain_reduction_km": mountain_reduction_km,
        "bands": [[str(low), str(high) if high is not None else None, amount] for low, high, amount in bands],
        "recomputed_members": changed})
    return policy


@transaction.atomic
def policy_update(*, actor, policy: TravelAllowancePolicy, name: str, valid_from: date, valid_to: date | None,
                  mountain_reduction_km: Decimal, bands, legal_basis: str = "") -> TravelAllowancePolicy:
    """Change a policy (bands, validity, reduction) and recompute the province's entitlements."""
    _require(may_manage_province(actor, policy.province_id),
             _("Chỉ cấp tỉnh mới được sửa chính sách hỗ trợ đi lại."))
    bands = _validate_bands(list(bands))
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("Ngày kết thúc áp dụng phải sau ngày bắt đầu."), field="valid_to")
    policy = TravelAllowancePolicy.objects.select_for_update().get(pk=policy.pk)
    before = {"name": policy.name, "valid_from": policy.valid_from, "valid_to": policy.valid_to,
              "mountain_reduction_km": policy.mountain_reduction_km,
              "bands": [[str(b.min_km), str(b.max_km) if b.max_km is not None else None, b.amount]
                        for b in policy.bands.all()]}
    policy.name, policy.legal_basis = nfc(name).strip(), nfc(legal_basis).strip()
    policy.valid_from, policy.valid_to, policy.mountain_reduction_km = valid_from, valid_to, mountain_reduction_km
    policy.save()
    policy.bands.all().delete()
    TravelBand.objects.bulk_create([TravelBand(policy=policy, min_km=low, max_km=high, amount=amount)
                                    for low, high, amount in bands])
    changed = allowances_recompute(province_id=policy.province_id)
    audit_record(actor=actor, action="update", obj=policy, before=before, after={
        "name": policy.name, "valid_from": valid_from, "valid_to": valid_to,
        "mountain_reduction_km": mountain_reduction_km,
        "bands": [[str(low), str(high) if high is not None else None, amount] for low, high, amount in bands]},
        changes={"recomputed_members": changed})
    return policy


# --- staff and personnel actions -----------------------------------------------------------

MOVES = {PersonnelAction.Kind.TRANSFER, PersonnelAction.Kind.ROTATION, PersonnelAction.Kind.SECONDMENT}
HIRES = {PersonnelAction.Kind.RECRUITMENT, PersonnelAction.Kind.LABOUR_CONTRACT}


def _check_decision(decision_number: str, decision_date: date, effective_date: date) -> str:
    number = nfc(decision_number).strip()
    if not number:
        raise DomainError(_("Cần số quyết định."), field="decision_number")
    if decision_date > timezone.localdate():
        raise DomainError(_("Ngày quyết định không được sau hôm nay."), field="decision_date")
    if effective_date < decision_date:
        raise DomainError(_("Ngày hiệu lực không được trước ngày quyết định."), field="effective_date")
    return number


def _check_unit(org_unit: OrgUnit | None, commune_id: int | None) -> None:
    if org_unit is not None and org_unit.commune_id != commune_id:
        raise DomainError(_("Đơn vị đã chọn không thuộc nơi làm việc của người này."), field="org_unit")


def _snapshot(member: StaffMember) -> dict:
    return {"commune": member.commune_id, "org_unit": member.org_unit_id, "field": member.field,
            "status": member.status, "category": member.category, "position": member.position,
            "seconded_from": member.seconded_from_id, "travel_allowance": member.travel_allowance}


def _refresh_allowance(member: StaffMember) -> None:
    member.travel_allowance = _member_allowance(member, policy_in_force(member.province_id))


@transaction.atomic
def staff_recruit(*, actor, province: Province, commune: Commune | None, full_name: str, gender: str,
                  birth_year: int, category: str, position: str, field: str, decision_number: str,
                  decision_date: date, effective_date: date, org_unit: OrgUnit | None = None,
                  qualification: str = "", home_commune: Commune | None = None, commute_km: Decimal = Decimal(0),
                  kind: str = PersonnelAction.Kind.RECRUITMENT, contract_until: date | None = None,
                  note: str = "") -> StaffMember:
    """Take a person on (recruitment, or a labour contract) in a commune or at the province."""
    if kind not in HIRES:
        raise DomainError(_("Loại quyết định không phải tuyển dụng hay hợp đồng."), field="kind")
    if commune is not None and commune.province_id != province.pk:
        raise DomainError(_("Xã đã chọn không thuộc tỉnh này."), field="commune")
    _require(can(actor, Action.CREATE, province_id=province.pk, commune_id=commune.pk if commune else None))
    if field not in Field.values:
        raise DomainError(_("Lĩnh vực chuyên môn không hợp lệ."), field="field")
    if category not in StaffMember.Category.values:
        raise DomainError(_("Loại cán bộ không hợp lệ."), field="category")
    if kind == PersonnelAction.Kind.LABOUR_CONTRACT:
        category = StaffMember.Category.HOP_DONG
    full_name = nfc(full_name).strip()
    if not full_name:
        raise DomainError(_("Cần họ và tên."), field="full_name")
    this_year = timezone.localdate().year
    if not 1940 <= birth_year <= this_year - 18:
        raise DomainError(_("Năm sinh phải từ 1940 đến %(year)s.") % {"year": this_year - 18}, field="birth_year")
    if commute_km < 0:
        raise DomainError(_("Quãng đường đi làm không được âm."), field="commute_km")
    number = _check_decision(decision_number, decision_date, effective_date)
    if contract_until is not None and contract_until < effective_date:
        raise DomainError(_("Ngày hết hạn hợp đồng phải sau ngày hiệu lực."), field="contract_until")
    _check_unit(org_unit, commune.pk if commune else None)
    if commune is not None:
        quotas_ensure(commune=commune)
        # Serialise hires into the same commune and field, so a form sent twice at once is seen as a duplicate.
        list(StaffingQuota.objects.select_for_update().filter(commune=commune, field=field))
    if PersonnelAction.objects.filter(kind=kind, decision_number=number, commune=commune, province=province,
                                      member__full_name=full_name, member__birth_year=birth_year).exists():
        raise DomainError(_("Quyết định số %(number)s cho %(name)s đã được ghi nhận trước đó.") % {
                              "number": number, "name": full_name},
                          field="decision_number", code="duplicate")
    member = StaffMember(province=province, commune=commune, full_name=full_name, gender=gender,
                         birth_year=birth_year, category=category, position=nfc(position).strip(), field=field,
                         org_unit=org_unit, qualification=nfc(qualification).strip(), home_commune=home_commune,
                         commute_km=commute_km, joined_on=effective_date, contract_until=contract_until)
    _refresh_allowance(member)
    member.save()
    PersonnelAction.objects.create(province=province, commune=commune, member=member, kind=kind,
                                   to_commune=commune, to_field=field, decision_number=number,
                                   decision_date=decision_date, effective_date=effective_date,
                                   note=nfc(note).strip(), created_by=actor)
    _recount(None, _counted(member.commune_id, member.field, member.status))
    audit_record(actor=actor, action=kind, obj=member, after=_snapshot(member) | {"decision_number": number})
    return member


@transaction.atomic
def staff_move(*, actor, member: StaffMember, kind: str, to_commune: Commune | None, decision_number: str,
               decision_date: date, effective_date: date, to_org_unit: OrgUnit | None = None,
               to_field: str = "", position: str = "", note: str = "") -> PersonnelAction:
    """Transfer, rotate or second a person within the province; both communes see the decision."""
    if kind not in MOVES:
        raise DomainError(_("Loại quyết định không phải điều động, luân chuyển hay biệt phái."), field="kind")
    member = StaffMember.objects.select_for_update(of=("self",)).select_related("commune").get(pk=member.pk)
    _require(may_manage_province(actor, member.province_id),
             _("Chỉ cấp tỉnh mới được điều động, luân chuyển, biệt phái giữa các đơn vị."))
    if not member.is_active:
        raise DomainError(_("%(name)s đã nghỉ việc.") % {"name": member.full_name}, code="invalid_transition")
    if to_commune is not None and to_commune.province_id != member.province_id:
        raise DomainError(_("Nơi đến không thuộc tỉnh quản lý người này."), field="to_commune")
    if to_commune is None and kind == PersonnelAction.Kind.SECONDMENT:
        raise DomainError(_("Biệt phái cần nơi đến là một xã, phường."), field="to_commune")
    if (to_commune.pk if to_commune else None) == member.commune_id:
        raise DomainError(_("Nơi đến trùng nơi đang làm việc."), field="to_commune")
    to_field = to_field or member.field
    if to_field not in Field.values:
        raise DomainError(_("Lĩnh vực chuyên môn không hợp lệ."), field="to_field")
    _check_unit(to_org_unit, to_commune.pk if to_commune else None)
    number = _check_decision(decision_number, decision_date, effective_date)
    if PersonnelAction.objects.filter(member=member, kind=kind, decision_number=number).exists():
        raise DomainError(_("Quyết định số %(number)s đã được áp dụng cho %(name)s.") % {
                              "number": number, "name": member.full_name},
                          field="decision_number", code="duplicate")
    for commune in (member.commune, to_commune):
        if commune is not None:
            quotas_ensure(commune=commune)
    before_key = _counted(member.commune_id, member.field, member.status)
    before = _snapshot(member)
    from_commune, from_field = member.commune, member.field
    if kind == PersonnelAction.Kind.SECONDMENT:
        if member.seconded_from_id is None:
            member.seconded_from = member.commune
    elif member.seconded_from_id is not None:
        member.seconded_from = None
    if to_commune is not None and to_commune.pk == member.seconded_from_id:
        member.seconded_from = None  # back home from a secondment
    member.commune, member.field, member.org_unit = to_commune, to_field, to_org_unit
    if position:
        member.position = nfc(position).strip()
    _refresh_allowance(member)
    member.save()
    action = PersonnelAction.objects.create(
        province_id=member.province_id, commune=to_commune, member=member, kind=kind, from_commune=from_commune,
        to_commune=to_commune, from_field=from_field, to_field=to_field, decision_number=number,
        decision_date=decision_date, effective_date=effective_date, note=nfc(note).strip(), created_by=actor)
    _recount(before_key, _counted(member.commune_id, member.field, member.status))
    audit_record(actor=actor, action=kind, obj=member, before=before,
                 after=_snapshot(member) | {"decision_number": number})
    return action


@transaction.atomic
def staff_leave(*, actor, member: StaffMember, decision_number: str, decision_date: date,
                effective_date: date, note: str = "") -> PersonnelAction:
    """Record that a person leaves (resignation, retirement, end of contract)."""
    member = StaffMember.objects.select_for_update().get(pk=member.pk)
    _require(can(actor, Action.EDIT, province_id=member.province_id, commune_id=member.commune_id))
    if not member.is_active:
        raise DomainError(_("%(name)s đã nghỉ việc.") % {"name": member.full_name}, code="invalid_transition")
    number = _check_decision(decision_number, decision_date, effective_date)
    if member.commune_id:
        quotas_ensure(commune=member.commune)
    before_key = _counted(member.commune_id, member.field, member.status)
    before = _snapshot(member)
    member.status, member.left_on, member.travel_allowance = StaffMember.Status.LEFT, effective_date, 0
    member.save()
    action = PersonnelAction.objects.create(
        province_id=member.province_id, commune_id=member.commune_id, member=member,
        kind=PersonnelAction.Kind.LEAVING, from_commune_id=member.commune_id, from_field=member.field,
        decision_number=number, decision_date=decision_date, effective_date=effective_date,
        note=nfc(note).strip(), created_by=actor)
    _recount(before_key, None)
    audit_record(actor=actor, action="leaving", obj=member, before=before,
                 after=_snapshot(member) | {"decision_number": number})
    return action


EDITABLE = ("full_name", "gender", "birth_year", "position", "qualification", "org_unit", "home_commune",
            "commute_km", "field", "contract_until")


@transaction.atomic
def staff_update(*, actor, member: StaffMember, **changes) -> StaffMember:
    """Correct a member's details; a change of field moves them between quota counters."""
    member = StaffMember.objects.select_for_update(of=("self",)).select_related("commune").get(pk=member.pk)
    _require(can(actor, Action.EDIT, province_id=member.province_id, commune_id=member.commune_id))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(_("Không sửa được trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "field" in changes and changes["field"] not in Field.values:
        raise DomainError(_("Lĩnh vực chuyên môn không hợp lệ."), field="field")
    if "commute_km" in changes and changes["commute_km"] < 0:
        raise DomainError(_("Quãng đường đi làm không được âm."), field="commute_km")
    if "birth_year" in changes and not 1940 <= changes["birth_year"] <= timezone.localdate().year - 18:
        raise DomainError(_("Năm sinh không hợp lệ."), field="birth_year")
    if "org_unit" in changes:
        _check_unit(changes["org_unit"], member.commune_id)
    if member.commune_id:
        quotas_ensure(commune=member.commune)
    before_key = _counted(member.commune_id, member.field, member.status)
    before = {k: getattr(member, k) for k in changes}
    for key, value in changes.items():
        setattr(member, key, nfc(value).strip() if isinstance(value, str) else value)
    _refresh_allowance(member)
    member.save()
    _recount(before_key, _counted(member.commune_id, member.field, member.status))
    audit_record(actor=actor, action="update", obj=member, before=before,
                 after={k: getattr(member, k) for k in changes})
    return member


# --- training ------------------------------------------------------------------------------

@transaction.atomic
def course_create(*, actor, province: Province, commune: Commune | None, title: str, field: str, organiser: str,
                  starts_on: date, ends_on: date, mode: str, capacity: int) -> TrainingCourse:
    _require(can(actor, Action.CREATE, province_id=province.pk, commune_id=commune.pk if commune else None))
    if field not in Field.values:
        raise DomainError(pgettext("specialty field", "Lĩnh vực không hợp lệ."), field="field")
    if mode not in TrainingCourse.Mode.values:
        raise DomainError(_("Hình thức không hợp lệ."), field="mode")
    if ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."), field="ends_on")
    if capacity < 1:
        raise DomainError(_("Số chỗ phải từ 1 trở lên."), field="capacity")
    course = TrainingCourse.objects.create(province=province, commune=commune, title=nfc(title).strip(),
                                           field=field, organiser=nfc(organiser).strip(), starts_on=starts_on,
                                           ends_on=ends_on, mode=mode, capacity=capacity)
    audit_record(actor=actor, action="create", obj=course, after={
        "title": course.title, "field": field, "starts_on": starts_on, "ends_on": ends_on, "capacity": capacity})
    return course


@transaction.atomic
def enrollment_create(*, actor, course: TrainingCourse, member: StaffMember) -> Enrollment:
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    _require(can(actor, Action.EDIT, province_id=member.province_id, commune_id=member.commune_id))
    if member.province_id != course.province_id or (course.commune_id and course.commune_id != member.commune_id):
        raise DomainError(_("Người này không thuộc phạm vi của khóa học."), field="member")
    if not member.is_active:
        raise DomainError(_("%(name)s đã nghỉ việc.") % {"name": member.full_name}, field="member")
    existing = Enrollment.objects.filter(course=course, member=member).first()
    if existing is not None and existing.status != Enrollment.Status.WITHDRAWN:
        raise DomainError(_("%(name)s đã đăng ký khóa học này.") % {"name": member.full_name}, field="member",
                          code="duplicate")
    taken = course.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).count()
    if taken >= course.capacity:
        raise DomainError(_("Khóa học đã đủ %(n)s chỗ.") % {"n": course.capacity}, field="member")
    if existing is not None:
        existing.status, existing.completed_on = Enrollment.Status.ENROLLED, None
        existing.save(update_fields=["status", "completed_on"])
        enrollment = existing
    else:
        enrollment = Enrollment.objects.create(province_id=member.province_id, commune_id=member.commune_id,
                                               course=course, member=member)
    audit_record(actor=actor, action="enroll", obj=enrollment, object_repr=f"Đăng ký khóa “{course.title}”",
                 after={"course": course.pk, "member": member.pk})
    return enrollment


ENROLLMENT_TRANSITIONS = {
    Enrollment.Status.ENROLLED: {Enrollment.Status.COMPLETED, Enrollment.Status.WITHDRAWN},
    Enrollment.Status.COMPLETED: set(),
    Enrollment.Status.WITHDRAWN: set(),
}


@transaction.atomic
def enrollment_set_status(*, actor, enrollment: Enrollment, status: str, on: date | None = None) -> Enrollment:
    """Mark an enrolment completed or withdrawn."""
    from thongsuot.core.errors import InvalidTransition

    enrollment = Enrollment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrollment.pk)
    _require(can(actor, Action.EDIT, province_id=enrollment.province_id, commune_id=enrollment.commune_id)
             or may_manage_province(actor, enrollment.course.province_id))
    if status not in ENROLLMENT_TRANSITIONS.get(enrollment.status, set()):
        raise InvalidTransition(_("Không thể chuyển từ “%(a)s” sang “%(b)s”.") % {
            "a": enrollment.get_status_display(), "b": Enrollment.Status(status).label})
    on = on or timezone.localdate()
    if status == Enrollment.Status.COMPLETED and on < enrollment.course.starts_on:
        raise DomainError(_("Ngày hoàn thành không được trước ngày khai giảng."), field="completed_on")
    before = {"status": enrollment.status}
    enrollment.status = status
    enrollment.completed_on = on if status == Enrollment.Status.COMPLETED else None
    enrollment.save(update_fields=["status", "completed_on"])
    audit_record(actor=actor, action="update", obj=enrollment, before=before,
                 after={"status": status, "completed_on": enrollment.completed_on})
    return enrollment
