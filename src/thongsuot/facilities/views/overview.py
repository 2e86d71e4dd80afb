"""The overview (province and national figures) and the readiness list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from thongsuot.core.pagination import paginate
from thongsuot.facilities import readiness, selectors
from thongsuot.facilities.views._helpers import (
    _export,
    _filters,
    _scope,
    _threshold,
    _wants_xlsx,
)


@login_required
def overview(request):
    scope = _scope(request)
    province = request.GET.get("tinh", "")[:2] if not scope.is_commune else ""
    threshold = _threshold(request)
    context = {"scope": scope, "threshold": threshold, "province_code": province,
               "surplus": selectors.surplus_summary(user=request.user, province=province),
               "summary": selectors.readiness_summary(user=request.user, province=province, threshold=threshold)}
    if scope.is_commune:
        context["row"] = selectors.commune_readiness(user=request.user, commune=scope.agency.commune)
        context["commune"] = scope.agency.commune
    else:
        if not province and (scope.is_central or scope.is_ministry):
            context["provinces"] = selectors.province_table(user=request.user, threshold=threshold)
        context["least_ready"] = selectors.readiness_list(user=request.user, province=province)[:10]
        context["no_vehicle"] = selectors.readiness_list(user=request.user, province=province, no_vehicle=True)[:10]
        context["poorly_connected"] = selectors.readiness_list(
            user=request.user, province=province, below_threshold=True, threshold=threshold).order_by(
            "connectivity_score", "commune__code")[:10]
    return render(request, "facilities/overview.html", context)


@login_required
def readiness_page(request):
    _scope(request)
    threshold = _threshold(request)
    f = _filters(request, "q", "tinh", "khong_xe", "duoi_nguong")
    rows = selectors.readiness_list(user=request.user, province=f["tinh"], q=f["q"], no_vehicle=bool(f["khong_xe"]),
                                    below_threshold=bool(f["duoi_nguong"]), threshold=threshold)
    if _wants_xlsx(request):
        return _export(request, "readiness", rows, f)
    return render(request, "facilities/readiness.html", {"page": paginate(request, rows), "f": f,
                                                          "threshold": threshold, "formula": readiness.__doc__})
