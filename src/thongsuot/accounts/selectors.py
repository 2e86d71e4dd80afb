from django.db.models import Count, Q, QuerySet

from thongsuot.accounts.models import Membership
from thongsuot.accounts.permissions import (
    get_visible_or_404,
    manageable_agencies,
    visible_communes,
    visible_provinces,
)
from thongsuot.core.text import filter_folded
from thongsuot.geo.models import Commune, Province
from thongsuot.geo.selectors import provinces_named


def member_list(*, user, query: str = "", agency_id: int | None = None) -> QuerySet[Membership]:
    """Return the memberships `user` may manage, optionally narrowed by text and agency."""
    memberships = (Membership.objects.filter(agency__in=manageable_agencies(user))
                   .select_related("user", "agency").order_by("agency__level", "agency__code", "user__username"))
    if agency_id:
        memberships = memberships.filter(agency_id=agency_id)
    if query:
        memberships = filter_folded(memberships, query, field="agency__search_key") \
            | memberships.filter(user__username__icontains=query.strip()[:50])
    return memberships


def access_member(user, pk) -> Membership:
    """The membership `pk` if the user manages it; 404 for one out of reach or missing alike."""
    return get_visible_or_404(member_list(user=user), pk=pk)


def province_list(*, user, query: str = "") -> QuerySet[Province]:
    """Return the provinces the user may see, with their commune counts by kind."""
    provinces = visible_provinces(user).order_by("code").annotate(
        commune_count=Count("communes"),
        xa_count=Count("communes", filter=Q(communes__kind=Commune.Kind.XA)),
        phuong_count=Count("communes", filter=Q(communes__kind=Commune.Kind.PHUONG)),
        dac_khu_count=Count("communes", filter=Q(communes__kind=Commune.Kind.DAC_KHU)),
    )
    if not query:
        return provinces
    named = provinces_named(query)
    return provinces.filter(code__in=named) if named else filter_folded(provinces, query)


def commune_list(*, user, query: str = "", province: Province | None = None, kind: str = "") -> QuerySet[Commune]:
    """Return the communes the user may see, narrowed by diacritic-insensitive text, province and kind.

    A query that names a province ("dak lak", "TP HCM", "hue") also finds that province's communes."""
    communes = visible_communes(user).select_related("province")
    if province is not None:
        communes = communes.filter(province=province)
    if kind in Commune.Kind.values:
        communes = communes.filter(kind=kind)
    if not query:
        return communes
    named = provinces_named(query)
    matching = filter_folded(communes, query)
    return (matching | communes.filter(province__code__in=named)) if named else matching
