"""Staffing's own rules, built on the platform's permission module.

Names and other personal data of staff are for those whose work needs them: the commune
that employs the person and its province. The nation and the ministries see counts.
"""

from django.db.models import Q

from thongsuot.accounts.permissions import Action, scope_of
from thongsuot.core.vocabulary import SECTOR_STAFF_FIELDS


def may_see_names(user) -> bool:
    """Return whether the user may see staff members' names and personal details."""
    scope = scope_of(user)
    return bool(scope and (scope.is_province or scope.is_commune) and scope.allows(Action.VIEW))


def may_see_counts(user) -> bool:
    """Return whether the user may see staffing figures (everyone with an agency)."""
    return scope_of(user) is not None


def may_manage_province(user, province_id: int) -> bool:
    """Return whether the user acts for this province (or the nation) with a role that may edit."""
    scope = scope_of(user)
    if scope is None or not scope.allows(Action.EDIT):
        return False
    return scope.is_central or (scope.is_province and scope.province_id == province_id)


def ministry_fields_q(user, field_lookup: str = "field") -> Q:
    """Return what a ministry sees of staffing figures: the fields of its sector (all for Nội vụ)."""
    scope = scope_of(user)
    fields = SECTOR_STAFF_FIELDS.get(scope.agency.sector) if scope is not None else set()
    if fields is None:
        return Q()
    return Q(**{f"{field_lookup}__in": sorted(fields)})
