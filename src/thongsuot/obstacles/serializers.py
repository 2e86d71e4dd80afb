from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from thongsuot.core.resubmission import serializer_field
from thongsuot.core.vocabulary import Domain, StaffField
from thongsuot.notifications.models import Notification
from thongsuot.obstacles.choices import FacilitySubject, ResolutionKind
from thongsuot.obstacles.models import (
    Attachment,
    Classification,
    EscalationAnswer,
    EscalationRequest,
    Obstacle,
    ObstacleEvent,
    ResolutionLink,
    Severity,
)
from thongsuot.obstacles.registries import MAX_HEADCOUNT
from thongsuot.obstacles.workflow import TRANSITIONS

SIMPLE_ACTIONS = [a for a in TRANSITIONS if a not in ("escalate", "answer")]


class ObstacleSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    province_code = serializers.CharField(source="province.code", read_only=True)
    commune_code = serializers.CharField(source="commune.code", read_only=True, default=None)
    responsible_agency_code = serializers.CharField(source="responsible_agency.code", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Obstacle
        fields = ["id", "code", "title", "domain", "classification", "severity", "status", "level",
                  "province_code", "commune_code", "responsible_agency_code", "due_date", "overdue",
                  "created_at", "updated_at", "version"]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)
    agency_code = serializers.CharField(source="agency.code", read_only=True, default=None)

    class Meta:
        model = ObstacleEvent
        fields = ["kind", "from_status", "to_status", "from_level", "to_level", "actor", "agency_code", "message",
                  "created_at"]


class AnswerSerializer(serializers.ModelSerializer):
    agency_code = serializers.CharField(source="agency.code", read_only=True)

    class Meta:
        model = EscalationAnswer
        fields = ["id", "number", "signed_on", "signer_name", "signer_title", "guidance", "agency_code",
                  "created_at"]


class RequestSerializer(serializers.ModelSerializer):
    from_agency_code = serializers.CharField(source="from_agency.code", read_only=True)
    to_agency_code = serializers.CharField(source="to_agency.code", read_only=True)
    answer = AnswerSerializer(read_only=True, default=None)

    class Meta:
        model = EscalationRequest
        fields = ["id", "number", "signed_on", "signer_name", "signer_title", "excerpt", "content", "from_agency_code",
                  "to_agency_code", "to_level", "created_at", "answer"]


class ResolutionLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResolutionLink
        fields = ["kind", "object_id", "label", "created_at"]


class ResolutionCandidateSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Gửi trong `links` khi “resolve”.")
    kind = serializers.ChoiceField(choices=ResolutionKind.choices)
    object_id = serializers.IntegerField()
    label = serializers.CharField()


class ObstacleDetailSerializer(ObstacleSerializer):
    origin_agency_code = serializers.CharField(source="origin_agency.code", read_only=True)
    ministry_code = serializers.CharField(source="ministry.code", read_only=True, default=None)
    events = EventSerializer(many=True, read_only=True)
    #: The sent written requests covering the case (one request may cover many cases).
    requests = RequestSerializer(many=True, read_only=True, source="sent_requests")
    next_actions = serializers.ListField(child=serializers.CharField(), read_only=True)
    resolution_links = ResolutionLinkSerializer(many=True, read_only=True)

    class Meta(ObstacleSerializer.Meta):
        fields = [*ObstacleSerializer.Meta.fields, "description", "resolution", "origin_agency_code",
                  "ministry_code", "staff_field", "headcount_needed", "facility_subject", "equipment_category",
                  "events", "requests", "next_actions", "resolution_links"]


class ObstacleCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=8000)
    domain = serializers.ChoiceField(choices=Domain.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.MEDIUM)
    classification = serializers.ChoiceField(choices=Classification.choices, required=False, default="",
                                             allow_blank=True)
    staff_field = serializers.ChoiceField(
        choices=StaffField.choices, required=False, default="", allow_blank=True,
        help_text="Chuyên ngành cần bố trí; bắt buộc khi domain là org_staff.")
    headcount_needed = serializers.IntegerField(
        min_value=0, max_value=MAX_HEADCOUNT, required=False, allow_null=True, default=None,
        help_text="Số người cần bổ sung; bắt buộc khi domain là org_staff (0 nếu không phải thiếu người).")
    facility_subject = serializers.ChoiceField(
        choices=FacilitySubject.choices, required=False, default="", allow_blank=True,
        help_text="Nội dung liên quan; bắt buộc khi domain là hq_assets (premises, equipment) hoặc "
                  "equipment_it (equipment, connectivity).")
    equipment_category = serializers.CharField(
        max_length=16, required=False, default="", allow_blank=True,
        help_text="Loại thiết bị theo danh mục trang thiết bị (ví dụ may_tinh); bắt buộc khi nội dung là equipment.")
    submission_key = serializer_field()


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=SIMPLE_ACTIONS)
    version = serializers.IntegerField(min_value=1)
    message = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    links = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=20,
        help_text="Chỉ khi “resolve”: các hồ sơ đã giải quyết khó khăn, dạng “kind:id” "
                  "(GET …/resolution-records/).")


