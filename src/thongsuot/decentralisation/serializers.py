from rest_framework import serializers

from thongsuot.core import versioning
from thongsuot.core.resubmission import serializer_field
from thongsuot.decentralisation.models import (
    CommuneTaskState,
    DecentralisedTask,
    DifficultyCause,
    TaskGuidance,
    TaskState,
)


class TaskSerializer(serializers.ModelSerializer):
    owning_ministry_code = serializers.CharField(source="owning_ministry.code", read_only=True)
    counts = serializers.SerializerMethodField()

    class Meta:
        model = DecentralisedTask
        fields = ["code", "name", "legal_basis", "sector", "owning_ministry_code", "guidance_issued",
                  "guidance_document", "is_sample", "counts"]

    def get_counts(self, obj) -> dict:
        counts = self.context.get("counts", {})
        return counts.get(obj.pk, dict.fromkeys(TaskState.values, 0))


class TaskStateSerializer(serializers.ModelSerializer):
    commune_code = serializers.CharField(source="commune.code", read_only=True)
    obstacle_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = CommuneTaskState
        fields = ["commune_code", "state", "cause", "note", "obstacle_id", "updated_at", "version"]


class TaskStateWriteSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=TaskState.choices)
    cause = serializers.ChoiceField(choices=DifficultyCause.choices, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    version = versioning.serializer_field(help_text="Phiên bản đã đọc (GET; 0 khi xã chưa báo cáo nhiệm vụ này). "
                                                    "Khác phiên bản hiện tại: 409, không ghi đè.")


class OwnStateSerializer(TaskStateSerializer):
    """One of the caller's commune's states, with its task."""

    task_code = serializers.CharField(source="task.code", read_only=True)
    task_name = serializers.CharField(source="task.name", read_only=True)

    class Meta(TaskStateSerializer.Meta):
        fields = ["task_code", "task_name", *TaskStateSerializer.Meta.fields]


class TroubleSerializer(serializers.ModelSerializer):
    """A commune reporting trouble with a task (difficult or cannot implement)."""

    commune_code = serializers.CharField(source="commune.code", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    province_code = serializers.CharField(source="province.code", read_only=True)
    obstacle_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = CommuneTaskState
        fields = ["commune_code", "commune_name", "province_code", "state", "cause", "note", "obstacle_id",
                  "updated_at"]


class GuidanceSerializer(serializers.ModelSerializer):
    ministry_code = serializers.CharField(source="ministry.code", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = TaskGuidance
        fields = ["id", "number", "signed_on", "excerpt", "ministry_code", "file_name", "has_file", "created_at"]

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class GuidanceWriteSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=50, help_text="Số, ký hiệu (ví dụ 1234/BNV-CQĐP).")
    signed_on = serializers.DateField(help_text="Ngày ban hành (không sau hôm nay).")
    excerpt = serializers.CharField(max_length=500)
    file = serializers.FileField(required=False, allow_null=True, default=None,
                                 help_text="Tệp văn bản (PDF, ảnh, Word, Excel; kiểm tra theo nội dung); gửi multipart.")
    submission_key = serializer_field()
