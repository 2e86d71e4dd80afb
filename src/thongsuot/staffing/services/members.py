"""Staffing services: staff and personnel actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.bulkload import insert_objects, insert_rows
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import create_once
from thongsuot.core.text import nfc
from thongsuot.core.versioning import bump, check_version
from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing.models import OrgUnit, PersonnelAction, StaffingQuota, StaffMember
from thongsuot.staffing.permissions import may_edit_member, may_move_member, may_recruit
from thongsuot.staffing.services._common import _require
from thongsuot.staffing.services.quotas import _counted, _recount, quotas_ensure
from thongsuot.staffing.services.travel import _member_allowance, policy_in_force

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
                  note: str = "", submission_key: str = "") -> StaffMember:
    """Take a person on (recruitment, or a labour contract) in a commune or at the province.

    A resent recruitment (same `submission_key` from the same user) returns the person the first one took on.
    """
    if kind not in HIRES:
        raise DomainError(_("Loại quyết định không phải tuyển dụng hay hợp đồng."), field="kind")
    if commune is not None and commune.province_id != province.pk:
        raise DomainError(_("Xã đã chọn không thuộc tỉnh này."), field="commune")
    _require(may_recruit(actor, province_id=province.pk, commune_id=commune.pk if commune else None))
    if field not in StaffField.values:
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
    member = StaffMember(province=province, commune=commune, full_name=full_name, gender=gender,
                         birth_year=birth_year, category=category, position=nfc(position).strip(), field=field,
                         org_unit=org_unit, qualification=nfc(qualification).strip(), home_commune=home_commune,
                         commute_km=commute_km, joined_on=effective_date, contract_until=contract_until,
                         created_by=actor)
    decision = PersonnelAction(province=province, commune=commune, kind=kind, to_commune=commune, to_field=field,
                               decision_number=number, decision_date=decision_date, effective_date=effective_date,
                               note=nfc(note).strip(), created_by=actor)
    return create_once(StaffMember, author=actor, key=submission_key,
                       create=lambda key: _hire(actor=actor, member=member, decision=decision, key=key))


def _hire(*, actor, member: StaffMember, decision: PersonnelAction, key: str) -> StaffMember:
    commune, number = member.commune, decision.decision_number
    if commune is not None:
        quotas_ensure(commune=commune)
        # Serialise hires into the same commune and field, so a form sent twice at once is seen as a duplicate.
        list(StaffingQuota.objects.select_for_update().filter(commune=commune, field=member.field))
    if PersonnelAction.objects.filter(kind=decision.kind, decision_number=number, commune=commune,
                                      province=member.province, member__full_name=member.full_name,
                                      member__birth_year=member.birth_year).exists():
        raise DomainError(_("Quyết định số %(number)s cho %(name)s đã được ghi nhận trước đó.") % {
                              "number": number, "name": member.full_name},
                          field="decision_number", code="duplicate")
    member.submission_key = key
    _refresh_allowance(member)
    member.save()
    decision.member = member
    decision.save()
    _recount(None, _counted(member.commune_id, member.field, member.status))
    audit_record(actor=actor, action=decision.kind, obj=member, after=_snapshot(member) | {"decision_number": number})
    return member


@transaction.atomic
def staff_move(*, actor, member: StaffMember, kind: str, to_commune: Commune | None, decision_number: str,
               decision_date: date, effective_date: date, to_org_unit: OrgUnit | None = None,
               to_field: str = "", position: str = "", note: str = "", submission_key: str = "") -> PersonnelAction:
    """Transfer, rotate or second a person within the province; both communes see the decision.

    A resent decision (same `submission_key` from the same user) returns the decision the first one applied."""
    args = {k: v for k, v in locals().items() if k != "submission_key"}
    return create_once(PersonnelAction, author=actor, key=submission_key, create=lambda key: _move(**args, key=key))


def _move(*, actor, member: StaffMember, kind: str, to_commune: Commune | None, decision_number: str,
          decision_date: date, effective_date: date, to_org_unit: OrgUnit | None, to_field: str, position: str,
          note: str, key: str) -> PersonnelAction:
    if kind not in MOVES:
        raise DomainError(_("Loại quyết định không phải điều động, luân chuyển hay biệt phái."), field="kind")
    member = StaffMember.objects.select_for_update(of=("self",)).select_related("commune").get(pk=member.pk)
    _require(may_move_member(actor, member),
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
    if to_field not in StaffField.values:
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
    bump(member)
    member.save()
    action = PersonnelAction.objects.create(
        province_id=member.province_id, commune=to_commune, member=member, kind=kind, from_commune=from_commune,
        to_commune=to_commune, from_field=from_field, to_field=to_field, decision_number=number,
        decision_date=decision_date, effective_date=effective_date, note=nfc(note).strip(), created_by=actor,
        submission_key=key)
    _recount(before_key, _counted(member.commune_id, member.field, member.status))
    audit_record(actor=actor, action=kind, obj=member, before=before,
                 after=_snapshot(member) | {"decision_number": number})
    return action


@transaction.atomic
def staff_leave(*, actor, member: StaffMember, decision_number: str, decision_date: date,
                effective_date: date, note: str = "", submission_key: str = "") -> PersonnelAction:
    """Record that a person leaves (resignation, retirement, end of contract); a resent one returns the first."""
    args = {k: v for k, v in locals().items() if k != "submission_key"}
    return create_once(PersonnelAction, author=actor, key=submission_key, create=lambda key: _leave(**args, key=key))


def _leave(*, actor, member: StaffMember, decision_number: str, decision_date: date, effective_date: date,
           note: str, key: str) -> PersonnelAction:
    member = StaffMember.objects.select_for_update().get(pk=member.pk)
    _require(may_edit_member(actor, member))
    if not member.is_active:
        raise DomainError(_("%(name)s đã nghỉ việc.") % {"name": member.full_name}, code="invalid_transition")
    number = _check_decision(decision_number, decision_date, effective_date)
    if member.commune_id:
        quotas_ensure(commune=member.commune)
    before_key = _counted(member.commune_id, member.field, member.status)
    before = _snapshot(member)
    member.status, member.left_on, member.travel_allowance = StaffMember.Status.LEFT, effective_date, 0
    bump(member)
    member.save()
    action = PersonnelAction.objects.create(
        province_id=member.province_id, commune_id=member.commune_id, member=member,
        kind=PersonnelAction.Kind.LEAVING, from_commune_id=member.commune_id, from_field=member.field,
        decision_number=number, decision_date=decision_date, effective_date=effective_date,
        note=nfc(note).strip(), created_by=actor, submission_key=key)
    _recount(before_key, None)
    audit_record(actor=actor, action="leaving", obj=member, before=before,
                 after=_snapshot(member) | {"decision_number": number})
    return action


EDITABLE = ("full_name", "gender", "birth_year", "position", "qualification", "org_unit", "home_commune",
            "commute_km", "field", "contract_until")


@transaction.atomic
def staff_update(*, actor, member: StaffMember, version: int | None = None, **changes) -> StaffMember:
    """Correct a member's details, from the `version` the editor read; a change of field moves them
    between quota counters."""
    member = StaffMember.objects.select_for_update(of=("self",)).select_related("commune").get(pk=member.pk)
    _require(may_edit_member(actor, member))
    check_version(member, version)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(_("Không sửa được trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "field" in changes and changes["field"] not in StaffField.values:
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
    bump(member)
    member.save()
    _recount(before_key, _counted(member.commune_id, member.field, member.status))
    audit_record(actor=actor, action="update", obj=member, before=before,
                 after={k: getattr(member, k) for k in changes})
    return member


# -- many at once (the import of a staff file) ---------------------------------------------------

def _allowances(province_ids) -> dict:
    return {province_id: policy_in_force(province_id) for province_id in province_ids}


@transaction.atomic
def staff_recruit_batch(*, actor, members: list[StaffMember], decision_number: str) -> list[StaffMember]:
    """Take on many people at once, each with the recruitment decision `decision_number` dated their
    start date: what `staff_recruit` does for one, written with `core.bulkload.insert_objects`
    (COPY on PostgreSQL) and their decisions with `insert_rows`.

    The members come unsaved, their values checked by the caller (the import's `changes`, so that
    its dry run reports them); the permission is checked per commune here. No audit event per
    person and no counter per row: the caller records the one event of the import and recounts the
    communes' quota counters once (`quotas_recount`)."""
    number = nfc(decision_number).strip()
    allowed: dict[tuple, bool] = {}
    for member in members:
        place = (member.province_id, member.commune_id)
        if place not in allowed:
            allowed[place] = may_recruit(actor, province_id=member.province_id, commune_id=member.commune_id)
        _require(allowed[place])
    policies = _allowances({member.province_id for member in members})
    for member in members:
        member.full_name, member.position = nfc(member.full_name).strip(), nfc(member.position).strip()
        member.qualification = nfc(member.qualification).strip()
        member.created_by = actor
        member.travel_allowance = _member_allowance(member, policies[member.province_id])
        member.refresh_search_key()
    insert_objects(StaffMember, members)
    _insert_recruitments(members, number=number, actor=actor)
    return members


