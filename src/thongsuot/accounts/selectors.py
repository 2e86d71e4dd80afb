from django.db.models import QuerySet

from thongsuot.accounts.models import Membership
from thongsuot.accounts.permissions import manageable_agencies
from thongsuot.core.text import filter_folded


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
