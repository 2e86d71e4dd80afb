"""Equipment needs and procurement requests."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import act
from thongsuot.core.versioning import version_of
from thongsuot.facilities import exports, filters, forms, permissions, selectors, services
from thongsuot.facilities.views._helpers import commune_form, facilities_page, scoped_list


@facilities_page
def equipment_list(request):
    return scoped_list(request, "facilities/equipment_list.html", filters.EquipmentFilter,
                       selectors.equipment_list, exports.EQUIPMENT,
                       {"may_edit": permissions.may_edit_equipment(request.user)}, importing="thiet-bi")


@facilities_page
@require_http_methods(["GET", "POST"])
def equipment_edit(request):
    if not permissions.may_edit_equipment(request.user):
        raise Forbidden()
    form = forms.EquipmentForm(request.POST or None, ask_commune=permissions.own_commune(request.user) is None,
                               initial=_equipment_initial(request))
    return commune_form(request, form, services.equipment_need_set, title=_("Cập nhật nhu cầu thiết bị"),
                        then="facilities:equipment", success=_("Đã cập nhật nhu cầu thiết bị."),
                        cancel_url=reverse("facilities:equipment"))


def _equipment_initial(request) -> dict:
    """The line the list's "Sửa" link names (category, commune), with the version the page hands out."""
    category, code = request.GET.get("category", "")[:16], request.GET.get("xa", "")[:5]
    own = permissions.own_commune(request.user)
    need = None
    if category and (own is not None or code):
        need = selectors.equipment_list(user=request.user, category=category,
                                        commune=own.code if own is not None else code).first()
    initial = {"category": category, "commune_code": code, "version": version_of(need)}
    if need is not None:
        initial.update(required=need.required, available=need.available, note=need.note)
    return initial


@facilities_page
def procurement_list(request):
    user = request.user
    return scoped_list(request, "facilities/procurement_list.html", filters.ProcurementFilter,
                       selectors.procurement_list, exports.PROCUREMENT, {
        "may_create": permissions.may_create_records(user),
        "may_decide": permissions.may_decide_procurement(user)})


@facilities_page
@require_http_methods(["GET", "POST"])
def procurement_create(request):
    if not permissions.may_create_records(request.user):
        raise Forbidden()
    form = forms.ProcurementForm(request.POST or None, ask_commune=permissions.own_commune(request.user) is None)
    return commune_form(request, form, services.procurement_request_create, title=_("Đề nghị cấp thiết bị"),
                        then="facilities:procurement", cancel_url=reverse("facilities:procurement"),
                        success=_("Đã lập đề nghị (dự thảo). Gửi đề nghị khi đã sẵn sàng."))


@facilities_page
@require_POST
def procurement_move(request, pk: int):
    item = selectors.access_procurement(request.user, pk)
    act(request, lambda: services.procurement_request_move(
        actor=request.user, request=item, to_state=request.POST.get("to", ""),
        note=request.POST.get("note", "")[:255]), _("Đã cập nhật đề nghị."))
    return redirect("facilities:procurement")
