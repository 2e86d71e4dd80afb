"""Who may see and change premises, equipment and connections, on top of the platform's permission module.

Territory comes from `accounts.permissions`; the rules of this app are that only the ministries
that follow these figures (finance for public assets, science and technology for digital
infrastructure) see them, that ministries only read, and that a province leader (or the nation)
decides plans and requests while a commune records them.
"""

from __future__ import annotations

from thongsuot.accounts.permissions import Action, can, scope_of
from thongsuot.core.vocabulary import Sector

#: Ministries that follow these figures nationally: public assets (finance) and digital
#: infrastructure (science and technology, which took over information and communications).
MINISTRY_SECTORS = {Sector.FINANCE, Sector.SCIENCE_TECHNOLOGY}


def ministry_sees_facilities(scope) -> bool:
    return scope is not None and scope.is_ministry and scope.agency.sector in MINISTRY_SECTORS


def sees_facilities(scope) -> bool:
    """Every agency sees the pages of its territory; of the ministries, only those following these figures."""
    return scope is not None and (not scope.is_ministry or ministry_sees_facilities(scope))


def may_see_facilities(user) -> bool:
    return sees_facilities(scope_of(user))


def may_see_nation(user) -> bool:
    """National bodies (and the ministries that follow these figures) see the table of provinces."""
    scope = scope_of(user)
    return bool(scope and (scope.is_central or scope.is_ministry))


def own_commune(user):
    """The commune a commune official works for (their forms need no commune code); None for others."""
    scope = scope_of(user)
    return scope.agency.commune if scope is not None and scope.is_commune else None


def _may(user, action: Action) -> bool:
    scope = scope_of(user)
    return bool(scope and scope.allows(action) and not scope.is_ministry)


def may_create_records(user) -> bool:
    """Record premises and draft requests somewhere in the territory (ministries only read)."""
    return _may(user, Action.CREATE)


def may_edit_equipment(user) -> bool:
    return _may(user, Action.EDIT)


def may_decide_procurement(user) -> bool:
    """Approve or reject requests: province leaders and the nation, not communes."""
    scope = scope_of(user)
    return _may(user, Action.APPROVE) and not scope.is_commune


def _on(user, action: Action, place) -> bool:
    """`action` on a commune, or on a record of one (which carries `province_id` and `commune_id`)."""
    commune_id = place.commune_id if hasattr(place, "commune_id") else place.pk
    return can(user, action, province_id=place.province_id, commune_id=commune_id)


def may_create_in(user, place) -> bool:
    """Record something for a commune (or about one of its records)."""
    return _on(user, Action.CREATE, place)


def may_edit_in(user, place) -> bool:
    """Change a commune's figures or one of its records."""
    return _on(user, Action.EDIT, place)


def may_approve_in(user, place) -> bool:
    """Decisions on a commune's plans and requests belong to province leaders (or the nation)."""
    scope = scope_of(user)
    return bool(scope and not scope.is_commune and _on(user, Action.APPROVE, place))

