"""Connections, outages and digital platforms."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.core.errors import DomainError, Forbidden, StaleVersion
from thongsuot.core.forms import act, show_error
from thongsuot.core.versioning import version_of
from thongsuot.facilities import exports, filters, forms, permissions, selectors, services
from thongsuot.facilities.views._helpers import facilities_page, scoped_list


@facilities_page
def connectivity_list(request):
    own = permissions.own_commune(request.user)
    if own is not None:
        return redirect("facilities:commune_connectivity", code=own.code)
    return scoped_list(request, "facilities/connectivity_list.html", filters.PlaceFilter,
                       selectors.connectivity_list, exports.CONNECTIVITY, importing="ket-noi")


@facilities_page
def outage_list(request):
    return scoped_list(request, "facilities/outage_list.html", filters.OutageFilter,
                       selectors.outage_list, exports.OUTAGES)


@facilities_page
def platform_list(request):
    return scoped_list(request, "facilities/platform_list.html", filters.PlaceFilter,
                       selectors.platform_list, exports.PLATFORMS, importing="nen-tang")


#: The forms of a commune's page, by the `form` value they post, with the service each one calls.
COMMUNE_FORMS = {
    "ket-noi": ("conn_form", forms.ConnectivityForm, services.connectivity_set),
    "su-co": ("outage_form", forms.OutageForm, services.outage_record),
    "nen-tang": ("platform_form", forms.PlatformForm, services.platform_set),
}


@facilities_page
@require_http_methods(["GET", "POST"])
def commune_connectivity(request, code: str):
    user = request.user
    commune = selectors.access_commune(user, code)
    may_edit = permissions.may_edit_in(user, commune)
    current = selectors.connectivity_list(user=user).filter(commune=commune).first()
    initial = {**({f: getattr(current, f) for f in services.CONNECTIVITY_FIELDS} if current else {}),
               "version": version_of(current)}
    refused = None
    page_forms = {"conn_form": forms.ConnectivityForm(initial=initial), "outage_form": forms.OutageForm(),
                  "platform_form": forms.PlatformForm()}
    if request.method == "POST":
        if not may_edit:
            raise Forbidden()
        if request.POST.get("form") not in COMMUNE_FORMS:
            raise Http404
        name, form_class, service = COMMUNE_FORMS[request.POST["form"]]
        form = page_forms[name] = form_class(request.POST)
        if form.is_valid():
            try:
                service(actor=user, commune=commune, **form.cleaned_data)
            except DomainError as exc:
                show_error(form, exc)
                refused = exc
            else:
                messages.success(request, _("Đã lưu."))
                return redirect("facilities:commune_connectivity", code=commune.code)
    outages = list(selectors.outage_list(user=user).filter(commune=commune)[:50])
    month_ago = timezone.now() - timedelta(days=30)
    recent = [o for o in outages if o.ended_at is not None and o.started_at >= month_ago]
    return render(request, "facilities/commune_connectivity.html", {
        "commune": commune, "current": current, "may_edit": may_edit, "outages": outages,
        "recent_outages": len(recent), "recent_minutes": sum(o.duration_minutes for o in recent),
        "platforms": selectors.platform_list(user=user).filter(commune=commune),
        "row": selectors.commune_readiness(user=user, commune=commune), **page_forms,
        "close_form": forms.OutageCloseForm()},
        status=409 if isinstance(refused, StaleVersion) else 400 if request.method == "POST" else 200)


@facilities_page
@require_POST
def outage_close(request, pk: int):
    outage = selectors.access_outage(request.user, pk)
    form = forms.OutageCloseForm(request.POST)
    if form.is_valid():
        act(request, lambda: services.outage_close(actor=request.user, outage=outage,
                                                   ended_at=form.cleaned_data["ended_at"]),
            _("Đã ghi nhận thời điểm khắc phục sự cố."))
    else:
        messages.error(request, _("Thời điểm kết thúc không hợp lệ."))
    return redirect("facilities:commune_connectivity", code=outage.commune.code)


@facilities_page
@require_POST
def platform_remove(request, pk: int):
    platform = selectors.access_platform(request.user, pk)
    services.platform_remove(actor=request.user, platform=platform)
    messages.success(request, _("Đã xóa hệ thống khỏi danh sách."))
    return redirect("facilities:commune_connectivity", code=platform.commune.code)
