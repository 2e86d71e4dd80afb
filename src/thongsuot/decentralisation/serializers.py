from rest_framework import serializers

from thongsuot.core import versioning
from thongsuot.decentralisation.models import CommuneTaskState, DecentralisedTask, DifficultyCause, TaskState


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
