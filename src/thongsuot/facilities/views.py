"""Pages of the facilities app: thin views over the selectors and services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.accounts.permissions import Action, can, can_on, get_visible_or_404, scope_of, visible_communes
from thongsuot.core.errors import DomainError
from thongsuot.core.exports import xlsx_response
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private, validate_upload
from thongsuot.facilities import exports, forms, readiness, selectors, services
from thongsuot.facilities.models import (
    EquipmentCategory,
    FacilityDocument,
    FacilityKind,
    FacilityStatus,
    PlanMethod,
    PlanState,
    ProcurementState,
)
from thongsuot.geo.models import FormerUnit


def _scope(request):
    scope = scope_of(request.user)
    if scope is None or (scope.is_ministry and not selectors.ministry_sees_facilities(scope)):
        raise Http404
    return scope


def _wants_xlsx(request) -> bool:
    return request.GET.get("xuat") == "xlsx"


def _export(request, name: str, queryset, filters: dict):
    if not _scope(request).allows(Action.EXPORT):
        raise PermissionDenied
    spec = exports.SPECS[name]
    return xlsx_response(user=request.user, filename=f"{spec.filename}.xlsx", title=str(spec.title),
                         headers=[str(h) for h in spec.headers], rows=(spec.row(o) for o in queryset.iterator()),
                         filters=filters, object_type=spec.object_type)


def _apply_domain_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _threshold(request) -> Decimal:
    try:
        value = Decimal(request.GET.get("nguong", "") or readiness.CONNECTIVITY_THRESHOLD)
    except InvalidOperation:
        return readiness.CONNECTIVITY_THRESHOLD
    return min(max(value, Decimal(0)), Decimal(readiness.CONNECTIVITY_MAX))


def _commune_for_form(request, form, scope):
    """The commune a form is about: the user's own, or the one they named by code within their territory."""
    if scope.is_commune:
        return scope.agency.commune
    code = (form.cleaned_data.get("commune_code") or "").strip()
    commune = visible_communes(request.user).filter(code=code).first()
    if commune is None:
        form.add_error("commune_code", _("Không có xã, phường, đặc khu mã “%(code)s” trong phạm vi của bạn.")
                       % {"code": code})
    return commune


def _filters(request, *names) -> dict:
    return {name: request.GET.get(name, "")[:100] for name in names}


# ---------------------------------------------------------------- overview

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


# ---------------------------------------------------------------- facilities

@login_required
def facility_list(request):
    scope = _scope(request)
    f = _filters(request, "q", "status", "kind", "plan_state", "method", "tinh", "xa", "deadline")
    facilities = selectors.facility_list(user=request.user, q=f["q"], status=f["status"], kind=f["kind"],
                                         plan_state=f["plan_state"], method=f["method"], province=f["tinh"],
                                         commune=f["xa"], deadline=f["deadline"])
    if _wants_xlsx(request):
        return _export(request, "facilities", facilities, f)
    return render(request, "facilities/facility_list.html", {
        "page": paginate(request, facilities), "f": f, "scope": scope, "statuses": FacilityStatus.choices,
        "kinds": FacilityKind.choices, "plan_states": PlanState.choices, "methods": PlanMethod.choices,
        "may_create": scope.allows(Action.CREATE) and not scope.is_ministry})


@login_required
@require_http_methods(["GET", "POST"])
def facility_create(request):
    scope = _scope(request)
    if not scope.allows(Action.CREATE) or scope.is_ministry:
        raise PermissionDenied
    former = FormerUnit.objects.filter(commune_id=scope.commune_id) if scope.is_commune else None
    form = forms.FacilityForm(request.POST or None, former_units=former, ask_commune=not scope.is_commune)
    if request.method == "POST" and form.is_valid():
        commune = _commune_for_form(request, form, scope)
        if commune is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "commune_code"}
            try:
                facility = services.facility_create(actor=request.user, commune=commune, **data)
            except DomainError as exc:
                _apply_domain_error(form, exc)
            else:
                messages.success(request, _("Đã ghi nhận cơ sở “%(name)s”.") % {"name": facility.name})
                return redirect(facility)
    return render(request, "facilities/form.html", {"form": form, "title": _("Thêm cơ sở nhà, đất"),
                                                    "back": "facilities:facilities"},
                  status=400 if form.errors else 200)


def _facility(request, pk):
    _scope(request)
    return get_visible_or_404(selectors.facility_list(user=request.user), pk=pk)


@login_required
def facility_detail(request, pk: int):
    facility = _facility(request, pk)
    plans = facility.plans.prefetch_related("events__actor").all()
    live = next((p for p in plans if p.state != PlanState.CANCELLED), None)
    user = request.user
    return render(request, "facilities/facility_detail.html", {
        "facility": facility, "plans": plans, "live": live, "documents": facility.documents.all(),
        "may_edit": can_on(user, Action.EDIT, facility),
        "may_propose": can_on(user, Action.CREATE, facility) and live is None
        and facility.status != FacilityStatus.IN_USE,
        "may_approve": can_on(user, Action.APPROVE, facility) and not scope_of(user).is_commune,
        "document_form": forms.DocumentForm(), "approve_form": forms.ApproveForm(),
        "complete_form": forms.CompleteForm(), "cancel_form": forms.CancelForm()})


