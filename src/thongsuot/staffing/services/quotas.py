"""Staffing services: quotas and the counters behind the gaps."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.text import nfc
from thongsuot.core.versioning import bump, check_version, version_of
from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing import rules, tally
from thongsuot.staffing.models import QuotaRule, StaffingQuota, StaffMember
from thongsuot.staffing.permissions import may_manage_province
from thongsuot.staffing.services._common import MAX_QUOTA_PER_FIELD, _require

QUOTA_PARAM_FIELDS = ("base", "threshold", "step_mountain", "step_lowland", "cap_xa", "cap_urban")


def quota_params(province_id: int) -> rules.QuotaParams:
    """Return the province's staffing-frame figures, or the national ones."""
    rule = QuotaRule.objects.filter(province_id=province_id).first()
    if rule is None:
        return rules.NATIONAL
    return rules.QuotaParams(**{name: getattr(rule, name) for name in QUOTA_PARAM_FIELDS})


def quota_rule_version(province_id: int) -> int:
    """The version of the province's own frame an edit starts from (0: it has none yet)."""
    return version_of(QuotaRule.objects.filter(province_id=province_id).first())


@transaction.atomic
def quota_rule_set(*, actor, province: Province, reason: str, version: int | None = None, **figures) -> QuotaRule:
    """Set the province's own staffing frame and recompute every commune's default quotas, from the
    `version` the editor read (0: the province had no frame of its own yet)."""
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
    check_version(rule, version)
    before = {name: getattr(rule or rules.NATIONAL, name) for name in QUOTA_PARAM_FIELDS}
    if rule is None:
        rule = QuotaRule(province=province)
    else:
        bump(rule)
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


def quotas_missing(commune: Commune, existing: set[str]) -> list[StaffingQuota]:
    """Return, unsaved, the default rows of the fields a commune has no quota for yet (pages show these)."""
    if len(existing) >= len(StaffField.values):
        return []
    return [q for q in quotas_build(commune, _active_by_field(commune.pk)) if q.field not in existing]


def quotas_ensure(*, commune: Commune) -> None:
    """Create the commune's missing quota rows from the default rule, counting its current staff.

    Called by the writes that need the rows (never by a page view: those show `quotas_missing`)."""
    existing = set(StaffingQuota.objects.filter(commune=commune).values_list("field", flat=True))
    rows = quotas_missing(commune, existing)
    if rows:
        with transaction.atomic():
            StaffingQuota.objects.bulk_create(rows, ignore_conflicts=True)
            tally.refresh(province_ids=[commune.province_id], fields=[row.field for row in rows])


@transaction.atomic
def quotas_recompute(*, actor, commune: Commune, params: rules.QuotaParams | None = None, audit: bool = True) -> int:
    """Apply the default rule again (after a population change); overridden rows keep their headcount."""
    quotas_ensure(commune=commune)
    changed = 0
    defaults = rules.default_quotas(commune, params or quota_params(commune.province_id))
    for quota in StaffingQuota.objects.select_for_update().filter(commune=commune):
        new_default = defaults[quota.field]
        # A new default changes what an override page showed: an edit from before it is stale.
        updates = {"default_headcount": new_default, "version": F("version") + 1}
        if not quota.is_override:
            updates.update(headcount=new_default, gap=new_default - quota.active_count)
        if quota.default_headcount != new_default or (not quota.is_override and quota.headcount != new_default):
            StaffingQuota.objects.filter(pk=quota.pk).update(**updates)
            changed += 1
    if changed:
        tally.refresh(province_ids=[commune.province_id])
    if changed and audit:
        audit_record(actor=actor, action="update", obj=commune, object_type="staffing.quota",
                     changes={"recomputed_fields": changed, "population": commune.population,
                              "mountainous": commune.is_mountainous})
    return changed


