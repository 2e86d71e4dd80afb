from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thongsuot.core.forms import SubmissionKeyField
from thongsuot.core.listing import FilterForm, commune_code_field
from thongsuot.core.versioning import VersionField
from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.models import Commune
from thongsuot.staffing.models import OrgUnit, PersonnelAction, StaffMember, TrainingCourse

DATE_HINT = _("Ngày/tháng/năm, ví dụ 01/08/2025.")
#: Day first in every language: English locale formats would read 01/08/2025 as 8 January.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def date_field(label, required=True):
    return forms.DateField(label=label, required=required, help_text=DATE_HINT, input_formats=DATE_INPUT_FORMATS,
                           widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
                           error_messages={"invalid": _("Ngày không hợp lệ (dùng dạng ngày/tháng/năm).")})


class CommuneCodeField(forms.CharField):
    """A commune typed by its official code, checked against the communes the form allows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("help_text", _("Mã 5 chữ số, ví dụ 00070 (Phường Hoàn Kiếm)."))
        super().__init__(*args, **kwargs)


class DecisionMixin(forms.Form):
    submission_key = SubmissionKeyField()
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60,
                                      help_text=_("Ví dụ: 125/QĐ-UBND."))
    decision_date = date_field(_("Ngày quyết định"))
    effective_date = date_field(_("Ngày hiệu lực"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision_date") and data["decision_date"] > timezone.localdate():
            self.add_error("decision_date", _("Ngày quyết định không được sau hôm nay."))
        if data.get("decision_date") and data.get("effective_date") and data["effective_date"] < data["decision_date"]:
            self.add_error("effective_date", _("Ngày hiệu lực không được trước ngày quyết định."))
        return data


class _CommuneLookup:
    communes = Commune.objects.none()

    def _commune(self, name, required, *, among=None, not_found=None):
        """The commune whose code the field `name` holds, looked up among `among` (the communes in the
        user's scope unless told), or None when the field is empty and not `required`."""
        code = (self.cleaned_data.get(name) or "").strip()
        if not code:
            if required:
                raise forms.ValidationError(_("Cần mã xã, phường."))
            return None
        commune = (self.communes if among is None else among).filter(code=code.zfill(5)).first()
        if commune is None:
            message = not_found or _("Không có xã, phường mã “%(code)s” trong phạm vi của bạn.")
            raise forms.ValidationError(message % {"code": code})
        return commune


class RecruitForm(_CommuneLookup, DecisionMixin):
    submission_key = SubmissionKeyField()
    commune = CommuneCodeField(label=_("Nơi làm việc (mã xã, phường)"), required=False)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=[
        (PersonnelAction.Kind.RECRUITMENT, PersonnelAction.Kind.RECRUITMENT.label),
        (PersonnelAction.Kind.LABOUR_CONTRACT, PersonnelAction.Kind.LABOUR_CONTRACT.label)])
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=StaffMember.Gender.choices)
    birth_year = forms.IntegerField(label=_("Năm sinh"), min_value=1940, max_value=2010,
                                    error_messages={"min_value": _("Năm sinh từ 1940 trở đi."),
                                                    "max_value": _("Năm sinh không quá 2010.")})
    category = forms.ChoiceField(label=pgettext_lazy("staff category", "Loại"), choices=StaffMember.Category.choices)
    position = forms.CharField(label=_("Chức vụ, vị trí việc làm"), max_length=150)
    field = forms.ChoiceField(label=_("Lĩnh vực chuyên môn"), choices=StaffField.choices)
    org_unit_kind = forms.ChoiceField(label=_("Đơn vị"), required=False,
                                      choices=[("", _("— chưa xếp —")), *OrgUnit.Kind.choices])
    qualification = forms.CharField(label=_("Trình độ chuyên môn"), max_length=150, required=False)
    home_commune = CommuneCodeField(label=_("Nơi ở (mã xã, phường)"), required=False)
    commute_km = forms.DecimalField(label=_("Quãng đường đi làm (km)"), min_value=Decimal(0), max_value=Decimal(500),
                                    decimal_places=1, initial=0,
                                    error_messages={"min_value": _("Quãng đường không được âm.")})
    contract_until = date_field(_("Hợp đồng đến ngày"), required=False)
    field_order = ["commune", "kind", "full_name", "gender", "birth_year", "category", "position", "field",
                   "org_unit_kind", "qualification", "home_commune", "commute_km", "decision_number", "decision_date",
                   "effective_date", "contract_until", "note"]

    def __init__(self, *args, communes=None, home_communes=None, fixed_commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = communes if communes is not None else Commune.objects.none()
        self.home_communes = home_communes if home_communes is not None else Commune.objects.all()
        self.fixed_commune = fixed_commune
        if fixed_commune is not None:
            del self.fields["commune"]

    def clean_commune(self):
        return self._commune("commune", required=False)

    def clean_home_commune(self):
        return self._commune("home_commune", required=False, among=self.home_communes,
                             not_found=_("Không có xã, phường mã “%(code)s”."))


class MoveForm(_CommuneLookup, DecisionMixin):
    kind = forms.ChoiceField(label=_("Loại quyết định"), choices=[
        (k, k.label) for k in (PersonnelAction.Kind.TRANSFER, PersonnelAction.Kind.ROTATION,
                               PersonnelAction.Kind.SECONDMENT)])
    to_commune = CommuneCodeField(label=_("Nơi đến (mã xã, phường)"), required=False,
                                  help_text=_("Để trống nếu về làm việc tại cơ quan cấp tỉnh."))
    to_field = forms.ChoiceField(label=_("Lĩnh vực ở nơi mới"), required=False,
                                 choices=[("", _("— giữ nguyên —")), *StaffField.choices])
    org_unit_kind = forms.ChoiceField(label=_("Đơn vị ở nơi mới"), required=False,
                                      choices=[("", _("— chưa xếp —")), *OrgUnit.Kind.choices])
    position = forms.CharField(label=_("Chức vụ mới"), max_length=150, required=False)
    field_order = ["kind", "to_commune", "to_field", "org_unit_kind", "position", "decision_number", "decision_date",
                   "effective_date", "note"]

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = communes if communes is not None else Commune.objects.none()

    def clean_to_commune(self):
        return self._commune("to_commune", required=False)


class LeaveForm(DecisionMixin):
    pass


class MemberEditForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=StaffMember.Gender.choices)
    birth_year = forms.IntegerField(label=_("Năm sinh"), min_value=1940, max_value=2010)
    position = forms.CharField(label=_("Chức vụ, vị trí việc làm"), max_length=150)
    field = forms.ChoiceField(label=_("Lĩnh vực chuyên môn"), choices=StaffField.choices)
    qualification = forms.CharField(label=_("Trình độ chuyên môn"), max_length=150, required=False)
    commute_km = forms.DecimalField(label=_("Quãng đường đi làm (km)"), min_value=Decimal(0), max_value=Decimal(500),
                                    decimal_places=1)
    version = VersionField()


