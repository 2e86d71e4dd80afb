"""Staffing's own rules, built on the platform's permission module.

Names and other personal data of staff are for those whose work needs them: the commune
that employs the person and its province. The nation and the ministries see counts.
Views, the API, services and templates ask these rules (`may_<verb>_<thing>`), never the scope.
"""

from django.db.models import Q

from thongsuot.accounts.permissions import Action, can, can_on, scope_of
from thongsuot.core.vocabulary import SECTOR_STAFF_FIELDS, StaffField


def may_see_names(user) -> bool:
    """Return whether the user may see staff members' names and personal details."""
    scope = scope_of(user)
    return bool(scope and (scope.is_province or scope.is_commune) and scope.allows(Action.VIEW))


def may_see_counts(user) -> bool:
    """Return whether the user may see staffing figures (everyone with an agency)."""
    return scope_of(user) is not None


def may_manage_province(user, province_id: int | None) -> bool:
    """Return whether the user acts for this province (or the nation) with a role that may edit."""
    scope = scope_of(user)
    if scope is None or province_id is None or not scope.allows(Action.EDIT):
        return False
    return scope.is_central or (scope.is_province and scope.province_id == province_id)


def may_manage_own_province(user) -> bool:
    """Return whether the user acts for their own province (or the nation) with a role that may edit:
    who imports quotas or communes' figures."""
    scope = scope_of(user)
    return scope is not None and may_manage_province(user, scope.province_id if scope.is_province else 0)


def may_set_province_rules(user) -> bool:
    """Return whether the user sets their own province's staffing frame and apparatus limits."""
    scope = scope_of(user)
    return bool(scope and scope.is_province and may_manage_province(user, scope.province_id))


def may_recruit(user, *, province_id: int | None = None, commune_id: int | None = None) -> bool:
    """Return whether the user takes people on: anywhere they may create, or in this place."""
    if province_id is None:
        scope = scope_of(user)
        return bool(scope and scope.allows(Action.CREATE))
    return can(user, Action.CREATE, province_id=province_id, commune_id=commune_id)


def may_import_members(user) -> bool:
    """Return whether the user imports a staff file: a commune or province that may take people on
    (the nation and the ministries see counts, not names)."""
    return may_see_names(user) and may_recruit(user)


def may_edit_member(user, member) -> bool:
    """Return whether the user corrects a member's details or records their leaving."""
    return can_on(user, Action.EDIT, member)


def may_move_member(user, member) -> bool:
    """Transfers, rotations and secondments are decided by the province."""
    return may_manage_province(user, member.province_id)


def may_add_unit(user, commune) -> bool:
    return can(user, Action.CREATE, province_id=commune.province_id, commune_id=commune.pk)


def may_edit_units(user, commune) -> bool:
    """Return whether the user renames or removes a commune's organisation units."""
    return can(user, Action.EDIT, province_id=commune.province_id, commune_id=commune.pk)


def may_edit_unit(user, unit) -> bool:
    return can_on(user, Action.EDIT, unit)


def may_add_course(user, *, province_id: int | None = None, commune_id: int | None = None) -> bool:
    """Courses are organised by a province or a commune (not the nation or a ministry)."""
    scope = scope_of(user)
    if scope is None or not (scope.is_province or scope.is_commune):
        return False
    if province_id is None:
        return scope.allows(Action.CREATE)
    return can(user, Action.CREATE, province_id=province_id, commune_id=commune_id)


def may_enrol(user, member) -> bool:
    return can_on(user, Action.EDIT, member)


def may_edit_enrollment(user, enrollment) -> bool:
    """The member's own unit, or the province that runs the course, marks an enrolment."""
    return can_on(user, Action.EDIT, enrollment) or may_manage_province(user, enrollment.course.province_id)


def may_add_policy(user) -> bool:
    """Travel-support policies are issued by a province."""
    scope = scope_of(user)
    return bool(scope and scope.is_province and scope.allows(Action.CREATE))


def may_edit_policy(user, province_id: int | None) -> bool:
    return may_manage_province(user, province_id)


def ministry_fields_q(user, field_lookup: str = "field") -> Q:
    """Return what a ministry sees of staffing figures: the fields of its sector (all for Nội vụ)."""
    scope = scope_of(user)
    fields = SECTOR_STAFF_FIELDS.get(scope.agency.sector) if scope is not None else set()
    if fields is None:
        return Q()
    return Q(**{f"{field_lookup}__in": sorted(fields)})


def fields_seen(user) -> set[str]:
    """Return the specialty fields whose figures the user sees (a ministry: its sector's)."""
    scope = scope_of(user)
    if scope is None:
        return set()
    if not scope.is_ministry:
        return set(StaffField.values)
    fields = SECTOR_STAFF_FIELDS.get(scope.agency.sector)
    return set(StaffField.values) if fields is None else set(fields)
