"""Serializers of the directives API: what each endpoint reads and answers (the views are in api.py)."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from thongsuot.accounts.models import Agency
from thongsuot.core.resubmission import serializer_field
from thongsuot.core.vocabulary import Domain
from thongsuot.directives import attachments
from thongsuot.directives.models import (
    Assignment,
    Attachment,
    Directive,
    Figure,
    ProgressReport,
    ReportFigure,
    Task,
    Urgency,
)


@extend_schema_serializer(component_name="DirectiveAttachment")
class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Tải tệp (cùng quyền xem hồ sơ).")

    class Meta:
        model = Attachment
        fields = ["id", "name", "mime", "size", "created_at", "url"]

    def get_url(self, obj) -> str:
        if obj.report_id:
            return reverse("api-directive-report-file", args=[obj.report_id, obj.pk])
        return reverse("api-directive-file", args=[obj.directive_id, obj.pk])


class FilesInputMixin(serializers.Serializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True), required=False, default=list,
        help_text=f"Gửi dạng multipart/form-data, mỗi tệp một trường “files”; tối đa {attachments.MAX_PER_UPLOAD} "
                  "tệp mỗi lần. Một tệp không hợp lệ thì không lưu gì.")

    def validate_files(self, value):
        try:
            attachments.check_uploads(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value


class FigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Figure
        fields = ["id", "name", "unit"]


@extend_schema_serializer(component_name="DirectiveTask")
class TaskSerializer(serializers.ModelSerializer):
    figures = FigureSerializer(many=True, read_only=True)
    lead_agency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    coordinating_agencies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "directive", "position", "title", "domain", "description", "deadline", "lead_agency",
                  "coordinating_agencies", "figures", "version", "withdrawn_at", "withdrawal_reason"]
        extra_kwargs = {"withdrawn_at": {"help_text": "Ngày giờ cơ quan ban hành rút nhiệm vụ; null: còn hiệu lực."}}


class DirectiveSerializer(serializers.ModelSerializer):
    issuer = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft (dự thảo) hoặc issued (đã ban hành).")

    class Meta:
        model = Directive
        fields = ["id", "number", "issued_on", "urgency", "issuer", "signer_name", "signer_title", "title",
                  "summary", "status"]


class DirectiveCreatedSerializer(DirectiveSerializer):
    files = AttachmentSerializer(source="attachments", many=True, read_only=True)

    class Meta(DirectiveSerializer.Meta):
        fields = [*DirectiveSerializer.Meta.fields, "files"]


class DirectiveDetailSerializer(DirectiveSerializer):
    tasks = TaskSerializer(many=True, read_only=True)
    files = AttachmentSerializer(source="attachments", many=True, read_only=True)

    class Meta(DirectiveSerializer.Meta):
        fields = [*DirectiveSerializer.Meta.fields, "text", "tasks", "files"]


class DirectiveCreateSerializer(FilesInputMixin, serializers.Serializer):
    number = serializers.CharField(max_length=40)
    issued_on = serializers.DateField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    title = serializers.CharField(max_length=300)
    signer_name = serializers.CharField(max_length=150)
    signer_title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")
    submission_key = serializer_field()


class FigureInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=40)


class TaskCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    domain = serializers.ChoiceField(choices=Domain.choices, default=Domain.OTHER)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField()
    lead_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(), required=False,
                                               allow_null=True)
    coordinating_agencies = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(),
                                                         many=True, required=False)
    figures = FigureInputSerializer(many=True, required=False)


class FigureEditSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True, help_text="Bỏ trống: chỉ tiêu mới.")
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=40)


class TaskUpdateSerializer(serializers.Serializer):
    #: PATCH reads this whole (not partial): `version` is required, the other fields are optional
    #: (api.schema.AutoSchema documents it so).
    partial_on_patch = False

    version = serializers.IntegerField(min_value=1, help_text="Phiên bản đã đọc (GET); khác phiên bản hiện tại: 409.")
    title = serializers.CharField(max_length=300, required=False)
    domain = serializers.ChoiceField(choices=Domain.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    deadline = serializers.DateField(required=False)
    lead_agency = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(), required=False,
                                               allow_null=True)
    coordinating_agencies = serializers.SlugRelatedField(slug_field="code", queryset=Agency.objects.all(),
                                                         many=True, required=False)
    figures = FigureEditSerializer(many=True, required=False,
                                   help_text="Toàn bộ danh sách chỉ tiêu mong muốn; chỉ tiêu vắng mặt bị bỏ "
                                             "(không bỏ được khi đã có số liệu báo cáo).")


class TaskWithdrawSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="Phiên bản đã đọc (GET); khác phiên bản hiện tại: 409.")
    reason = serializers.CharField(max_length=2000, help_text="Lý do rút (bắt buộc): ghi vào nhật ký và gửi cho "
                                                              "các nơi được giao.")


class AssignSerializer(serializers.Serializer):
    provinces = serializers.ListField(child=serializers.CharField(max_length=2), required=False,
                                      help_text="Mã tỉnh; bỏ trống: tất cả (văn bản cấp trung ương).")
    communes = serializers.ListField(child=serializers.CharField(max_length=5), required=False,
                                     help_text="Mã xã; bỏ trống: tất cả xã của tỉnh.")
    deadline = serializers.DateField(required=False, allow_null=True)


class AssignmentSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    commune = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    status = serializers.SerializerMethodField()
    due = serializers.DateField(read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "task", "directive", "agency", "parent", "province", "commune", "deadline", "due", "state",
                  "status", "progress", "completed_on"]

    def get_status(self, obj) -> str:
        return obj.status(timezone.localdate())


class ReportFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportFigure
        fields = ["figure", "value"]


class ReportSerializer(serializers.ModelSerializer):
    values = ReportFigureSerializer(many=True, read_only=True)
    files = AttachmentSerializer(source="attachments", many=True, read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True, help_text="submitted (chờ duyệt), approved (đã duyệt), "
                                                             "returned (trả lại).")

    class Meta:
        model = ProgressReport
        fields = ["id", "assignment", "period_start", "period_end", "narrative", "progress", "status", "is_current",
                  "values", "files", "review_note", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]


class ReportCreateSerializer(FilesInputMixin, serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    narrative = serializers.CharField(max_length=20000)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    figures = serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0),
                                    required=False, help_text="{mã chỉ tiêu: giá trị}; dạng multipart: "
                                                              "figures.<mã chỉ tiêu>=<giá trị>")
    submission_key = serializer_field()


class ReviewSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CellRegistrySerializer(serializers.Serializer):
    label = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)


class CellSerializer(serializers.Serializer):
    status = serializers.CharField()
    units = serializers.IntegerField()
    done = serializers.IntegerField()
    overdue = serializers.IntegerField()
    progress = serializers.FloatField()
    figures = serializers.DictField(child=serializers.DecimalField(max_digits=18, decimal_places=2))
    registry = CellRegistrySerializer(many=True, required=False,
                                      help_text="Số liệu sổ đăng ký (nhiệm vụ có liên kết).")


class MatrixRowSerializer(serializers.Serializer):
    place = serializers.CharField(allow_null=True, help_text="Mã tỉnh (hoặc mã xã); null: cấp tỉnh tự làm.")
    cells = CellSerializer(many=True)


class MatrixSerializer(serializers.Serializer):
    today = serializers.DateField()
    tasks = serializers.ListField(child=serializers.IntegerField(), help_text="Mã các nhiệm vụ, theo thứ tự cột.")
    rows = MatrixRowSerializer(many=True)
    total = CellSerializer(many=True)


class RegistryValueSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    agency = serializers.CharField()
    province = serializers.CharField()
    commune = serializers.CharField(allow_null=True)
    reported = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True,
                                        help_text="Số liệu báo cáo đã duyệt (một tỉnh: cộng cả các xã); "
                                                  "null khi không so sánh hoặc chưa có.")
    registry = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True,
                                        help_text="Số liệu sổ đăng ký lúc gọi; null khi nơi đó chưa có dữ liệu.")


class RegistryLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField(help_text="Mã số liệu, ví dụ staffing.shortage:it.")
    label = serializers.CharField()
    unit = serializers.CharField()
    figure = serializers.IntegerField(allow_null=True, help_text="Chỉ tiêu báo cáo được so sánh.")
    values = RegistryValueSerializer(many=True)


class RegistryLinkInputSerializer(serializers.Serializer):
    source = serializers.CharField(max_length=80, help_text="Một trong các mã ở GET /api/directives/registry-sources/.")
    figure = serializers.IntegerField(required=False, allow_null=True)


class RegistrySourceSerializer(serializers.Serializer):
    source = serializers.CharField()
    label = serializers.CharField()


class RegistrySourceGroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    choices = RegistrySourceSerializer(many=True)


class LinkSerializer(serializers.Serializer):
    object_type = serializers.CharField(max_length=60, default="obstacles.obstacle")
    object_id = serializers.CharField(max_length=64)


class LinkedRecordSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    url = serializers.CharField()