@login_required
@require_http_methods(["GET", "POST"])
def facility_edit(request, pk: int):
    facility = _facility(request, pk)
    if not can_on(request.user, Action.EDIT, facility):
        raise PermissionDenied
    fields = ["name", "kind", "address", "land_area_m2", "floor_area_m2", "year_built", "condition", "status",
              "current_use", "manager", "former_unit"]
    form = forms.FacilityForm(request.POST or None, initial={f: getattr(facility, f) for f in fields},
                              former_units=FormerUnit.objects.filter(commune_id=facility.commune_id))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "submission_key"}
        try:
            services.facility_update(actor=request.user, facility=facility, **data)
        except DomainError as exc:
            _apply_domain_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(facility)
    return render(request, "facilities/form.html", {"form": form, "title": facility.name, "back_object": facility},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def document_upload(request, pk: int):
    facility = _facility(request, pk)
    if not can_on(request.user, Action.EDIT, facility):
        raise PermissionDenied
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            mime = validate_upload(upload)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            services.facility_document_add(actor=request.user, facility=facility, upload=upload, content_type=mime,
                                           title=form.cleaned_data["title"])
            messages.success(request, _("Đã đính kèm tệp."))
    else:
        messages.error(request, _("Chưa chọn tệp để đính kèm."))
    return redirect(facility)


@login_required
def document_download(request, pk: int):
    _scope(request)
    from thongsuot.accounts.permissions import scope_filter

    document = get_visible_or_404(scope_filter(request.user, FacilityDocument.objects.all(),
                                               ministry_q=selectors.ministry_q(request.user)), pk=pk)
    return serve_private(document.file, document.original_name)


# ---------------------------------------------------------------- handling plans

@login_required
def plan_list(request):
    _scope(request)
    f = _filters(request, "state", "method", "tinh", "xa")
    plans = selectors.plan_list(user=request.user, state=f["state"], method=f["method"], province=f["tinh"],
                                commune=f["xa"])
    if _wants_xlsx(request):
        return _export(request, "plans", plans, f)
    return render(request, "facilities/plan_list.html", {"page": paginate(request, plans), "f": f,
                                                          "states": PlanState.choices, "methods": PlanMethod.choices})


@login_required
@require_http_methods(["GET", "POST"])
def plan_propose(request, pk: int):
    facility = _facility(request, pk)
    if not can_on(request.user, Action.CREATE, facility):
        raise PermissionDenied
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.handling_plan_propose(actor=request.user, facility=facility, **form.cleaned_data)
        except DomainError as exc:
            _apply_domain_error(form, exc)
        else:
            messages.success(request, _("Đã lập phương án xử lý."))
            return redirect(facility)
    return render(request, "facilities/form.html", {
        "form": form, "title": _("Phương án xử lý: %(name)s") % {"name": facility.name}, "back_object": facility},
        status=400 if form.errors else 200)


def _plan(request, pk):
    _scope(request)
    return get_visible_or_404(selectors.plan_list(user=request.user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = _plan(request, pk)
    if not can_on(request.user, Action.EDIT, plan):
        raise PermissionDenied
    form = forms.PlanForm(request.POST or None, initial={"method": plan.method, "deadline": plan.deadline,
                                                         "reason_not_priority": plan.reason_not_priority,
                                                         "note": plan.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.handling_plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except DomainError as exc:
            _apply_domain_error(form, exc)
        else:
            messages.success(request, _("Đã sửa phương án."))
            return redirect(plan.facility)
    return render(request, "facilities/form.html", {"form": form, "title": str(plan), "back_object": plan.facility},
                  status=400 if form.errors else 200)


PLAN_STEPS = {
    "phe-duyet": (forms.ApproveForm, services.handling_plan_approve, _("Đã ghi nhận quyết định phê duyệt.")),
    "hoan-thanh": (forms.CompleteForm, services.handling_plan_complete, _("Đã ghi nhận hoàn thành xử lý.")),
    "huy": (forms.CancelForm, services.handling_plan_cancel, _("Đã hủy phương án.")),
}


@login_required
@require_http_methods(["GET", "POST"])
def plan_step(request, pk: int, step: str):
    plan = _plan(request, pk)
    if step not in PLAN_STEPS:
        raise Http404
    form_class, service, done = PLAN_STEPS[step]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, plan=plan, **form.cleaned_data)
        except DomainError as exc:
            _apply_domain_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(plan.facility)
    return render(request, "facilities/form.html", {"form": form, "title": str(plan), "back_object": plan.facility},
                  status=400 if form.errors else 200)


# ---------------------------------------------------------------- equipment and procurement

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


# ---------------------------------------------------------------- connectivity, outages, platforms

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
