"""Premises, their documents and their handling plans."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import submit
from thongsuot.core.uploads import serve_private, validate_upload
from thongsuot.facilities import exports, filters, forms, permissions, selectors, services
from thongsuot.facilities.models import FacilityStatus, PlanState
from thongsuot.facilities.views._helpers import FORM_PAGE, commune_form, facilities_page, scoped_list
from thongsuot.geo.models import FormerUnit


@facilities_page
def facility_list(request):
    return scoped_list(request, "facilities/facility_list.html", filters.FacilityFilter,
                       selectors.facility_list, exports.FACILITIES,
                       {"may_create": permissions.may_create_records(request.user)}, importing="tru-so")


@facilities_page
@require_http_methods(["GET", "POST"])
def facility_create(request):
    user = request.user
    if not permissions.may_create_records(user):
        raise Forbidden()
    own = permissions.own_commune(user)
    former = FormerUnit.objects.filter(commune_id=own.pk) if own is not None else None
    form = forms.FacilityForm(request.POST or None, former_units=former, ask_commune=own is None)
    return commune_form(request, form, services.facility_create, title=_("Thêm cơ sở nhà, đất"),
                        then=lambda facility: facility, cancel_url=reverse("facilities:facilities"),
                        success=lambda facility: _("Đã ghi nhận cơ sở “%(name)s”.") % {"name": facility.name})


@facilities_page
def facility_detail(request, pk: int):
    facility = selectors.access_facility(request.user, pk)
    plans = facility.plans.prefetch_related("events__actor").all()
    live = next((p for p in plans if p.state != PlanState.CANCELLED), None)
    user = request.user
    return render(request, "facilities/facility_detail.html", {
        "facility": facility, "plans": plans, "live": live, "documents": facility.documents.all(),
        "may_edit": permissions.may_edit_in(user, facility),
        "may_propose": permissions.may_create_in(user, facility) and live is None
        and facility.status != FacilityStatus.IN_USE,
        "may_approve": permissions.may_approve_in(user, facility),
        "document_form": forms.DocumentForm(), "approve_form": forms.ApproveForm(),
        "complete_form": forms.CompleteForm(), "cancel_form": forms.CancelForm()})


def _editable_facility(request, pk):
    facility = selectors.access_facility(request.user, pk)
    if not permissions.may_edit_in(request.user, facility):
        raise Forbidden()
    return facility


@facilities_page
@require_http_methods(["GET", "POST"])
def facility_edit(request, pk: int):
    facility = _editable_facility(request, pk)
    fields = ["name", "kind", "address", "land_area_m2", "floor_area_m2", "year_built", "condition", "status",
              "current_use", "manager", "former_unit"]
    form = forms.FacilityEditForm(request.POST or None,
                                  initial={**{f: getattr(facility, f) for f in fields}, "version": facility.version},
                                  former_units=FormerUnit.objects.filter(commune_id=facility.commune_id))
    return submit(request, form, lambda data: services.facility_update(actor=request.user, facility=facility, **data),
                  template=FORM_PAGE, then=facility, success=_("Đã lưu thay đổi."),
                  context={"title": facility.name, "cancel_url": facility.get_absolute_url()})


@facilities_page
@require_POST
def document_upload(request, pk: int):
    facility = _editable_facility(request, pk)
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


@facilities_page
def document_download(request, pk: int):
    document = selectors.access_document(request.user, pk)
    return serve_private(document.file, document.original_name)


# ---------------------------------------------------------------- handling plans

@facilities_page
def plan_list(request):
    return scoped_list(request, "facilities/plan_list.html", filters.PlanFilter,
                       selectors.plan_list, exports.PLANS, importing="phuong-an")


def _plan_form(request, form, action, *, title: str, facility, success: str):
    """A plan's form page: back to the premises when the service agrees."""
    return submit(request, form, action, template=FORM_PAGE, then=facility, success=success,
                  context={"title": title, "cancel_url": facility.get_absolute_url()})


@facilities_page
@require_http_methods(["GET", "POST"])
def plan_propose(request, pk: int):
    facility = selectors.access_facility(request.user, pk)
    if not permissions.may_create_in(request.user, facility):
        raise Forbidden()
    return _plan_form(request, forms.PlanForm(request.POST or None),
                      lambda data: services.handling_plan_propose(actor=request.user, facility=facility, **data),
                      title=_("Phương án xử lý: %(name)s") % {"name": facility.name}, facility=facility,
                      success=_("Đã lập phương án xử lý."))


@facilities_page
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = selectors.access_plan(request.user, pk)
    if not permissions.may_edit_in(request.user, plan):
        raise Forbidden()
    form = forms.PlanEditForm(request.POST or None, initial={"method": plan.method, "deadline": plan.deadline,
                                                             "reason_not_priority": plan.reason_not_priority,
                                                             "note": plan.note, "version": plan.version})
    return _plan_form(request, form, lambda data: services.handling_plan_update(actor=request.user, plan=plan, **data),
                      title=str(plan), facility=plan.facility, success=_("Đã sửa phương án."))


PLAN_STEPS = {
    "phe-duyet": (forms.ApproveForm, services.handling_plan_approve,
                  gettext_lazy("Đã ghi nhận quyết định phê duyệt.")),
    "hoan-thanh": (forms.CompleteForm, services.handling_plan_complete, gettext_lazy("Đã ghi nhận hoàn thành xử lý.")),
    "huy": (forms.CancelForm, services.handling_plan_cancel, gettext_lazy("Đã hủy phương án.")),
}


@facilities_page
@require_http_methods(["GET", "POST"])
def plan_step(request, pk: int, step: str):
    plan = selectors.access_plan(request.user, pk)
    if step not in PLAN_STEPS:
        raise Http404
    form_class, service, done = PLAN_STEPS[step]
    return _plan_form(request, form_class(request.POST or None),
                      lambda data: service(actor=request.user, plan=plan, **data),
                      title=str(plan), facility=plan.facility, success=done)
