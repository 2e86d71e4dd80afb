from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from thongsuot.accounts.permissions import get_visible_or_404, visible_communes, visible_provinces
from thongsuot.core.pagination import paginate
from thongsuot.geo.models import Commune
from thongsuot.geo.selectors import commune_list, province_list


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
