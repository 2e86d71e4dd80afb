"""Staffing views: staff members and personnel actions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thongsuot.accounts.permissions import visible_communes
from thongsuot.audit.exports import export_response
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.forms import pop_submission_key, submit
from thongsuot.core.listing import wants_export
from thongsuot.core.pagination import paginate
from thongsuot.core.versioning import pop_version
from thongsuot.staffing import exports, selectors, services
from thongsuot.staffing import forms as f
from thongsuot.staffing.permissions import may_edit_member, may_move_member, may_recruit
from thongsuot.staffing.views._common import FORM_PAGE, OVERVIEW


def _to_member(member):
    return "staffing:member", member.pk


@login_required
def members(request):
    selectors.require_names(request.user)
    form = f.MemberFilterForm(request.GET)
    rows = selectors.member_list(user=request.user, filters=form.values())
    if wants_export(request):
        return export_response(request, exports.MEMBERS, rows, filters={**form.described(), "personal_data": True})
    return render(request, "staffing/members.html", {
        "page": paginate(request, rows), "filter_form": form, "may_create": may_recruit(request.user)})


@login_required
def member_detail(request, pk: int):
    member = selectors.access_member(request.user, pk)
    return render(request, "staffing/member.html", {
        "member": member, "actions": selectors.action_list(user=request.user, member=member),
        "enrollments": member.enrollments.select_related("course"),
        "may_edit": may_edit_member(request.user, member), "may_move": may_move_member(request.user, member)})


@login_required
@require_http_methods(["GET", "POST"])
def member_recruit(request):
    selectors.require_names(request.user)
    if not may_recruit(request.user):
        raise Forbidden()
    fixed = selectors.own_commune(request.user)
    form = f.RecruitForm(request.POST or None, communes=visible_communes(request.user), fixed_commune=fixed,
                         initial={"field": request.GET.get("field", "")})

    def recruit(data):
        data = dict(data)
        key = pop_submission_key(data)
        commune = fixed or data.pop("commune", None)
        data.pop("commune", None)
        province = commune.province if commune else selectors.own_province(request.user)
        if province is None:
            raise DomainError(_("Cần mã xã, phường."), field="commune")
        return services.staff_recruit(actor=request.user, province=province, commune=commune, submission_key=key,
                                      org_unit=services.org_unit_of_kind(commune, data.pop("org_unit_kind")), **data)

    return submit(request, form, recruit, template=FORM_PAGE, then=_to_member,
                  success=lambda member: _("Đã ghi nhận %(kind)s %(name)s.") % {
                      "kind": member.actions.first().get_kind_display().lower(), "name": member.full_name},
                  context={"title": _("Tuyển dụng, ký hợp đồng"), "subtitle": fixed.name if fixed else "",
                           "cancel_url": OVERVIEW})


def _member_form(request, member, form, action, *, title, success):
    return submit(request, form, action, template=FORM_PAGE, then=lambda _result: _to_member(member),
                  success=success, context={"title": title, "subtitle": member.full_name,
                                            "cancel_url": member.get_absolute_url()})


@login_required
@require_http_methods(["GET", "POST"])
def member_move(request, pk: int):
    member = selectors.access_member(request.user, pk)
    if not may_move_member(request.user, member):
        raise Forbidden()
    form = f.MoveForm(request.POST or None, communes=visible_communes(request.user))

    def move(data):
        data = dict(data)
        key = pop_submission_key(data)
        unit = services.org_unit_of_kind(data["to_commune"], data.pop("org_unit_kind"))
        return services.staff_move(actor=request.user, member=member, to_org_unit=unit, submission_key=key, **data)

    return _member_form(request, member, form, move, title=_("Điều động, luân chuyển, biệt phái"),
                        success=_("Đã áp dụng quyết định."))


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request, pk: int):
    member = selectors.access_member(request.user, pk)
    if not may_edit_member(request.user, member):
        raise Forbidden()
    def leave(data):
        data = dict(data)
        return services.staff_leave(actor=request.user, member=member, submission_key=pop_submission_key(data),
                                    **data)

    return _member_form(request, member, f.LeaveForm(request.POST or None), leave,
                        title=_("Thôi việc, nghỉ hưu"), success=_("Đã ghi nhận nghỉ việc."))


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    member = selectors.access_member(request.user, pk)
    if not may_edit_member(request.user, member):
        raise Forbidden()
    initial = {k: getattr(member, k) for k in f.MemberEditForm.base_fields}

    def edit(data):
        data = dict(data)
        version = pop_version(data)
        changes = {k: v for k, v in data.items() if v != initial.get(k)}
        return services.staff_update(actor=request.user, member=member, version=version, **changes) \
            if changes else member

    return _member_form(request, member, f.MemberEditForm(request.POST or None, initial=initial), edit,
                        title=_("Sửa thông tin"), success=_("Đã lưu."))


@login_required
def actions(request):
    selectors.require_names(request.user)
    return render(request, "staffing/actions.html", {"page": paginate(request, selectors.action_list(user=request.user))})
