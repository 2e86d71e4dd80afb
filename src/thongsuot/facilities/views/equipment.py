"""Equipment needs and procurement requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.accounts.permissions import Action, get_visible_or_404
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.facilities import forms, selectors, services
from thongsuot.facilities.models import (
    EquipmentCategory,
    ProcurementState,
)
from thongsuot.facilities.views._helpers import (
    _apply_domain_error,
    _commune_for_form,
    _export,
    _filters,
    _scope,
    _wants_xlsx,
)


@login_required
def equipment_list(request):
    scope = _scope(request)
    f = _filters(request, "category", "tinh", "xa", "thieu")
    needs = selectors.equipment_list(user=request.user, category=f["category"], province=f["tinh"], commune=f["xa"],
                                     with_gap=bool(f["thieu"]))
    if _wants_xlsx(request):
        return _export(request, "equipment", needs, f)
    return render(request, "facilities/equipment_list.html", {
        "page": paginate(request, needs), "f": f, "categories": EquipmentCategory.choices,
        "may_edit": scope.allows(Action.EDIT) and not scope.is_ministry})


@login_required
@require_http_methods(["GET", "POST"])
def equipment_edit(request):
    scope = _scope(request)
    if not scope.allows(Action.EDIT) or scope.is_ministry:
        raise PermissionDenied
    form = forms.EquipmentForm(request.POST or None, ask_commune=not scope.is_commune,
                               initial={"category": request.GET.get("category", ""),
                                        "commune_code": request.GET.get("xa", "")})
    if request.method == "POST" and form.is_valid():
        commune = _commune_for_form(request, form, scope)
        if commune is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "commune_code"}
            try:
                services.equipment_need_set(actor=request.user, commune=commune, **data)
            except DomainError as exc:
                _apply_domain_error(form, exc)
            else:
                messages.success(request, _("Đã cập nhật nhu cầu thiết bị."))
                return redirect("facilities:equipment")
    return render(request, "facilities/form.html", {"form": form, "title": _("Cập nhật nhu cầu thiết bị"),
                                                    "back": "facilities:equipment"},
                  status=400 if form.errors else 200)


@login_required
def procurement_list(request):
    scope = _scope(request)
    f = _filters(request, "state", "tinh", "xa")
    requests = selectors.procurement_list(user=request.user, state=f["state"], province=f["tinh"], commune=f["xa"])
    if _wants_xlsx(request):
        return _export(request, "procurement", requests, f)
    return render(request, "facilities/procurement_list.html", {
        "page": paginate(request, requests), "f": f, "states": ProcurementState.choices, "scope": scope,
        "may_create": scope.allows(Action.CREATE) and not scope.is_ministry,
        "may_decide": scope.allows(Action.APPROVE) and not scope.is_commune and not scope.is_ministry})


@login_required
@require_http_methods(["GET", "POST"])
def procurement_create(request):
    scope = _scope(request)
    if not scope.allows(Action.CREATE) or scope.is_ministry:
        raise PermissionDenied
    form = forms.ProcurementForm(request.POST or None, ask_commune=not scope.is_commune)
    if request.method == "POST" and form.is_valid():
        commune = _commune_for_form(request, form, scope)
        if commune is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "commune_code"}
            try:
                services.procurement_request_create(actor=request.user, commune=commune, **data)
            except DomainError as exc:
                _apply_domain_error(form, exc)
            else:
                messages.success(request, _("Đã lập đề nghị (dự thảo). Gửi đề nghị khi đã sẵn sàng."))
                return redirect("facilities:procurement")
    return render(request, "facilities/form.html", {"form": form, "title": _("Đề nghị cấp thiết bị"),
                                                    "back": "facilities:procurement"},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def procurement_move(request, pk: int):
    _scope(request)
    item = get_visible_or_404(selectors.procurement_list(user=request.user), pk=pk)
    try:
        services.procurement_request_move(actor=request.user, request=item, to_state=request.POST.get("to", ""),
                                          note=request.POST.get("note", "")[:255])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật đề nghị."))
    return redirect("facilities:procurement")
