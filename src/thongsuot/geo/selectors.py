import random

from django.db.models import Count, Q, QuerySet

from thongsuot.accounts.permissions import visible_communes, visible_provinces
from thongsuot.core.text import filter_folded
from thongsuot.geo.models import Commune, Province


def province_list(*, user, query: str = "") -> QuerySet[Province]:
    """Return the provinces the user may see, with their commune counts by kind."""
    provinces = visible_provinces(user).order_by("code").annotate(
        commune_count=Count("communes"),
        xa_count=Count("communes", filter=Q(communes__kind=Commune.Kind.XA)),
        phuong_count=Count("communes", filter=Q(communes__kind=Commune.Kind.PHUONG)),
        dac_khu_count=Count("communes", filter=Q(communes__kind=Commune.Kind.DAC_KHU)),
    )
    return filter_folded(provinces, query) if query else provinces


def commune_list(*, user, query: str = "", province: Province | None = None, kind: str = "") -> QuerySet[Commune]:
    """Return the communes the user may see, narrowed by diacritic-insensitive text, province and kind."""
    communes = visible_communes(user).select_related("province")
    if province is not None:
        communes = communes.filter(province=province)
    if kind in Commune.Kind.values:
        communes = communes.filter(kind=kind)
    return filter_folded(communes, query) if query else communes


def communes_sample(*, per_province: int, seed: int, exclude_provinces=()) -> list[Commune]:
    """Return `per_province` communes of each province, drawn the same way every time (for sample data)."""
    rng = random.Random(seed)
    by_province: dict[int, list[Commune]] = {}
    for commune in Commune.objects.exclude(province__code__in=exclude_provinces).select_related("province") \
            .order_by("code"):
        by_province.setdefault(commune.province_id, []).append(commune)
    return [c for communes in by_province.values() for c in rng.sample(communes, k=min(per_province, len(communes)))]
