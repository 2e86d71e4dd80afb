from rest_framework import serializers

from thongsuot.jobs.models import Job


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, help_text="Tiến độ, 0–100.")
    started_by = serializers.CharField(source="user.username", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True, help_text="Trang theo dõi công việc.")

    class Meta:
        model = Job
        fields = ["id", "kind", "title", "status", "done", "total", "percent", "message", "result",
                  "started_by", "agency", "province", "commune", "created_at", "started_at", "finished_at",
                  "url"]
        read_only_fields = fields
