"""The overview (province and national figures) and the readiness list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import Action
from thongsuot.audit.exports import xlsx_response
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
    if _wants_xlsx(request):
        return _overview_export(request, scope, province, threshold)
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


def _overview_export(request, scope, province: str, threshold):
    """The weekly surplus report: per province nationally, per handling method within a province."""
    if not scope.allows(Action.EXPORT):
        raise PermissionDenied
    filters = {"tinh": province, "nguong": str(threshold)}
    if not province and (scope.is_central or scope.is_ministry):
        rows = [(r["province"].code, r["province"].name, r["surplus"] or 0, r["handled"] or 0, r["remaining"],
                 r["handled_pct"], round(float(r["average"] or 0), 1), r["no_vehicle"], r["below_threshold"])
                for r in selectors.province_table(user=request.user, threshold=threshold)]
        headers = [_("Mã tỉnh"), _("Tỉnh, thành phố"), _("Nhà đất dôi dư"), _("Đã xử lý"), _("Còn lại"),
                   _("Tỷ lệ đã xử lý (%)"), _("Điểm sẵn sàng bình quân"), _("Xã chưa có xe ô tô"),
                   _("Xã dưới ngưỡng kết nối")]
        return xlsx_response(user=request.user, filename="nha-dat-doi-du-theo-tinh.xlsx",
                             title=_("Nhà, đất dôi dư và mức độ sẵn sàng theo tỉnh"), headers=headers, rows=rows,
                             filters=filters, object_type="facilities.facility")
    summary = selectors.surplus_summary(user=request.user, province=province)
    rows = [(m["label"], m["handled"], m["remaining"]) for m in summary["by_method"]]
    rows += [(_("Chưa có phương án"), 0, summary["no_plan"]), (_("Tổng cộng"), summary["handled"], summary["remaining"])]
    return xlsx_response(user=request.user, filename="nha-dat-doi-du-theo-phuong-an.xlsx",
                         title=_("Nhà, đất dôi dư theo phương án xử lý"),
                         headers=[_("Phương án xử lý"), _("Đã xử lý"), _("Đang thực hiện, chưa xử lý")], rows=rows,
                         filters=filters, object_type="facilities.facility")
