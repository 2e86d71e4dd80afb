from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from thongsuot.accounts.models import Agency, Level
from thongsuot.core.forms import SubmissionKeyField
from thongsuot.core.listing import FilterForm, commune_code_field, province_code_field
from thongsuot.core.uploads import ALLOWED_LABEL, validate_upload
from thongsuot.core.versioning import VersionField
from thongsuot.core.vocabulary import DOMAIN_SECTOR, Domain, StaffField
from thongsuot.obstacles.choices import FacilitySubject
from thongsuot.obstacles.models import CaseLevel, Classification, Severity, Status
from thongsuot.obstacles.permissions import may_filter_by_place
from thongsuot.obstacles.registries import MAX_HEADCOUNT, equipment_categories
from thongsuot.obstacles.selectors import SORTS

NATIONAL = "national"
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


#: core.uploads.ALLOWED_LABEL, for this app's catalogue (if core changes it, the Vietnamese shows).
gettext_noop("PDF, ảnh (JPG, PNG, WEBP), Word (DOC, DOCX), Excel (XLS, XLSX)")


def _allowed_kinds() -> str:
    return gettext("Cho phép: %(kinds)s.") % {"kinds": gettext(ALLOWED_LABEL)}


def _file_field(label, required=False):
    # Lazy: the help text is read when the form is shown, in the reader's language.
    return forms.FileField(label=label, required=required, help_text=lazy(_allowed_kinds, str)())


def _clean_upload(upload):
    if upload:
        try:
            validate_upload(upload)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
    return upload


class ObstacleForm(forms.Form):
    #: Kept as a draft in the browser while typed and queued when offline (static/thongsuot/drafts.js).
    offline_draft = True
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    domain = forms.ChoiceField(label=_("Lĩnh vực"), choices=[("", _("— Chọn lĩnh vực —")), *Domain.choices])
    severity = forms.ChoiceField(label=_("Mức độ"), choices=Severity.choices, initial=Severity.MEDIUM)
    classification = forms.ChoiceField(label=_("Phân loại (nếu là nhiệm vụ phân cấp)"),
                                       choices=Classification.choices, required=False)
    staff_field = forms.ChoiceField(
        label=_("Chuyên ngành cần bố trí"), required=False,
        choices=[("", _("— Chọn chuyên ngành —")), *StaffField.choices],
        help_text=_("Bắt buộc với khó khăn về tổ chức bộ máy, cán bộ (danh mục như bảng định biên)."))
    headcount_needed = forms.IntegerField(
        label=_("Số người cần bổ sung"), required=False, min_value=0, max_value=MAX_HEADCOUNT,
        help_text=_("Bắt buộc với khó khăn về tổ chức bộ máy, cán bộ; ghi 0 nếu không phải thiếu người."))
    facility_subject = forms.ChoiceField(
        label=_("Nội dung liên quan"), required=False,
        choices=[("", _("— Chọn nội dung —")), *FacilitySubject.choices],
        help_text=_("Bắt buộc với khó khăn về trụ sở, tài sản công và trang thiết bị, công nghệ thông tin."))
    equipment_category = forms.ChoiceField(label=_("Loại thiết bị"), required=False,
                                           help_text=_("Khi nội dung liên quan là trang thiết bị."))
    description = forms.CharField(label=_("Nội dung khó khăn, vướng mắc"), max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    attachment = _file_field(_("Tài liệu đính kèm"))
    submission_key = SubmissionKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment_category"].choices = [("", _("— Chọn loại thiết bị —")),
                                                     *equipment_categories().items()]

    def clean_attachment(self):
        return _clean_upload(self.cleaned_data.get("attachment"))


