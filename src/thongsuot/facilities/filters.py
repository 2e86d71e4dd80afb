"""The filters of each list page (`core.listing.FilterForm`): read from the query string, given to the
list's selector (`selector_args`), recorded with an export (`described`), shown in the one filter bar."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thongsuot.core.listing import FilterForm, commune_code_field, province_code_field
from thongsuot.facilities import permissions
from thongsuot.facilities.models import (
    EquipmentCategory,
    FacilityKind,
    FacilityStatus,
    PlanMethod,
    PlanState,
    ProcurementState,
)

ALL = ("", _("Tất cả"))


def _choice(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[ALL, *choices])


class PlaceFilter(FilterForm):
    """Province and commune codes; a commune official sees only their commune and is not asked."""

    tinh = province_code_field(_("Mã tỉnh"))
    xa = commune_code_field(_("Mã xã"))
    #: Query parameter → the selector's argument.
    selector_names = {"tinh": "province", "xa": "commune"}
    #: The API names its parameters as the selectors do.
    api_names = selector_names

    def __init__(self, params=None, *, user=None, **kwargs):
        super().__init__(params, **kwargs)
        if user is not None and permissions.own_commune(user) is not None:
            del self.fields["tinh"], self.fields["xa"]

    def selector_args(self) -> dict:
        return {self.selector_names.get(k, k): v for k, v in self.values().items()}


class FacilityFilter(PlaceFilter):
    api_names = {**PlaceFilter.selector_names, "q": "search"}
    q = forms.CharField(label=_("Tìm kiếm"), widget=forms.TextInput(
        attrs={"type": "search", "maxlength": 100, "placeholder": _("Tên, địa chỉ")}))
    status = _choice(_("Tình trạng"), FacilityStatus.choices)
    kind = _choice(_("Loại"), FacilityKind.choices)
    plan_state = _choice(_("Phương án"), [("none", _("Chưa có phương án")),
                                          ("remaining", _("Dôi dư chưa xử lý xong")),
                                          *[c for c in PlanState.choices if c[0] != PlanState.CANCELLED]])
    method = _choice(_("Hình thức"), PlanMethod.choices)
    deadline = _choice(_("Hạn xử lý"), [("overdue", _("Quá hạn")), ("soon", _("Sắp đến hạn")),
                                        ("later", _("Còn hạn"))])
    field_order = ["q", "status", "kind", "plan_state", "method", "tinh", "xa", "deadline"]


class PlanFilter(PlaceFilter):
    state = _choice(_("Trạng thái"), PlanState.choices)
    method = _choice(_("Hình thức"), PlanMethod.choices)
    field_order = ["state", "method", "tinh", "xa"]


class EquipmentFilter(PlaceFilter):
    category = _choice(_("Loại thiết bị"), EquipmentCategory.choices)
    thieu = forms.BooleanField(label=_("chỉ loại còn thiếu"))
    selector_names = {**PlaceFilter.selector_names, "thieu": "with_gap"}
    api_names = selector_names
    field_order = ["category", "tinh", "xa", "thieu"]


class ProcurementFilter(PlaceFilter):
    state = _choice(_("Trạng thái"), ProcurementState.choices)
    field_order = ["state", "tinh", "xa"]


class OutageFilter(PlaceFilter):
    dang_dien_ra = forms.BooleanField(label=_("chưa khắc phục"))
    selector_names = {**PlaceFilter.selector_names, "dang_dien_ra": "ongoing"}
    api_names = selector_names


class ReadinessFilter(PlaceFilter):
    q = forms.CharField(label=_("Tìm xã"), widget=forms.TextInput(attrs={"type": "search", "maxlength": 100}))
    xa = None  # the list is of communes: by province, or by name
    khong_xe = forms.BooleanField(label=_("chưa có xe ô tô"))
    duoi_nguong = forms.BooleanField(label=_("điểm kết nối dưới ngưỡng"))
    selector_names = {**PlaceFilter.selector_names, "khong_xe": "no_vehicle", "duoi_nguong": "below_threshold"}
    api_names = selector_names
    field_order = ["q", "tinh", "xa", "khong_xe", "duoi_nguong"]
