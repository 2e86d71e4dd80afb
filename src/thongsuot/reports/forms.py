from django import forms
from django.utils.translation import gettext_lazy as _

from thongsuot.accounts.models import Agency, Level
from thongsuot.core.listing import FilterForm
from thongsuot.core.versioning import VersionField
from thongsuot.reports.figures import GROUPS
from thongsuot.reports.models import Frequency, Method, ReportingRegime, ReportLevel, ReportState, Weekday


class RegimeForm(forms.Form):
    """The ten elements of a regime (Decree 09/2019, Art. 7)."""

    name = forms.CharField(label=_("Tên báo cáo"), max_length=200)
    content = forms.CharField(label=_("Nội dung yêu cầu báo cáo"), widget=forms.Textarea(attrs={"rows": 3}))
    communes_report = forms.BooleanField(label=_("Ủy ban nhân dân cấp xã báo cáo"), required=False)
    provinces_report = forms.BooleanField(label=_("Ủy ban nhân dân cấp tỉnh báo cáo (tổng hợp báo cáo của cấp xã)"),
                                          required=False)
    recipient = forms.ModelChoiceField(label=_("Cơ quan nhận báo cáo"), queryset=Agency.objects.none())
    method = forms.ChoiceField(label=_("Phương thức gửi, nhận báo cáo"), choices=Method.choices)
    frequency = forms.ChoiceField(label=_("Tần suất"), choices=Frequency.choices)
    cutoff_weekday = forms.TypedChoiceField(label=_("Ngày chốt số liệu (báo cáo hằng tuần)"), coerce=int,
                                            choices=Weekday.choices, initial=Weekday.THURSDAY)
    cutoff_day = forms.IntegerField(label=_("Ngày chốt số liệu trong tháng (báo cáo tháng, quý)"), min_value=1,
                                    max_value=28, initial=14,
                                    help_text=_("Nghị định 09/2019: kỳ báo cáo tháng tính từ ngày 15 tháng trước "
                                                "đến ngày 14 tháng báo cáo."))
    commune_deadline_days = forms.IntegerField(label=_("Hạn gửi của cấp xã (số ngày sau ngày chốt)"), min_value=0,
                                               max_value=30, initial=1)
    province_deadline_days = forms.IntegerField(label=_("Hạn gửi của cấp tỉnh (số ngày sau ngày chốt)"), min_value=0,
                                                max_value=30, initial=2)
    starts_on = forms.DateField(label=_("Áp dụng từ ngày"))
    ends_on = forms.DateField(label=_("Đến ngày (báo cáo đột xuất: ngày chốt số liệu)"), required=False)
    outline = forms.CharField(label=_("Đề cương báo cáo"), widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Mỗi dòng một mục của báo cáo."))
    figures = forms.MultipleChoiceField(label=_("Biểu mẫu số liệu (đọc từ các cơ sở dữ liệu, không nhập lại)"),
                                        choices=GROUPS, widget=forms.CheckboxSelectMultiple)
    is_active = forms.BooleanField(label=_("Đang áp dụng"), required=False, initial=True)
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Agency.objects.filter(
            level__in=[Level.CENTRAL, Level.MINISTRY]).order_by("level", "code")

    @staticmethod
    def initial_of(regime: ReportingRegime) -> dict:
        names = ("name", "content", "communes_report", "provinces_report", "recipient", "method", "frequency",
                 "cutoff_weekday", "cutoff_day", "commune_deadline_days", "province_deadline_days", "starts_on",
                 "ends_on", "outline", "figures", "is_active", "version")
        return {name: getattr(regime, name) for name in names}


class ReportTextForm(forms.Form):
    assessment = forms.CharField(label=_("Đánh giá chung"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    difficulties = forms.CharField(label=_("Khó khăn, vướng mắc"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    proposals = forms.CharField(label=_("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = VersionField()


class ReportSendForm(forms.Form):
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150)
    version = VersionField()


class ReportFilter(FilterForm):
    """The filters of the reports' API list (read strictly: a bad value is a 400 naming it)."""

    regime = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    period = forms.DateField(input_formats=["%Y-%m-%d"])
    level = forms.ChoiceField(choices=ReportLevel.choices)
    state = forms.ChoiceField(choices=ReportState.choices)
