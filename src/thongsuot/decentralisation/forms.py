from django import forms
from django.utils.translation import gettext_lazy as _

from thongsuot.decentralisation.models import DifficultyCause, TaskState


class TaskStateForm(forms.Form):
    state = forms.ChoiceField(label=_("Tình trạng thực hiện"), choices=[("", _("— Chọn tình trạng —")), *TaskState.choices])
    cause = forms.ChoiceField(label=_("Nguyên nhân (nếu khó khăn)"), choices=DifficultyCause.choices,
                              required=False)
    note = forms.CharField(label=_("Nội dung khó khăn, kiến nghị"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