@transaction.atomic
def quota_override(*, actor, quota: StaffingQuota, headcount: int, reason: str,
                   version: int | None = None) -> StaffingQuota:
    """Set a field's headcount for a commune by the province's decision, with its reason, from the
    `version` of the row the editor read."""
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
    check_version(quota, version)
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
    bump(quota)
    quota.save(update_fields=["headcount", "is_override", "override_reason", "gap", "version", "updated_at"])
    tally.refresh(province_ids=[quota.province_id], fields=[quota.field])
    audit_record(actor=actor, action="quota_override", obj=quota, before=before,
                 after={"headcount": headcount, "is_override": True, "reason": reason})
    return quota


@transaction.atomic
def quota_reset(*, actor, quota: StaffingQuota, version: int | None = None) -> StaffingQuota:
    """Return a field's headcount to the default rule, from the `version` of the row the editor read."""
    _require(may_manage_province(actor, quota.province_id),
             _("Chỉ cấp tỉnh mới được điều chỉnh định biên của xã."))
    quota = StaffingQuota.objects.select_for_update().get(pk=quota.pk)
    check_version(quota, version)
    before = {"headcount": quota.headcount, "is_override": quota.is_override}
    quota.headcount = quota.default_headcount
    quota.is_override = False
    quota.override_reason = ""
    quota.gap = quota.headcount - quota.active_count
    bump(quota)
    quota.save(update_fields=["headcount", "is_override", "override_reason", "gap", "version", "updated_at"])
    tally.refresh(province_ids=[quota.province_id], fields=[quota.field])
    audit_record(actor=actor, action="quota_reset", obj=quota, before=before,
                 after={"headcount": quota.headcount, "is_override": False})
    return quota


def _counted(commune_id: int | None, field: str, status: str) -> tuple[int, str] | None:
    if commune_id is None or status != StaffMember.Status.ACTIVE:
        return None
    return commune_id, field


def _recount(before: tuple[int, str] | None, after: tuple[int, str] | None) -> None:
    """Move one person between quota counters (quota rows must exist), and the provinces' shortage tally."""
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
    touched = {key for key in (before, after) if key is not None}
    provinces = dict(Commune.objects.filter(pk__in={c for c, _f in touched}).values_list("pk", "province_id"))
    for province_id in sorted(set(provinces.values())):
        tally.refresh(province_ids=[province_id],
                      fields=[f for c, f in touched if provinces.get(c) == province_id])


@transaction.atomic
def quotas_recount(*, communes) -> int:
    """Lay out the communes' missing quota rows and set their counters (active staff per field, and
    the gap) from the staff as they now are: once per import instead of one move per person, giving
    what the moves one by one give. Return how many rows changed."""
    communes = {commune.pk: commune for commune in communes}
    if not communes:
        return 0
    existing: dict[int, set[str]] = {pk: set() for pk in communes}
    for commune_id, field in StaffingQuota.objects.filter(commune_id__in=communes).values_list("commune_id", "field"):
        existing[commune_id].add(field)
    missing = [row for pk, commune in communes.items() for row in quotas_build(commune)
               if len(existing[pk]) < len(StaffField.values) and row.field not in existing[pk]]
    StaffingQuota.objects.bulk_create(missing, ignore_conflicts=True)
    active = {(commune_id, field): n for commune_id, field, n in
              StaffMember.objects.filter(commune_id__in=communes, status=StaffMember.Status.ACTIVE)
              .values_list("commune_id", "field").annotate(n=Count("id")).values_list("commune_id", "field", "n")}
    changed = []
    for pk, commune_id, field, headcount, active_count, gap in (
            StaffingQuota.objects.select_for_update().filter(commune_id__in=communes)
            .values_list("pk", "commune_id", "field", "headcount", "active_count", "gap")):
        count = active.get((commune_id, field), 0)
        if active_count != count or gap != headcount - count:
            changed.append((count, headcount - count, pk))
    # One prepared statement for every row (`bulk_update`'s CASE over 1,000 rows costs seconds).
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {StaffingQuota._meta.db_table} SET active_count = %s, gap = %s WHERE id = %s",
                           changed)
    if changed or missing:
        tally.refresh(province_ids={commune.province_id for commune in communes.values()})
    return len(changed)
