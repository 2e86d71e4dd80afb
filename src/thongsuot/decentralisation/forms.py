from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.listing import FilterForm
from thongsuot.core.versioning import VersionField
from thongsuot.core.vocabulary import Sector
from thongsuot.decentralisation.models import DifficultyCause, TaskState


class TaskStateForm(forms.Form):
    state = forms.ChoiceField(label=_("Tình trạng thực hiện"), choices=[("", _("— Chọn tình trạng —")), *TaskState.choices])
    cause = forms.ChoiceField(label=_("Nguyên nhân (nếu khó khăn)"), choices=DifficultyCause.choices,
                              required=False)
    note = forms.CharField(label=_("Nội dung khó khăn, kiến nghị"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    version = VersionField()


class TaskFilterForm(FilterForm):
    """The filters of the task catalogue (page, export and API alike)."""

    api_names = {"missing": "missing_guidance"}

    q = forms.CharField(label=_("Tìm kiếm"), max_length=100, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("Gõ có dấu hoặc không dấu")}))
    sector = forms.ChoiceField(label=pgettext_lazy("sector", "Lĩnh vực"), choices=[("", _("Tất cả")), *Sector.choices])
    missing = forms.BooleanField(label=_("Chưa có hướng dẫn"))