class SignedSerializer(serializers.Serializer):
    """A signed document's particulars (Decree 30/2020): its number and date, who signed it and as what."""

    number = serializers.CharField(max_length=50)
    signed_on = serializers.DateField()
    signer_name = serializers.CharField(max_length=150)
    signer_title = serializers.CharField(max_length=150)


class DocumentSerializer(SignedSerializer):
    version = serializers.IntegerField(min_value=1)
    file = serializers.FileField(required=True, help_text="Bản scan có chữ ký (PDF, ảnh, Word); gửi multipart.")


class EscalateSerializer(DocumentSerializer):
    to = serializers.CharField(max_length=16, required=False, allow_blank=True,
                               help_text="Mã bộ, ngành (ví dụ BNV) hoặc “national”; bỏ trống khi chuyển từ cấp xã.")
    content = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    message = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    signed_on = serializers.DateField(required=False, allow_null=True, default=None)
    signer_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    signer_title = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, help_text="Bắt buộc khi chuyển từ cấp tỉnh trở lên.")


class AnswerRequestSerializer(DocumentSerializer):
    guidance = serializers.CharField(max_length=8000)


class CommentSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=4000)


class CountSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class OverviewSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    by_status = CountSerializer(many=True)
    by_domain = CountSerializer(many=True)
    by_level = CountSerializer(many=True)
    by_province = serializers.ListField(child=serializers.DictField())


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "name", "mime", "size", "created_at"]


@extend_schema_serializer(component_name="ObstacleNotification")
class NotificationSerializer(serializers.ModelSerializer):
    obstacle_id = serializers.SerializerMethodField()
    message = serializers.CharField(source="title", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "obstacle_id", "message", "url", "created_at", "read_at"]

    def get_obstacle_id(self, notice) -> int | None:
        # Keys read "obstacles:<case id>:<version>:<move>" (obstacles.notifications.notice_key).
        parts = notice.key.split(":")
        return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None


# Written requests (công văn đề nghị): the register, a draft, the approval, the answer.

class RequestCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    commune_code = serializers.CharField(source="commune.code", default=None)
    answer_id = serializers.IntegerField(source="answered_by.pk", default=None)
    own_answer = serializers.CharField(default="", help_text="Ý kiến trả lời riêng (khi trả lời từng nội dung).")


class RequestRegisterSerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True, help_text="draft (dự thảo) hoặc sent (đã ký, gửi đi).")
    from_agency_code = serializers.CharField(source="from_agency.code", read_only=True)
    to_agency_code = serializers.CharField(source="to_agency.code", read_only=True)

    class Meta:
        model = EscalationRequest
        fields = ["id", "state", "number", "signed_on", "excerpt", "from_agency_code", "to_agency_code", "to_level",
                  "domain", "sent_on", "answer_due", "answered_on", "days_taken", "version"]


class RequestDocumentSerializer(RequestRegisterSerializer):
    """A request with its covered cases and every answer it received."""

    answers = serializers.SerializerMethodField()
    cases = serializers.SerializerMethodField()

    class Meta(RequestRegisterSerializer.Meta):
        fields = [*RequestRegisterSerializer.Meta.fields, "signer_name", "signer_title", "content", "answer_days",
                  "cases", "answers"]

    @extend_schema_field(RequestCaseSerializer(many=True))
    def get_cases(self, request) -> list:
        return RequestCaseSerializer(self.context["cases"], many=True).data

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, request) -> list:
        return AnswerSerializer(self.context["answers"], many=True).data


class RequestDraftSerializer(serializers.Serializer):
    cases = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=200,
                                  help_text="Các khó khăn đang chờ cơ quan bạn xử lý, theo thứ tự trong công văn.")
    to = serializers.CharField(max_length=16, help_text="Mã bộ, ngành (ví dụ BNV) hoặc “national”.")
    excerpt = serializers.CharField(max_length=300)
    content = serializers.CharField(max_length=8000)
    answer_days = serializers.IntegerField(min_value=1, max_value=90, required=False, allow_null=True, default=None)
    submission_key = serializer_field()


class RequestApproveSerializer(SignedSerializer):
    version = serializers.IntegerField(min_value=1)


class CaseAnswerSerializer(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    guidance = serializers.CharField(max_length=4000)


class RequestAnswerSerializer(SignedSerializer):
    guidance = serializers.CharField(max_length=8000, required=False, allow_blank=True, default="",
                                     help_text="Trả lời chung cho cả công văn (bỏ trống khi trả lời từng nội dung).")
    case_answers = CaseAnswerSerializer(many=True, required=False, allow_null=True, default=None,
                                        help_text="Trả lời từng nội dung: mỗi khó khăn một ý kiến riêng.")
    submission_key = serializer_field()


class ResponseTimeSerializer(serializers.Serializer):
    agency_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    answered = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_share = serializers.FloatField(allow_null=True)
    median = serializers.IntegerField(allow_null=True, help_text="Trung vị số ngày làm việc để trả lời.")
    p90 = serializers.IntegerField(allow_null=True, help_text="90% số công văn được trả lời trong số ngày này.")
