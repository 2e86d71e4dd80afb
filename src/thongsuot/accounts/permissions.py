"""The one permission module: who may see what, and who may do what to which record.

Every view, API endpoint and export asks these functions; none decides on its own.

Seeing is territorial. The national level sees everything; a province sees itself and
its communes; a commune sees itself; a ministry sees what is addressed to it (each app
says what that is by passing `ministry_q`); an anonymous visitor sees nothing here.
Doing needs both a role that allows the action and a record inside the user's scope.

A record outside a user's scope answers exactly like a record that does not exist:
`get_visible_or_404` raises the same `Http404` for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.http import Http404

from thongsuot.accounts.models import Agency, Level, Membership, Role
from thongsuot.geo.models import Commune, Province


class Action(StrEnum):
    VIEW = "view"
    EXPORT = "export"
    CREATE = "create"
    EDIT = "edit"
    APPROVE = "approve"      # approve a report, acknowledge a case
    ESCALATE = "escalate"    # send up, sign a written request
    RESOLVE = "resolve"      # resolve, answer, close
    MANAGE_MEMBERS = "manage_members"


_READ = {Action.VIEW, Action.EXPORT}
_WRITE = _READ | {Action.CREATE, Action.EDIT}
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.VIEWER: frozenset(_READ),
    Role.OFFICER: frozenset(_WRITE),
    Role.LEADER: frozenset(_WRITE | {Action.APPROVE, Action.ESCALATE, Action.RESOLVE}),
    Role.ADMIN: frozenset(_READ | {Action.MANAGE_MEMBERS}),
}


@dataclass(frozen=True)
class Scope:
    """Where a signed-in user stands: their agency, its level and territory, and their role."""

    agency: Agency
    role: str

    @property
    def level(self) -> str:
        return self.agency.level

    @property
    def province_id(self) -> int | None:
        return self.agency.province_id

    @property
    def commune_id(self) -> int | None:
        return self.agency.commune_id

    # The agency's level, as the templates and rules ask it.
    is_central = property(lambda self: self.level == Level.CENTRAL)
    is_ministry = property(lambda self: self.level == Level.MINISTRY)
    is_province = property(lambda self: self.level == Level.PROVINCE)
    is_commune = property(lambda self: self.level == Level.COMMUNE)

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)

    def allows(self, action: Action | str) -> bool:
        return Action(action) in ROLE_ACTIONS.get(self.role, frozenset())


#: What a scope reads with the membership (the user loader of each request reads the same with the user).
SCOPE_RELATED = ("agency", "agency__province", "agency__commune")


def scope_of(user) -> Scope | None:
    """Return the user's scope, or None for anonymous users and users without an agency."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_thongsuot_scope", False)
    if cached is not False:
        return cached
    return remember_scope(user, Membership.objects.select_related(*SCOPE_RELATED).filter(user_id=user.pk).first())


def remember_scope(user, membership: Membership | None) -> Scope | None:
    """Keep the scope of `membership` (None: no agency) on `user` for the request, as `scope_of` reads it."""
    scope = Scope(agency=membership.agency, role=membership.role) if membership else None
    user._thongsuot_scope = scope
    return scope


def may_read_audit_log(user) -> bool:
    """National administrators read the whole audit log (and the history of types no app claims)."""
    scope = scope_of(user)
    return bool(scope and scope.is_central and scope.allows("manage_members"))


def may_manage_members(user) -> bool:
    """Agency administrators manage the members of their agency and of the agencies below it."""
    scope = scope_of(user)
    return bool(scope and scope.allows(Action.MANAGE_MEMBERS))


def may_export(user) -> bool:
    """Every signed-in role of an agency may take the lists it sees out as Excel (Action.EXPORT)."""
    scope = scope_of(user)
    return bool(scope and scope.allows(Action.EXPORT))


def scope_filter(user, queryset: QuerySet, *, province_field: str | None = "province",
                 commune_field: str | None = "commune", ministry_q: Q | None = None) -> QuerySet:
    """Keep the rows of `queryset` that `user` may see.

    `province_field` and `commune_field` name the record's territory; a record with no
    commune (filed by the province itself) is seen by the province and the nation only.
    `ministry_q` says what a ministry sees; without it a ministry sees nothing.
    """
    scope = scope_of(user)
    if scope is None:
        return queryset.none()
    if scope.is_central:
        return queryset
    if scope.is_ministry:
        return queryset.filter(ministry_q) if ministry_q is not None else queryset.none()
    if scope.is_province and province_field:
        return queryset.filter(**{f"{province_field}_id": scope.province_id})
    if scope.is_commune and commune_field:
        return queryset.filter(**{f"{commune_field}_id": scope.commune_id})
    return queryset.none()


def visible_provinces(user) -> QuerySet[Province]:
    """Return the provinces whose records the user may see (a ministry: all, for national figures)."""
    scope = scope_of(user)
    if scope is None:
        return Province.objects.none()
    if scope.is_central or scope.is_ministry:
        return Province.objects.all()
    return Province.objects.filter(pk=scope.province_id)


def visible_communes(user) -> QuerySet[Commune]:
    """Return the communes the user may see: all, a province's, or their own."""
    scope = scope_of(user)
    if scope is None:
        return Commune.objects.none()
    if scope.is_central or scope.is_ministry:
        return Commune.objects.all()
    if scope.is_province:
        return Commune.objects.filter(province_id=scope.province_id)
    return Commune.objects.filter(pk=scope.commune_id)


def visible_agencies(user) -> QuerySet[Agency]:
    """Return the agencies the user may see: their own, those below, and the national bodies."""
    scope = scope_of(user)
    if scope is None:
        return Agency.objects.none()
    national = Q(level__in=[Level.CENTRAL, Level.MINISTRY])
    if scope.is_central or scope.is_ministry:
        return Agency.objects.all()
    if scope.is_province:
        return Agency.objects.filter(national | Q(province_id=scope.province_id))
    return Agency.objects.filter(national | Q(pk=scope.agency.pk) | Q(pk=scope.agency.parent_id))


def manageable_agencies(user) -> QuerySet[Agency]:
    """Return the agencies whose members `user` may manage: their own and those below it."""
    scope = scope_of(user)
    if scope is None or not scope.allows(Action.MANAGE_MEMBERS):
        return Agency.objects.none()
    if scope.is_central:
        return Agency.objects.all()
    if scope.is_province:
        return Agency.objects.filter(province_id=scope.province_id)
    return Agency.objects.filter(pk=scope.agency.pk)


def in_territory(user, *, province_id: int | None, commune_id: int | None) -> bool:
    """Return whether a place (a province, or a commune of it) lies in the user's territory."""
    scope = scope_of(user)
    if scope is None:
        return False
    if scope.is_central:
        return True
    if scope.is_province:
        return province_id is not None and province_id == scope.province_id
    if scope.is_commune:
        return commune_id is not None and commune_id == scope.commune_id
    return False


def can(user, action: Action | str, *, province_id: int | None = None, commune_id: int | None = None) -> bool:
    """Return whether `user` may do `action` to a record of that territory."""
    scope = scope_of(user)
    if scope is None or not scope.allows(action):
        return False
    return in_territory(user, province_id=province_id, commune_id=commune_id)


def can_on(user, action: Action | str, record) -> bool:
    """`can`, reading the territory from a record's `province_id` and `commune_id`."""
    return can(user, action, province_id=getattr(record, "province_id", None),
               commune_id=getattr(record, "commune_id", None))


def get_visible_or_404(queryset: QuerySet, **lookup):
    """Return the one row of an already-scoped queryset, or 404 — missing or forbidden alike."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
