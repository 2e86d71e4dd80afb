"""The overview (province and national figures) and the readiness list."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from thongsuot.audit.exports import xlsx_response
from thongsuot.core.listing import wants_export
from thongsuot.facilities import exports, filters, permissions, readiness, selectors
from thongsuot.facilities.views._helpers import _threshold, facilities_page, list_page


@facilities_page
def overview(request):
    own = permissions.own_commune(request.user)
    province = request.GET.get("tinh", "")[:2] if own is None else ""
    threshold = _threshold(request)
    if wants_export(request):
        return _overview_export(request, province, threshold)
    context = {"threshold": threshold, "province_code": province, "is_commune": own is not None,
               "surplus": selectors.surplus_summary(user=request.user, province=province),
               "summary": selectors.readiness_summary(user=request.user, province=province, threshold=threshold)}
    if own is not None:
        context["row"] = selectors.commune_readiness(user=request.user, commune=own)
        context["commune"] = own
    else:
        if not province and permissions.may_see_nation(request.user):
            context["provinces"] = selectors.province_table(user=request.user, threshold=threshold)
        context["least_ready"] = selectors.readiness_list(user=request.user, province=province)[:10]
        context["no_vehicle"] = selectors.readiness_list(user=request.user, province=province, no_vehicle=True)[:10]
        context["poorly_connected"] = selectors.readiness_list(
            user=request.user, province=province, below_threshold=True, threshold=threshold).order_by(
            "connectivity_score", "commune__code")[:10]
    return render(request, "facilities/overview.html", context)


@facilities_page
def readiness_page(request):
    threshold = _threshold(request)
    form = filters.ReadinessFilter(request.GET)
    rows = selectors.readiness_list(user=request.user, threshold=threshold, **form.selector_args())
    return list_page(request, "facilities/readiness.html", form, rows, exports.READINESS, {
        "f": form.values(), "threshold": threshold, "formula": readiness.__doc__})


def _overview_export(request, province: str, threshold):
    """The weekly surplus report: per province nationally, per handling method within a province."""
    report_filters = {"tinh": province, "nguong": str(threshold)}
    if not province and permissions.may_see_nation(request.user):
        rows = [(r["province"].code, r["province"].name, r["surplus"] or 0, r["handled"] or 0, r["remaining"],
                 r["handled_pct"], round(float(r["average"] or 0), 1), r["no_vehicle"], r["below_threshold"])
                for r in selectors.province_table(user=request.user, threshold=threshold)]
        headers = [_("Mã tỉnh"), _("Tỉnh, thành phố"), _("Nhà đất dôi dư"), _("Đã xử lý"), _("Còn lại"),
                   _("Tỷ lệ đã xử lý (%)"), _("Điểm sẵn sàng bình quân"), _("Xã chưa có xe ô tô"),
                   _("Xã dưới ngưỡng kết nối")]
        return xlsx_response(user=request.user, filename="nha-dat-doi-du-theo-tinh.xlsx",
                             title=_("Nhà, đất dôi dư và mức độ sẵn sàng theo tỉnh"), headers=headers, rows=rows,
                             filters=report_filters, object_type="facilities.facility")
    summary = selectors.surplus_summary(user=request.user, province=province)
    rows = [(m["label"], m["handled"], m["remaining"]) for m in summary["by_method"]]
    rows += [(_("Chưa có phương án"), 0, summary["no_plan"]), (_("Tổng cộng"), summary["handled"], summary["remaining"])]
    return xlsx_response(user=request.user, filename="nha-dat-doi-du-theo-phuong-an.xlsx",
                         title=_("Nhà, đất dôi dư theo phương án xử lý"),
                         headers=[_("Phương án xử lý"), _("Đã xử lý"), _("Đang thực hiện, chưa xử lý")], rows=rows,
                         filters=report_filters, object_type="facilities.facility")
