from django import forms
from django.utils.translation import gettext_lazy as _

from thongsuot.core.forms import SubmissionKeyField
from thongsuot.core.versioning import VersionField
from thongsuot.facilities.models import (
    Condition,
    EquipmentCategory,
    FacilityKind,
    FacilityStatus,
    MobileCoverage,
    PlanMethod,
    PlatformSystem,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CommuneCodeMixin:
    """A province or national user names the commune by its code; a commune user never sees the field."""

    def add_commune_field(self, needed: bool):
        if needed:
            self.fields = {"commune_code": forms.CharField(
                label=_("Mã xã, phường, đặc khu"), max_length=5,
                help_text=_("Mã 5 chữ số, ví dụ 00070 (Phường Hoàn Kiếm).")), **self.fields}


class FacilityForm(CommuneCodeMixin, forms.Form):
    submission_key = SubmissionKeyField()
    name = forms.CharField(label=_("Tên cơ sở"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại cơ sở"), choices=FacilityKind.choices)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255)
    land_area_m2 = forms.DecimalField(label=_("Diện tích đất (m²)"), max_digits=12, decimal_places=1)
    floor_area_m2 = forms.DecimalField(label=_("Diện tích sàn (m²)"), max_digits=12, decimal_places=1)
    year_built = forms.IntegerField(label=_("Năm xây dựng"), required=False)
    condition = forms.ChoiceField(label=_("Hiện trạng"), choices=Condition.choices)
    status = forms.ChoiceField(label=_("Tình trạng sử dụng"), choices=FacilityStatus.choices)
    current_use = forms.CharField(label=_("Đang dùng vào việc"), max_length=255, required=False)
    manager = forms.CharField(label=_("Người, đơn vị quản lý"), max_length=150, required=False)
    former_unit = forms.ModelChoiceField(label=_("Thuộc đơn vị cũ (trước sắp xếp)"), queryset=None, required=False,
                                         empty_label=_("— Không, của đơn vị hiện nay —"))

    def __init__(self, *args, former_units=None, ask_commune=False, **kwargs):
        super().__init__(*args, **kwargs)
        if former_units is None:
            del self.fields["former_unit"]
        else:
            self.fields["former_unit"].queryset = former_units
        self.add_commune_field(ask_commune)


class FacilityEditForm(FacilityForm):
    """Changes to a recorded premises (an edit creates nothing: no resubmission key), from the
    version the page was loaded with."""

    submission_key = None
    version = VersionField()


class PlanForm(forms.Form):
    method = forms.ChoiceField(label=_("Phương án xử lý"), choices=PlanMethod.choices)
    deadline = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE)
    reason_not_priority = forms.CharField(
        label=_("Lý do không bố trí cho y tế, giáo dục, văn hóa - thể thao, công an xã, mục đích công cộng khác"),
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("Bắt buộc với phương án bán đấu giá, cho thuê, thanh lý."))
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PlanEditForm(PlanForm):
    """Changes to a proposed plan, from the version the page was loaded with."""

    version = VersionField()


class ApproveForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    approval_date = forms.DateField(label=_("Ngày phê duyệt"), widget=DATE)
    deadline = forms.DateField(label=_("Hạn hoàn thành (để trống nếu giữ nguyên)"), widget=DATE, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class CompleteForm(forms.Form):
    done_date = forms.DateField(label=_("Ngày hoàn thành"), widget=DATE)
    note = forms.CharField(label=_("Kết quả xử lý"), max_length=500, required=False)


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Lý do hủy"), max_length=500)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Tệp (ảnh, PDF, Word, Excel)"))
    title = forms.CharField(label=_("Mô tả"), max_length=200, required=False)


class EquipmentForm(CommuneCodeMixin, forms.Form):
    category = forms.ChoiceField(label=_("Loại thiết bị"), choices=EquipmentCategory.choices)
    required = forms.IntegerField(label=_("Số cần có"))
    available = forms.IntegerField(label=_("Số hiện có"))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    version = VersionField()

    def __init__(self, *args, ask_commune=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_commune_field(ask_commune)


class ProcurementForm(CommuneCodeMixin, forms.Form):
    #: Kept as a draft in the browser while typed and queued when offline (static/thongsuot/drafts.js).
    offline_draft = True
    submission_key = SubmissionKeyField()
    category = forms.ChoiceField(label=_("Loại thiết bị"), choices=EquipmentCategory.choices)
    quantity = forms.IntegerField(label=_("Số lượng"))
    estimated_cost = forms.DecimalField(label=_("Dự toán (đồng)"), max_digits=15, decimal_places=0, required=False)
    justification = forms.CharField(label=_("Lý do đề nghị"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, ask_commune=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_commune_field(ask_commune)


class ConnectivityForm(forms.Form):
    broadband_mbps = forms.DecimalField(label=_("Tốc độ băng rộng cố định (Mbps)"), max_digits=8, decimal_places=1)
    mobile_coverage = forms.ChoiceField(label=_("Vùng phủ sóng di động"), choices=MobileCoverage.choices)
    government_network = forms.BooleanField(label=_("Đã kết nối mạng truyền số liệu chuyên dùng"), required=False)
    video_conference_ready = forms.BooleanField(label=_("Sẵn sàng họp trực tuyến"), required=False)
    version = VersionField()


class OutageForm(forms.Form):
    submission_key = SubmissionKeyField()
    started_at = forms.DateTimeField(label=_("Bắt đầu"), widget=DATETIME)
    ended_at = forms.DateTimeField(label=_("Kết thúc (để trống nếu chưa khắc phục)"), widget=DATETIME, required=False)
    cause = forms.CharField(label=_("Nguyên nhân"), max_length=255)


class OutageCloseForm(forms.Form):
    ended_at = forms.DateTimeField(label=_("Kết thúc"), widget=DATETIME)


class PlatformForm(forms.Form):
    system = forms.ChoiceField(label=_("Hệ thống"), choices=PlatformSystem.choices)
    name = forms.CharField(label=_("Tên hệ thống (bắt buộc với hệ thống khác)"), max_length=150, required=False)
    connected_to_province = forms.BooleanField(label=_("Đã kết nối nền tảng của tỉnh"), required=False)
    #: 0 from the page's "add" form: a system someone recorded in between is not overwritten.
    version = VersionField(initial=0)
