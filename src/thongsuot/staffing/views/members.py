"""Staffing views: staff members and personnel actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from thongsuot.accounts.permissions import Action, can, get_visible_or_404, scope_of, visible_communes
from thongsuot.audit.exports import xlsx_response
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.models import Commune
from thongsuot.staffing import forms as f
from thongsuot.staffing import selectors, services
from thongsuot.staffing.models import OrgUnit, StaffMember
from thongsuot.staffing.permissions import may_manage_province
from thongsuot.staffing.views._common import _fail, _require_names

MEMBER_HEADERS = [gettext_lazy("Họ và tên"), gettext_lazy("Giới tính"), gettext_lazy("Năm sinh"),
                  pgettext_lazy("staff category", "Loại"), gettext_lazy("Chức vụ"), gettext_lazy("Đơn vị"),
                  pgettext_lazy("specialty field", "Lĩnh vực"),
                  gettext_lazy("Trình độ"), gettext_lazy("Nơi làm việc"), gettext_lazy("Quãng đường (km)"),
                  gettext_lazy("Hỗ trợ đi lại"), gettext_lazy("Trạng thái")]

@login_required
def members(request):
    _require_names(request)
    filters = {k: request.GET.get(k, "")[:100] for k in ("q", "field", "category", "status", "commune")}
    if not filters["status"]:
        filters["status"] = StaffMember.Status.ACTIVE
    rows = selectors.member_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        data = ([m.full_name, m.get_gender_display(), m.birth_year, m.get_category_display(), m.position,
                 m.org_unit.name if m.org_unit else "", m.get_field_display(), m.qualification,
                 m.commune.name if m.commune else m.province.name, float(m.commute_km), m.travel_allowance,
                 m.get_status_display()] for m in rows)
        return xlsx_response(user=request.user, filename="can-bo-cong-chuc.xlsx", title=_("Cán bộ, công chức"),
                             headers=[str(h) for h in MEMBER_HEADERS], rows=data,
                             filters={**filters, "personal_data": True},
                             object_type="staffing.staffmember")
    scope = scope_of(request.user)
    return render(request, "staffing/members.html", {
        "page": paginate(request, rows), "filters": filters, "fields": StaffField.choices,
        "categories": StaffMember.Category.choices, "statuses": StaffMember.Status.choices,
        "may_create": scope.allows(Action.CREATE), "export_query": request.GET.urlencode()})

def _member(request, pk):
    _require_names(request)
    return get_visible_or_404(selectors.member_list(user=request.user, filters={"status": "any"}), pk=pk)

@login_required
def member_detail(request, pk: int):
    member = _member(request, pk)
    return render(request, "staffing/member.html", {
        "member": member, "actions": selectors.action_list(user=request.user, member=member),
        "enrollments": member.enrollments.select_related("course"),
        "may_edit": can(request.user, Action.EDIT, province_id=member.province_id, commune_id=member.commune_id),
        "may_move": may_manage_province(request.user, member.province_id)})

def _unit(commune: Commune | None, kind: str) -> OrgUnit | None:
    if not kind or commune is None:
        return None
    services.org_units_ensure(commune=commune)
    if kind in (OrgUnit.Kind.ECONOMIC, OrgUnit.Kind.ECONOMIC_URBAN):
        kinds = [OrgUnit.Kind.ECONOMIC, OrgUnit.Kind.ECONOMIC_URBAN]
    else:
        kinds = [kind]
    return OrgUnit.objects.filter(commune=commune, kind__in=kinds).order_by("order").first()

@login_required
@require_http_methods(["GET", "POST"])
def member_recruit(request):
    _require_names(request)
    scope = scope_of(request.user)
    if not scope.allows(Action.CREATE):
        raise PermissionDenied
    fixed = scope.agency.commune if scope.is_commune else None
    form = f.RecruitForm(request.POST or None, communes=visible_communes(request.user), fixed_commune=fixed,
                         initial={"field": request.GET.get("field", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        commune = fixed or data.pop("commune", None)
        data.pop("commune", None)
        province = commune.province if commune else scope.agency.province
        try:
            if province is None:
                raise DomainError(_("Cần mã xã, phường."), field="commune")
            member = services.staff_recruit(actor=request.user, province=province, commune=commune,
                                            org_unit=_unit(commune, data.pop("org_unit_kind")), **data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận %(kind)s %(name)s.") % {
                "kind": member.actions.first().get_kind_display().lower(), "name": member.full_name})
            return redirect("staffing:member", member.pk)
    return render(request, "staffing/simple_form.html", {
        "form": form, "title": _("Tuyển dụng, ký hợp đồng"), "subtitle": fixed.name if fixed else ""},
        status=400 if form.errors else 200)

@login_required
@require_http_methods(["GET", "POST"])
def member_move(request, pk: int):
    member = _member(request, pk)
    if not may_manage_province(request.user, member.province_id):
        raise PermissionDenied
    form = f.MoveForm(request.POST or None, communes=visible_communes(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.staff_move(actor=request.user, member=member,
                                to_org_unit=_unit(data["to_commune"], data.pop("org_unit_kind")), **data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã áp dụng quyết định."))
            return redirect("staffing:member", member.pk)
    return render(request, "staffing/simple_form.html", {
        "form": form, "title": _("Điều động, luân chuyển, biệt phái"), "subtitle": member.full_name},
        status=400 if form.errors else 200)

@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request, pk: int):
    member = _member(request, pk)
    if not can(request.user, Action.EDIT, province_id=member.province_id, commune_id=member.commune_id):
        raise PermissionDenied
    form = f.LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_leave(actor=request.user, member=member, **form.cleaned_data)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận nghỉ việc."))
            return redirect("staffing:member", member.pk)
    return render(request, "staffing/simple_form.html", {
        "form": form, "title": _("Thôi việc, nghỉ hưu"), "subtitle": member.full_name},
        status=400 if form.errors else 200)

@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    member = _member(request, pk)
    if not can(request.user, Action.EDIT, province_id=member.province_id, commune_id=member.commune_id):
        raise PermissionDenied
    initial = {k: getattr(member, k) for k in f.MemberEditForm.base_fields}
    form = f.MemberEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial.get(k)}
        try:
            if changes:
                services.staff_update(actor=request.user, member=member, **changes)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("staffing:member", member.pk)
    return render(request, "staffing/simple_form.html", {"form": form, "title": _("Sửa thông tin"),
                                                         "subtitle": member.full_name},
                  status=400 if form.errors else 200)

@login_required
def actions(request):
    _require_names(request)
    return render(request, "staffing/actions.html", {"page": paginate(request, selectors.action_list(user=request.user))})
