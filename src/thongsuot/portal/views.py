"""The pages that bring the apps together: each level's home, and the administrative units it may see."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from thongsuot.accounts.models import Membership
from thongsuot.accounts.permissions import get_visible_or_404, scope_of, visible_communes, visible_provinces
from thongsuot.accounts.selectors import commune_list, province_list
from thongsuot.core.offline import field_forms
from thongsuot.core.pagination import paginate
from thongsuot.core.registry import home_panels
from thongsuot.geo.models import Commune


@login_required
def home(request):
    """The home page of each level: the user's scope, with counts."""
    scope = scope_of(request.user)
    context = {"panels": home_panels(request, scope) if scope else []}
    if scope is None:
        return render(request, "core/home_no_agency.html", context)
    if scope.is_central or scope.is_ministry:
        provinces = province_list(user=request.user)
        context["provinces"] = provinces
        context["totals"] = Commune.objects.aggregate(
            communes=Count("id"), xa=Count("id", filter=Q(kind=Commune.Kind.XA)),
            phuong=Count("id", filter=Q(kind=Commune.Kind.PHUONG)),
            dac_khu=Count("id", filter=Q(kind=Commune.Kind.DAC_KHU)))
        context["province_count"] = len(provinces)
        context["member_count"] = Membership.objects.filter(user__is_active=True).count()
    elif scope.is_province:
        communes = commune_list(user=request.user)
        context["province"] = scope.agency.province
        context["totals"] = communes.aggregate(
            communes=Count("id"), xa=Count("id", filter=Q(kind=Commune.Kind.XA)),
            phuong=Count("id", filter=Q(kind=Commune.Kind.PHUONG)),
            dac_khu=Count("id", filter=Q(kind=Commune.Kind.DAC_KHU)),
            mountainous=Count("id", filter=Q(is_mountainous=True)))
        context["communes"] = communes.order_by("name")[:12]
        context["member_count"] = Membership.objects.filter(agency__province=scope.agency.province,
                                                            user__is_active=True).count()
    else:
        context["commune"] = scope.agency.commune
        context["forms"] = field_forms(request.user)
        context["former_units"] = scope.agency.commune.former_units.all()[:30]
        context["member_count"] = Membership.objects.filter(agency=scope.agency, user__is_active=True).count()
    return render(request, f"core/home_{scope.level}.html", context)


@login_required
def provinces(request):
    query = request.GET.get("q", "")[:100]
    return render(request, "geo/provinces.html", {"provinces": province_list(user=request.user, query=query),
                                                  "q": query})


@login_required
def province_detail(request, code: str):
    province = get_visible_or_404(visible_provinces(request.user), code=code)
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    page = paginate(request, commune_list(user=request.user, query=query, province=province, kind=kind))
    return render(request, "geo/province_detail.html", {
        "province": province, "page": page, "q": query, "kind": kind, "kinds": Commune.Kind.choices})


@login_required
def commune_detail(request, code: str):
    commune = get_visible_or_404(visible_communes(request.user).select_related("province", "agency"), code=code)
    return render(request, "geo/commune_detail.html", {
        "commune": commune, "former_units": commune.former_units.all()})


@login_required
def communes(request):
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    page = paginate(request, commune_list(user=request.user, query=query, kind=kind))
    return render(request, "geo/communes.html", {"page": page, "q": query, "kind": kind,
                                                 "kinds": Commune.Kind.choices})
