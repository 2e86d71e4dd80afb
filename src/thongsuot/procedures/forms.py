from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.forms import SubmissionKeyField
from thongsuot.core.listing import FilterForm, commune_code_field
from thongsuot.core.versioning import VersionField
from thongsuot.core.vocabulary import ProcedureField
from thongsuot.procedures.models import Channel, OnlineLevel, Procedure, SimplificationProposal, Status


class IntakeForm(forms.Form):
    # A code, not a drop-down of a thousand entries: the desk officer types or scans it.
    procedure = forms.CharField(label=_("Mã thủ tục"), max_length=32,
                                help_text=_("Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ 1.001193."))
    channel = forms.TypedChoiceField(label=_("Hình thức nộp"), choices=Channel.choices, coerce=int,
                                     initial=Channel.IN_PERSON)
    applicant_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=150)
    applicant_phone = forms.RegexField(label=_("Điện thoại"), regex=r"^[0-9 +().-]{6,20}$", required=False,
                                       error_messages={"invalid": _("Số điện thoại không hợp lệ.")})
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    register_only = forms.BooleanField(label=_("Chỉ đăng ký (hồ sơ trực tuyến chờ tiếp nhận)"), required=False)
    submission_key = SubmissionKeyField()

    def clean_procedure(self):
        code = self.cleaned_data["procedure"].strip()
        procedure = Procedure.objects.filter(code=code, is_active=True).first()
        if procedure is None:
            raise forms.ValidationError(_("Không có thủ tục đang áp dụng với mã này."))
        return procedure


class StepForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Lý do, nội dung"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    new_appointment = forms.DateField(label=_("Ngày hẹn trả kết quả mới"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))


class DossierFilterForm(FilterForm):
    q = forms.CharField(label=_("Mã hồ sơ hoặc tên thủ tục"), required=False, max_length=100)
    status = forms.TypedChoiceField(label=_("Trạng thái"), choices=[("", _("Tất cả"))] + Status.choices,
                                    coerce=int, required=False, empty_value=None)
    channel = forms.TypedChoiceField(label=_("Hình thức nộp"), choices=[("", _("Tất cả"))] + Channel.choices,
                                     coerce=int, required=False, empty_value=None)
    commune = commune_code_field(_("Mã xã"))
    received_from = forms.DateField(label=_("Tiếp nhận từ ngày"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    received_to = forms.DateField(label=_("đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    overdue = forms.BooleanField(label=_("Chỉ hồ sơ đang quá hạn"), required=False)


class ProcedureFilterForm(FilterForm):
    api_names = {"q": "search"}
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    sector = forms.ChoiceField(label=pgettext_lazy("sector", "Lĩnh vực"), choices=[("", _("Tất cả"))] + ProcedureField.choices, required=False)
    online_level = forms.ChoiceField(label=_("Mức độ trực tuyến"), choices=[("", _("Tất cả"))] + OnlineLevel.choices,
                                     required=False)


class ProcedureForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Procedure
        fields = ["code", "name", "sector", "time_limit_days", "fee", "fee_note", "online_level", "is_internal",
                  "is_active", "legal_basis"]


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại đề xuất"), choices=SimplificationProposal.Kind.choices)
    content = forms.CharField(label=_("Nội dung đề xuất"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ProposalDecisionForm(forms.Form):
    state = forms.ChoiceField(label=_("Quyết định"), choices=[
        (SimplificationProposal.State.ACCEPTED, _("Chấp thuận")),
        (SimplificationProposal.State.REJECTED, _("Không chấp thuận")),
        (SimplificationProposal.State.IMPLEMENTED, _("Đã thực hiện"))])
    note = forms.CharField(label=_("Ý kiến"), max_length=500, required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    province = forms.CharField(label=_("Mã tỉnh"), required=False, max_length=2)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        cleaned["start"] = cleaned.get("start") or today.replace(day=1)
        cleaned["end"] = cleaned.get("end") or today
        if cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
        if cleaned["end"] - cleaned["start"] > timedelta(days=3 * 366):
            raise forms.ValidationError(_("Kỳ số liệu dài tối đa ba năm."))
        return cleaned


def default_period() -> tuple[date, date]:
    today = timezone.localdate()
    return today.replace(day=1), today
