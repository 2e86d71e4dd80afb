from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from thongsuot.accounts.models import Agency, Level
from thongsuot.core.forms import SubmissionKeyField
from thongsuot.core.listing import FilterForm
from thongsuot.core.uploads import ALLOWED_LABEL
from thongsuot.core.versioning import VersionField
from thongsuot.core.vocabulary import Domain
from thongsuot.directives import attachments, registry_figures
from thongsuot.directives.models import Assignment, Directive, Urgency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                           error_messages={"invalid": _("Ngày không hợp lệ (dạng ngày/tháng/năm).")})


#: core.uploads.ALLOWED_LABEL, for this app's catalogue (if core changes it, the Vietnamese shows).
gettext_noop("PDF, ảnh (JPG, PNG, WEBP), Word (DOC, DOCX), Excel (XLS, XLSX)")


def _files_hint_now() -> str:
    return gettext("Chọn một hoặc nhiều tệp (tối đa %(n)s tệp mỗi lần, mỗi tệp không quá %(mb)s MB): %(kinds)s.") % {
        "n": attachments.MAX_PER_UPLOAD, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        "kinds": gettext(ALLOWED_LABEL)}


_files_hint = lazy(_files_hint_now, str)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that takes several files at once (Django's “Uploading multiple files”)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("help_text", _files_hint())
        # An empty file is refused by `attachments.check_uploads`, with its name, like every other problem.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        cleaned, errors = [], []
        for item in items:
            try:
                cleaned.append(super().clean(item, initial))
            except ValidationError as exc:
                errors += exc.messages
        if errors:
            raise ValidationError(errors)
        return [f for f in cleaned if f]


class FilesMixin:
    """Check all the files of one upload together; list each bad file with its reason."""

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        try:
            attachments.check_uploads(uploads)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return uploads

    def add_removable(self, existing):
        """Offer the record's attachments for removal (when correcting it)."""
        existing = list(existing)
        if existing:
            self.fields["remove_files"] = forms.TypedMultipleChoiceField(
                label=_("Bỏ các tệp đã đính kèm"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
                choices=[(a.pk, a.name) for a in existing])


class DirectiveForm(FilesMixin, forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=40,
                             help_text=_("Phần sau “Số:”, ví dụ 15/CĐ-BCĐ."))
    issued_on = _date_field(_("Ngày ban hành"))
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices)
    title = forms.CharField(label=_("Trích yếu"), max_length=300)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200,
                                   help_text=_("Ví dụ: KT. TRƯỞNG BAN — PHÓ TRƯỞNG BAN."))
    summary = forms.CharField(label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    text = forms.CharField(label=_("Toàn văn"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    files = MultipleFileField(label=_("Tệp văn bản, phụ lục"), required=False)


class DirectiveCreateForm(DirectiveForm):
    submission_key = SubmissionKeyField()


class DirectiveEditForm(DirectiveForm):
    """A draft's header and files, from the version read."""

    version = VersionField()


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=300)
    domain = forms.ChoiceField(label=_("Lĩnh vực"), choices=Domain.choices)
    description = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    deadline = _date_field(_("Thời hạn"))
    lead_agency = forms.ModelChoiceField(label=_("Cơ quan chủ trì"), required=False, queryset=Agency.objects.none(),
                                         empty_label=_("— Không —"))
    coordinating_agencies = forms.ModelMultipleChoiceField(label=_("Cơ quan phối hợp"), required=False,
                                                           queryset=Agency.objects.none(),
                                                           widget=forms.CheckboxSelectMultiple)
    figures = forms.CharField(
        label=_("Số liệu cần báo cáo"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một chỉ tiêu: tên | đơn vị tính. Ví dụ: Số công chức CNTT còn thiếu | người"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        national = Agency.objects.filter(level__in=[Level.CENTRAL, Level.MINISTRY]).order_by("level", "name")
        self.fields["lead_agency"].queryset = national
        self.fields["coordinating_agencies"].queryset = national

    def clean_figures(self):
        figures = []
        for number, line in enumerate(self.cleaned_data["figures"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, unit = line.partition("|")
            if not name.strip() or not unit.strip():
                raise ValidationError(_("Dòng %(n)s: cần có tên chỉ tiêu và đơn vị tính, cách nhau bởi “|”.")
                                      % {"n": number})
            figures.append((name.strip()[:200], unit.strip()[:40]))
        return figures


class AssignForm(forms.Form):
    ALL, CHOSEN = "all", "chosen"
    target = forms.ChoiceField(label=_("Giao cho"), widget=forms.RadioSelect, initial=ALL, choices=[])
    places = forms.ModelMultipleChoiceField(label=_("Chọn nơi nhận"), required=False, queryset=None,
                                            widget=forms.CheckboxSelectMultiple)
    deadline = _date_field(_("Thời hạn (để trống: theo thời hạn nhiệm vụ)"), required=False)

    def __init__(self, *args, places=None, all_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].queryset = places
        self.fields["target"].choices = [(self.ALL, all_label), (self.CHOSEN, _("Chỉ những nơi được chọn dưới đây"))]

    def clean(self):
        data = super().clean()
        if data.get("target") == self.CHOSEN and not data.get("places"):
            self.add_error("places", _("Chưa chọn nơi nhận nào."))
        return data

    def chosen(self):
        return list(self.cleaned_data["places"]) if self.cleaned_data["target"] == self.CHOSEN else None


class ReportForm(FilesMixin, forms.Form):
    #: Kept as a draft in the browser while typed and queued when offline (static/thongsuot/drafts.js).
    offline_draft = True
    period_start = _date_field(_("Kỳ báo cáo: từ ngày"))
    period_end = _date_field(_("đến ngày"))
    progress = forms.IntegerField(label=_("Tiến độ hoàn thành (%)"), min_value=0, max_value=100,
                                  error_messages={"min_value": _("Tiến độ phải từ 0 đến 100."),
                                                  "max_value": _("Tiến độ phải từ 0 đến 100."),
                                                  "invalid": _("Tiến độ phải là số nguyên.")})
    narrative = forms.CharField(label=_("Kết quả thực hiện, khó khăn, kiến nghị"), widget=forms.Textarea(
        attrs={"rows": 6}), max_length=20000)
    files = MultipleFileField(label=_("Tệp kèm theo"), required=False)
    submission_key = SubmissionKeyField()

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.figure_fields = []
        for figure in task.figures.all() if task else []:
            name = f"figure_{figure.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{figure.name} ({figure.unit})", min_value=0, max_digits=14, decimal_places=2,
                error_messages={"min_value": _("Số liệu phải không âm."), "invalid": _("Số liệu phải là số."),
                                "required": _("Chưa nhập số liệu này.")})
            self.figure_fields.append((figure.pk, name))

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu."))
        return data

    def figures(self) -> dict:
        return {pk: self.cleaned_data[name] for pk, name in self.figure_fields}


class ReportReviseForm(ReportForm):
    """A returned report corrected: carries the version it was read at (core.versioning)."""

    version = VersionField()



class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Ý kiến của lãnh đạo"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000, help_text=_("Bắt buộc khi trả lại báo cáo."))


class LinkForm(forms.Form):
    object_id = forms.RegexField(label=_("Mã khó khăn, vướng mắc"), regex=r"^\s*\d{1,12}\s*$", max_length=20,
                                 error_messages={"invalid": _("Mã khó khăn, vướng mắc phải là số.")})


class TaskEditForm(TaskForm):
    """Edit a task: its fields, each existing figure (rename, change unit, drop) and new figures."""

    version = VersionField()

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["figures"].label = _("Thêm chỉ tiêu mới")
        self.existing = list(task.figures.all())
        order = ["title", "domain", "description", "deadline", "lead_agency", "coordinating_agencies"]
        for number, figure in enumerate(self.existing, start=1):
            prefix = f"figure_{figure.pk}"
            self.fields[f"{prefix}_name"] = forms.CharField(
                label=_("Chỉ tiêu %(n)s: tên") % {"n": number}, max_length=200, required=False)
            self.fields[f"{prefix}_unit"] = forms.CharField(
                label=_("Chỉ tiêu %(n)s: đơn vị tính") % {"n": number}, max_length=40, required=False)
            self.fields[f"{prefix}_drop"] = forms.BooleanField(
                label=_("Bỏ chỉ tiêu %(n)s") % {"n": number}, required=False,
                help_text=_("Chỉ bỏ được khi chưa có báo cáo nào ghi số liệu cho chỉ tiêu này."))
            if not self.is_bound:
                self.initial.setdefault(f"{prefix}_name", figure.name)
                self.initial.setdefault(f"{prefix}_unit", figure.unit)
            order += [f"{prefix}_name", f"{prefix}_unit", f"{prefix}_drop"]
        self.order_fields([*order, "figures", "version"])

    def clean(self):
        data = super().clean()
        if data.get("version") != self.task.version:
            # A page read before someone else saved lists other figures than the task has now: leave
            # them unchecked; the service refuses the stale version (core.versioning: 409, typed text kept).
            return data
        for figure in self.existing:
            prefix = f"figure_{figure.pk}"
            if data.get(f"{prefix}_drop"):
                continue
            if not (data.get(f"{prefix}_name") or "").strip():
                self.add_error(f"{prefix}_name", _("Chưa nhập tên chỉ tiêu (hoặc đánh dấu “Bỏ chỉ tiêu”)."))
            if not (data.get(f"{prefix}_unit") or "").strip():
                self.add_error(f"{prefix}_unit", _("Chưa nhập đơn vị tính."))
        return data

    def figure_plan(self) -> list[tuple[int | None, str, str]]:
        """The wanted figures: the kept ones in their order, then the new lines."""
        data = self.cleaned_data
        kept = [(f.pk, data[f"figure_{f.pk}_name"], data[f"figure_{f.pk}_unit"]) for f in self.existing
                if not data.get(f"figure_{f.pk}_drop")]
        return kept + [(None, name, unit) for name, unit in data["figures"]]

    def changes(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "domain": data["domain"], "description": data["description"],
                "deadline": data["deadline"], "lead_agency": data["lead_agency"],
                "coordinating_agencies": list(data["coordinating_agencies"]), "figures": self.figure_plan()}


class RegistryLinkForm(forms.Form):
    source = forms.ChoiceField(label=_("Số liệu từ sổ đăng ký"), choices=[])
    figure = forms.ModelChoiceField(label=_("So với chỉ tiêu báo cáo"), required=False, queryset=None,
                                    empty_label=_("— Không so sánh —"))

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("— Chọn số liệu —")), *registry_figures.choices()]
        self.fields["figure"].queryset = task.figures.all()


class TaskWithdrawForm(forms.Form):
    """Confirm taking a task back: the reason, and the version of the task the official read."""

    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             error_messages={"required": _("Cần ghi rõ lý do rút nhiệm vụ.")},
                             help_text=_("Được ghi vào nhật ký và gửi cho các nơi được giao nhiệm vụ."))
    version = VersionField()

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task



ALL = [("", _("Tất cả"))]


class DirectiveFilter(FilterForm):
    """The directives list: text (number, subject, signer), urgency, status."""

    api_names = {"q": "search"}

    q = forms.CharField(label=_("Tìm kiếm"), widget=forms.TextInput(attrs={
        "type": "search", "maxlength": 100, "placeholder": _("Số, trích yếu, người ký")}))
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=ALL + Urgency.choices)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ALL + Directive.Status.choices)

    def clean_q(self):
        return self.cleaned_data["q"][:100]

    def selection(self) -> dict:
        """The filters as `selectors.directive_list` takes them."""
        values = self.values()
        return {"query": values.get("q", ""), "urgency": values.get("urgency", ""),
                "status": values.get("status", "")}


class AssignedFilter(FilterForm):
    """The tasks assigned to the user's agency, by state (overdue counts as one)."""

    state = forms.ChoiceField(label=_("Tình trạng"),
                              choices=[*ALL, *Assignment.State.choices, ("overdue", _("Quá hạn"))])