class TransitionForm(forms.Form):
    message = forms.CharField(label=_("Nội dung, lý do"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CommentForm(forms.Form):
    message = forms.CharField(label=_("Ý kiến"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AttachForm(forms.Form):
    file = _file_field(_("Tệp"), required=True)

    def clean_file(self):
        return _clean_upload(self.cleaned_data.get("file"))


class _DocumentFields(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=50,
                             help_text=_("Ví dụ: 123/UBND-NV"))
    signed_on = forms.DateField(label=_("Ngày văn bản"), input_formats=DATE_FORMATS,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150)
    file = _file_field(_("Tệp văn bản (bản scan có chữ ký)"), required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean_file(self):
        return _clean_upload(self.cleaned_data.get("file"))


class EscalateForm(_DocumentFields):
    """Below the province: a note only. From the province up: the written request."""

    to = forms.ChoiceField(label=_("Cơ quan nhận văn bản đề nghị"))
    content = forms.CharField(label=_("Nội dung đề nghị"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    message = forms.CharField(label=_("Ghi chú khi chuyển"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["to", "number", "signed_on", "signer_name", "signer_title", "content", "file", "message"]

    def __init__(self, *args, obstacle, **kwargs):
        super().__init__(*args, **kwargs)
        self.obstacle = obstacle
        self.written = obstacle.level != CaseLevel.COMMUNE
        if not self.written:
            for name in ("to", "number", "signed_on", "signer_name", "signer_title", "content", "file"):
                del self.fields[name]
            self.fields["message"].required = True
            self.fields["message"].label = _("Lý do chuyển cấp tỉnh")
            return
        choices = []
        if obstacle.level == CaseLevel.PROVINCE:
            ministries = Agency.objects.filter(level=Level.MINISTRY).order_by("name")
            choices = [(a.code, a.name) for a in ministries]
            suggested = DOMAIN_SECTOR.get(obstacle.domain)
            for agency in ministries:
                if agency.sector == suggested:
                    self.initial.setdefault("to", agency.code)
        choices.append((NATIONAL, str(_("Ban Chỉ đạo Trung ương"))))
        self.fields["to"].choices = choices

    def target(self):
        """Return (ministry agency or None, to_national)."""
        if not self.written:
            return None, False
        code = self.cleaned_data["to"]
        if code == NATIONAL:
            return None, True
        return Agency.objects.get(code=code, level=Level.MINISTRY), False


class AnswerForm(_DocumentFields):
    guidance = forms.CharField(label=_("Nội dung trả lời, hướng dẫn"), max_length=8000,
                               widget=forms.Textarea(attrs={"rows": 6}))
    field_order = ["number", "signed_on", "signer_name", "signer_title", "guidance", "file"]


class RequestAnswerForm(AnswerForm):
    """The answer to a written request: as a whole (the guidance applies to every case waiting), or
    item by item (a text per case; the cases left empty wait for a later answer)."""

    submission_key = SubmissionKeyField()

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guidance"].required = False
        self.fields["file"].required = False       # the signed scan can be attached after
        self.fields["guidance"].help_text = _("Trả lời chung cho cả công văn; để trống nếu trả lời từng nội dung "
                                              "bên dưới.")
        self.case_fields = []
        for case in cases:
            name = f"case_{case.pk}"
            place = case.commune.name if case.commune_id else case.province.name
            self.fields[name] = forms.CharField(
                label=gettext("Trả lời riêng %(code)s — %(place)s: %(title)s") % {
                    "code": case.code, "place": place, "title": case.title},
                max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.case_fields.append((case.pk, name))

    def clean(self):
        data = super().clean()
        own = {pk: data.get(name, "").strip() for pk, name in self.case_fields if data.get(name, "").strip()}
        if not own and not data.get("guidance", "").strip():
            self.add_error("guidance", gettext("Nhập nội dung trả lời chung, hoặc trả lời riêng từng khó khăn."))
        data["case_guidance"] = own or None
        return data


class ScanForm(forms.Form):
    """The signed and stamped scan of a document, attached as its official copy."""

    file = _file_field(_("Bản scan có chữ ký, đóng dấu"), required=True)

    def clean_file(self):
        return _clean_upload(self.cleaned_data.get("file"))


class SettingsForm(forms.Form):
    commune_days = forms.IntegerField(label=_("Cấp xã (ngày làm việc)"), min_value=1, max_value=90)
    province_days = forms.IntegerField(label=_("Cấp tỉnh (ngày làm việc)"), min_value=1, max_value=90)
    ministry_days = forms.IntegerField(label=_("Bộ, ngành (ngày làm việc)"), min_value=1, max_value=90)
    national_days = forms.IntegerField(label=_("Trung ương (ngày làm việc)"), min_value=1, max_value=90)
    overdue_action = forms.ChoiceField(label=_("Khi quá hạn"), choices=[
        ("escalate", _("Tự động chuyển lên một cấp")), ("notify", _("Chỉ thông báo"))])
    version = VersionField()


#: The orders the filter bar offers (the API also takes “-due”).
SORT_CHOICES = [("new", _("Mới nhất")), ("old", _("Cũ nhất")), ("due", _("Hạn gần nhất")), ("severity", _("Mức độ"))]


class SortField(forms.ChoiceField):
    def valid_value(self, value):
        return value in SORTS


class ObstacleFilterForm(FilterForm):
    """The filters of the case list (page, export and API alike)."""

    q = forms.CharField(label=_("Tìm kiếm"), max_length=100, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("Gõ có dấu hoặc không dấu")}))
    status = forms.ChoiceField(label=_("Trạng thái"), choices=[("", _("Tất cả")), *Status.choices])
    domain = forms.ChoiceField(label=_("Lĩnh vực"), choices=[("", _("Tất cả")), *Domain.choices])
    level = forms.ChoiceField(label=_("Cấp"), choices=[("", _("Tất cả")), *CaseLevel.choices])
    province = province_code_field(_("Mã tỉnh"))
    commune = commune_code_field(_("Mã xã"))
    due_before = forms.DateField(label=_("Hạn trước ngày"), input_formats=DATE_FORMATS,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    overdue = forms.BooleanField(label=_("Quá hạn"))
    open = forms.BooleanField(label=_("Chưa xong"))
    sort = SortField(label=_("Sắp xếp"), choices=SORT_CHOICES)

    def __init__(self, params=None, *, user=None, **kwargs):
        super().__init__(params, **kwargs)
        if user is not None and not may_filter_by_place(user):
            del self.fields["province"], self.fields["commune"]


class RequestRegisterFilterForm(FilterForm):
    """The filters of the register of written requests and of the response-time table."""

    STATES = [("", _("Tất cả")), ("open", _("Chờ trả lời")), ("overdue", _("Quá hạn trả lời")),
              ("answered", _("Đã trả lời")), ("draft", _("Dự thảo của cơ quan tôi"))]

    ministry = forms.ChoiceField(label=_("Cơ quan nhận"), choices=[("", _("Tất cả"))])
    province = province_code_field(_("Mã tỉnh"))
    domain = forms.ChoiceField(label=_("Lĩnh vực"), choices=[("", _("Tất cả")), *Domain.choices])
    state = forms.ChoiceField(label=_("Tình trạng"), choices=STATES)

    def __init__(self, params=None, *, part=None, recipients=(), with_state: bool = True, **kwargs):
        super().__init__(params, **kwargs)
        self.fields["ministry"].choices = [("", _("Tất cả")), *((a.code, a.name) for a in recipients)]
        if part is not None and part.recipient_id is not None:
            del self.fields["ministry"]
        if part is not None and part.province_id is not None:
            del self.fields["province"]
        if not with_state:
            del self.fields["state"]
        elif part is not None and part.sender_id is None:
            self.fields["state"].choices = self.STATES[:-1]


class RequestDraftForm(forms.Form):
    """An officer's draft of a written request covering the chosen cases."""

    cases = forms.CharField(widget=forms.MultipleHiddenInput, required=False)
    to = forms.ChoiceField(label=_("Kính gửi (cơ quan nhận)"))
    excerpt = forms.CharField(label=_("Trích yếu (V/v …)"), max_length=300,
                              help_text=_("Ví dụ: đề nghị hướng dẫn bố trí công chức địa chính cấp xã"))
    content = forms.CharField(label=_("Nội dung đề nghị"), max_length=8000, widget=forms.Textarea(attrs={"rows": 10}))
    submission_key = SubmissionKeyField()
    answer_days = forms.IntegerField(label=_("Thời hạn trả lời (ngày làm việc)"), min_value=1, max_value=90)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if agency.level == Level.PROVINCE:
            choices = [(a.code, a.name) for a in Agency.objects.filter(level=Level.MINISTRY).order_by("name")]
        choices.append((NATIONAL, str(_("Ban Chỉ đạo Trung ương"))))
        self.fields["to"].choices = choices

    def recipient(self) -> Agency:
        code = self.cleaned_data["to"]
        if code == NATIONAL:
            return Agency.objects.get(code="BCD", level=Level.CENTRAL)
        return Agency.objects.get(code=code, level=Level.MINISTRY)


class RequestApproveForm(_DocumentFields):
    """The leader numbers, dates and signs the draft (all pre-filled); the signed scan is optional."""

    number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=50,
                             help_text=_("Số tiếp theo trong sổ văn bản của cơ quan; có thể sửa."))
    file = _file_field(_("Bản scan có chữ ký (nếu có)"))
