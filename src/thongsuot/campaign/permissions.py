"""Who sees the campaign scorecard, and which places.

National sees every province and commune; a province its own and its communes; a commune itself.
A ministry sees the national picture and may drill down anywhere, but each figure is read through
the owning app's own scoped selector, so it counts only what that app shows the ministry (cases
addressed to it, the staff fields of its sector, …): the national picture of its domain. The trend
charts are aggregate counts without records and are shown to ministries for the whole nation.
Anonymous visitors see nothing (decisions record 39).
"""

from __future__ import annotations

from thongsuot.accounts.permissions import in_territory, scope_of


def sees_campaign(scope) -> bool:
    return scope is not None


def may_see_campaign(user) -> bool:
    return sees_campaign(scope_of(user))


def may_see_place(user, *, province_id: int | None, commune_id: int | None) -> bool:
    """Whether the user may open the scorecard of the nation (both None), a province or a commune."""
    scope = scope_of(user)
    if scope is None:
        return False
    if scope.is_central or scope.is_ministry:
        return True
    if province_id is None:
        return False
    if scope.is_province:
        return in_territory(user, province_id=province_id, commune_id=commune_id)
    return commune_id is not None and in_territory(user, province_id=province_id, commune_id=commune_id)
