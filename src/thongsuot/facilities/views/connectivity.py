"""Connections, outages and digital platforms."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.accounts.permissions import Action, can, get_visible_or_404, visible_communes
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.facilities import forms, selectors, services
from thongsuot.facilities.views._helpers import (
    _apply_domain_error,
    _export,
    _filters,
    _scope,
    _wants_xlsx,
)


@login_required
def connectivity_list(request):
    scope = _scope(request)
    if scope.is_commune:
        return redirect("facilities:commune_connectivity", code=scope.agency.commune.code)
    f = _filters(request, "tinh", "xa")
    rows = selectors.connectivity_list(user=request.user, province=f["tinh"], commune=f["xa"])
    if _wants_xlsx(request):
        return _export(request, "connectivity", rows, f)
    return render(request, "facilities/connectivity_list.html", {"page": paginate(request, rows), "f": f})


@login_required
def outage_list(request):
    _scope(request)
    f = _filters(request, "tinh", "xa", "dang_dien_ra")
    rows = selectors.outage_list(user=request.user, province=f["tinh"], commune=f["xa"], ongoing=bool(f["dang_dien_ra"]))
    if _wants_xlsx(request):
        return _export(request, "outages", rows, f)
    return render(request, "facilities/outage_list.html", {"page": paginate(request, rows), "f": f})


@login_required
def platform_list(request):
    _scope(request)
    f = _filters(request, "tinh", "xa")
    rows = selectors.platform_list(user=request.user, province=f["tinh"], commune=f["xa"])
    if _wants_xlsx(request):
        return _export(request, "platforms", rows, f)
    return render(request, "facilities/platform_list.html", {"page": paginate(request, rows), "f": f})


@login_required
@require_http_methods(["GET", "POST"])
def commune_connectivity(request, code: str):
    _scope(request)
    commune = get_visible_or_404(visible_communes(request.user).select_related("province"), code=code)
    user = request.user
    may_edit = can(user, Action.EDIT, province_id=commune.province_id, commune_id=commune.pk)
    current = selectors.connectivity_list(user=user).filter(commune=commune).first()
    initial = ({f: getattr(current, f) for f in services.CONNECTIVITY_FIELDS} if current else {})
    conn_form, outage_form, platform_form = (forms.ConnectivityForm(initial=initial), forms.OutageForm(),
                                             forms.PlatformForm())
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        which = request.POST.get("form")
        bound = {"ket-noi": forms.ConnectivityForm, "su-co": forms.OutageForm, "nen-tang": forms.PlatformForm}.get(which)
        if bound is None:
            raise Http404
        form = bound(request.POST)
        if form.is_valid():
            try:
                if which == "ket-noi":
                    services.connectivity_set(actor=user, commune=commune, **form.cleaned_data)
                elif which == "su-co":
                    services.outage_record(actor=user, commune=commune, **form.cleaned_data)
                else:
                    services.platform_set(actor=user, commune=commune, **form.cleaned_data)
            except DomainError as exc:
                _apply_domain_error(form, exc)
            else:
                messages.success(request, _("Đã lưu."))
                return redirect("facilities:commune_connectivity", code=commune.code)
        if which == "ket-noi":
            conn_form = form
        elif which == "su-co":
            outage_form = form
        else:
            platform_form = form
    outages = list(selectors.outage_list(user=user).filter(commune=commune)[:50])
    month_ago = timezone.now() - timedelta(days=30)
    recent = [o for o in outages if o.ended_at is not None and o.started_at >= month_ago]
    return render(request, "facilities/commune_connectivity.html", {
        "commune": commune, "current": current, "may_edit": may_edit, "outages": outages,
        "recent_outages": len(recent), "recent_minutes": sum(o.duration_minutes for o in recent),
        "platforms": selectors.platform_list(user=user).filter(commune=commune),
        "row": selectors.commune_readiness(user=user, commune=commune),
        "conn_form": conn_form, "outage_form": outage_form, "platform_form": platform_form,
        "close_form": forms.OutageCloseForm()},
        status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def outage_close(request, pk: int):
    _scope(request)
    outage = get_visible_or_404(selectors.outage_list(user=request.user), pk=pk)
    form = forms.OutageCloseForm(request.POST)
    if form.is_valid():
        try:
            services.outage_close(actor=request.user, outage=outage, ended_at=form.cleaned_data["ended_at"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận thời điểm khắc phục sự cố."))
    else:
        messages.error(request, _("Thời điểm kết thúc không hợp lệ."))
    return redirect("facilities:commune_connectivity", code=outage.commune.code)


@login_required
@require_POST
def platform_remove(request, pk: int):
    _scope(request)
    platform = get_visible_or_404(selectors.platform_list(user=request.user), pk=pk)
    services.platform_remove(actor=request.user, platform=platform)
    messages.success(request, _("Đã xóa hệ thống khỏi danh sách."))
    return redirect("facilities:commune_connectivity", code=platform.commune.code)
