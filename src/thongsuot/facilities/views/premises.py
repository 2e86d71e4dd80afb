"""Premises, their documents and their handling plans."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.accounts.permissions import Action, can_on, get_visible_or_404, scope_of
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private, validate_upload
from thongsuot.facilities import forms, selectors, services
from thongsuot.facilities.models import (
    FacilityDocument,
    FacilityKind,
    FacilityStatus,
    PlanMethod,
    PlanState,
)
from thongsuot.facilities.views._helpers import (
    _apply_domain_error,
    _commune_for_form,
    _export,
    _filters,
    _scope,
    _wants_xlsx,
)
from thongsuot.geo.models import FormerUnit


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