class QuotaForm(forms.Form):
    headcount = forms.IntegerField(label=_("Định biên"), min_value=0, max_value=70,
                                   error_messages={"min_value": _("Định biên không được nhỏ hơn 0."),
                                                   "max_value": _("Định biên một lĩnh vực không quá 70.")})
    reason = forms.CharField(label=_("Lý do điều chỉnh"), min_length=5, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"min_length": _("Cần ghi lý do điều chỉnh (ít nhất 5 ký tự).")})
    version = VersionField()


class QuotaResetForm(forms.Form):
    """The button that returns a field to the default rule carries the version its page showed."""

    version = VersionField()


class OrgUnitCreateForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    submission_key = SubmissionKeyField()


class OrgUnitForm(forms.Form):
    """Rename a unit, from the version read."""

    name = forms.CharField(label=_("Tên đơn vị"), max_length=200)
    version = VersionField()


class OrgSettingsForm(forms.Form):
    max_units_per_commune = forms.IntegerField(label=_("Số đơn vị tối đa mỗi xã"), min_value=5, max_value=12)
    version = VersionField()


class CourseForm(forms.Form):
    submission_key = SubmissionKeyField()
    title = forms.CharField(label=_("Tên khóa học"), max_length=200)
    field = forms.ChoiceField(label=pgettext_lazy("specialty field", "Lĩnh vực"), choices=StaffField.choices)
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=200)
    starts_on = date_field(_("Ngày bắt đầu"))
    ends_on = date_field(_("Ngày kết thúc"))
    mode = forms.ChoiceField(label=_("Hình thức"), choices=TrainingCourse.Mode.choices)
    capacity = forms.IntegerField(label=_("Số chỗ"), min_value=1, max_value=5000)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return data


class EnrollForm(forms.Form):
    submission_key = SubmissionKeyField()
    member = forms.ModelChoiceField(label=_("Cán bộ, công chức"), queryset=StaffMember.objects.none(),
                                    error_messages={"invalid_choice": _("Người đã chọn không có trong danh sách.")})

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members