#: The columns of a recruitment decision written by `_insert_recruitments`.
_DECISION_COLUMNS = ("province_id", "commune_id", "member_id", "kind", "from_commune_id", "to_commune_id", "from_field",
                     "to_field", "decision_number", "decision_date", "effective_date", "note", "created_by_id",
                     "created_at", "submission_key")


def _insert_recruitments(members: list[StaffMember], *, number: str, actor) -> None:
    """The members' recruitment decisions, written with `insert_rows` (no model instance per row)."""
    now, kind = timezone.now(), PersonnelAction.Kind.RECRUITMENT
    insert_rows(PersonnelAction, _DECISION_COLUMNS,
                [(m.province_id, m.commune_id, m.pk, kind, None, m.commune_id, "", m.field, number, m.joined_on,
                  m.joined_on, "", actor.pk, now, "") for m in members], ids=False)


@transaction.atomic
def staff_update_batch(*, actor, changes: list[tuple[StaffMember, dict]]) -> None:
    """Correct many members at once (`staff_update` for each, written with `bulk_update`): each
    member as read at its `version` (a member changed since is refused, as on the form), the
    changes among `EDITABLE` and checked by the caller. No audit event per member and no counter per
    row: the caller records the import's one event and recounts the quota counters once."""
    if not changes:
        return
    fields = sorted({key for _member, values in changes for key in values})
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(_("Không sửa được trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    current = dict(StaffMember.objects.select_for_update().filter(pk__in=[m.pk for m, _v in changes])
                   .values_list("pk", "version"))
    policies = _allowances({member.province_id for member, _values in changes})
    now = timezone.now()
    for member, values in changes:
        _require(may_edit_member(actor, member))
        check_version(member, current.get(member.pk, -1))
        for key, value in values.items():
            setattr(member, key, nfc(value).strip() if isinstance(value, str) else value)
        member.travel_allowance = _member_allowance(member, policies[member.province_id])
        member.refresh_search_key()
        member.updated_at = now
        bump(member)
    StaffMember.objects.bulk_update([m for m, _v in changes],
                                    [*fields, "travel_allowance", "search_key", "version", "updated_at"],
                                    batch_size=1000)
