from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from thongsuot.core.forms import SubmissionKeyField
from thongsuot.core.listing import FilterForm
from thongsuot.core.uploads import ALLOWED_LABEL
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


#: core.uploads.ALLOWED_LABEL, for this app's catalogue.
gettext_noop("PDF, ảnh (JPG, PNG, WEBP), Word (DOC, DOCX), Excel (XLS, XLSX)")


class GuidanceForm(forms.Form):
    """A ministry records a guidance document it issued for a task (the file is checked by the service)."""

    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=50, help_text=_("Ví dụ: 1234/BNV-CQĐP"))
    signed_on = forms.DateField(label=_("Ngày ban hành"), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    excerpt = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Ví dụ: hướng dẫn thực hiện nhiệm vụ cấp giấy phép xây dựng ở cấp xã"))
    file = forms.FileField(label=_("Tệp văn bản"), required=False)
    submission_key = SubmissionKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Cho phép: %(kinds)s.") % {"kinds": _(ALLOWED_LABEL)}