class PolicyForm(forms.Form):
    submission_key = SubmissionKeyField()
    name = forms.CharField(label=_("Tên chính sách"), max_length=200)
    legal_basis = forms.CharField(label=_("Văn bản ban hành"), max_length=200, required=False,
                                  help_text=_("Ví dụ: Nghị quyết số 12/2025/NQ-HĐND."))
    valid_from = date_field(_("Áp dụng từ ngày"))
    valid_to = date_field(_("Áp dụng đến ngày"), required=False)
    mountain_reduction_km = forms.DecimalField(label=_("Giảm trừ quãng đường ở vùng miền núi (km)"),
                                               min_value=Decimal(0), max_value=Decimal(50), decimal_places=1,
                                               initial=0)
    bands = forms.CharField(label=_("Khoảng cách và mức hỗ trợ"), widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("Mỗi dòng một khoảng (km): mức hỗ trợ đồng/tháng. Ví dụ “20-30: 3000000”, "
                                        "“50+: 5200000”. Khoảng tính từ mốc dưới (có) đến mốc trên (không)."))

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("Ngày kết thúc áp dụng phải sau ngày bắt đầu."))
        return data


class PolicyEditForm(PolicyForm):
    """Changes to an adopted policy (no new record: no resubmission key), from the version read."""

    submission_key = None
    version = VersionField()


class CommuneFiguresForm(forms.Form):
    """A commune's population and flags: what its default quotas rest on."""

    population = forms.IntegerField(label=_("Dân số"), min_value=0, max_value=5_000_000)
    is_mountainous = forms.BooleanField(label=_("Vùng miền núi"), required=False)
    is_island = forms.BooleanField(label=_("Hải đảo"), required=False)
    version = VersionField()


class QuotaRuleForm(forms.Form):
    base = forms.IntegerField(label=_("Định biên cơ sở"), min_value=1, max_value=100)
    threshold = forms.IntegerField(label=_("Ngưỡng dân số"), min_value=0, max_value=1_000_000)
    step_mountain = forms.IntegerField(label=_("Vùng miền núi: thêm 1 người cho mỗi … dân"), min_value=100)
    step_lowland = forms.IntegerField(label=_("Vùng khác: thêm 1 người cho mỗi … dân"), min_value=100)
    cap_xa = forms.IntegerField(label=_("Tối đa cho xã"), min_value=1, max_value=100)
    cap_urban = forms.IntegerField(label=_("Tối đa cho phường, đặc khu"), min_value=1, max_value=150)
    reason = forms.CharField(label=_("Căn cứ, lý do"), min_length=5, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"min_length": _("Cần ghi căn cứ, lý do (ít nhất 5 ký tự).")})
    version = VersionField()


ALL = [("", _("Tất cả"))]


class MemberFilterForm(FilterForm):
    """The staff list's filters; with no status given the list shows the people in post."""

    ANY_STATUS = "any"

    q = forms.CharField(label=_("Tìm kiếm"), max_length=100, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("Gõ có dấu hoặc không dấu")}))
    commune = commune_code_field(_("Mã xã"))
    field = forms.ChoiceField(label=pgettext_lazy("specialty field", "Lĩnh vực"), choices=ALL + StaffField.choices)
    category = forms.ChoiceField(label=pgettext_lazy("staff category", "Loại"),
                                 choices=ALL + StaffMember.Category.choices)
    status = forms.ChoiceField(label=_("Trạng thái"),
                               choices=[*StaffMember.Status.choices, (ANY_STATUS, _("Tất cả"))])

    def values(self) -> dict:
        return {"status": StaffMember.Status.ACTIVE} | super().values()


class CommuneFilterForm(FilterForm):
    """The API's quota and organisation-unit lists: one commune by its code."""

    commune = commune_code_field(_("Mã xã"))


class ShortageFilterForm(FilterForm):
    """The shortage list's filters; the province choice is for those who see more than one."""

    q = forms.CharField(label=_("Xã, phường"), max_length=100, widget=forms.TextInput(attrs={"type": "search"}))
    province = forms.ChoiceField(label=_("Tỉnh"), choices=ALL)
    field = forms.ChoiceField(label=pgettext_lazy("specialty field", "Lĩnh vực"), choices=ALL + StaffField.choices)
    kind = forms.ChoiceField(label=_("Loại"), choices=ALL + Commune.Kind.choices)
    mountainous = forms.ChoiceField(label=_("Vùng"), choices=[*ALL, ("1", _("Miền núi")), ("0", _("Khác"))])
    sort = forms.ChoiceField(label=_("Sắp xếp"), choices=[
        ("gap", _("Thiếu nhiều trước")), ("commune", _("Tên xã")),
        ("field", pgettext_lazy("specialty field", "Lĩnh vực")), ("province", _("Tỉnh, mã xã"))])
    all = forms.BooleanField(label=_("Cả lĩnh vực đủ người"))

    def __init__(self, params=None, *, provinces=None, **kwargs):
        super().__init__(params, **kwargs)
        if provinces is None:
            del self.fields["province"]
        else:
            self.fields["province"].choices = ALL + [(p.code, p.short_name) for p in provinces]
