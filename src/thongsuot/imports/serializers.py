"""The import API's bodies: the dry run's outcome per row, the confirmation, the history."""

from rest_framework import serializers

from thongsuot.imports.models import ImportRun

#: What importing a row does (`core.importing.plan`).
IMPORT_ACTIONS = [("created", "Thêm mới"), ("updated", "Cập nhật"), ("unchanged", "Không đổi"), ("error", "Lỗi")]


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp .xlsx, .xls, .ods hoặc .csv theo mẫu của danh mục.")


class ImportCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    error = serializers.IntegerField()


class ImportErrorSerializer(serializers.Serializer):
    column = serializers.CharField(help_text="Tên cột; rỗng khi lỗi thuộc cả dòng (dòng trùng).")
    letter = serializers.CharField()
    reason = serializers.CharField()


class ImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(source="number")
    action = serializers.ChoiceField(choices=IMPORT_ACTIONS)
    label = serializers.CharField(help_text="Tên bản ghi của dòng (cột nhận diện).")
    errors = serializers.SerializerMethodField()
    changes = serializers.DictField(child=serializers.CharField(), help_text="Cột → giá trị mới (dòng cập nhật).")

    def get_errors(self, row) -> list[dict[str, str]]:
        return [{"column": column, "letter": letter, "reason": reason} for column, letter, reason in row["errors"]]


class ImportQuestionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Gửi lại trong `answers`: khoá → giá trị đã chọn.")
    column = serializers.CharField()
    text = serializers.CharField(help_text="Giá trị trong tệp (tên xã cũ ứng với nhiều xã hiện nay).")
    choices = serializers.ListField(child=serializers.ListField(child=serializers.CharField()),
                                    help_text="Các cặp [giá trị, nhãn].")


class ImportCheckSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Gửi lại trong lệnh xác nhận.")
    registry = serializers.CharField()
    sha256 = serializers.CharField()
    counts = ImportCountsSerializer()
    rows = ImportRowSerializer(many=True, help_text="Các dòng lỗi trước, rồi các dòng khác, theo thứ tự trong tệp.")
    questions = ImportQuestionSerializer(many=True)
    answers = serializers.DictField(child=serializers.CharField())


class ImportAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(max_length=20), required=False, default=dict,
                                    help_text="Câu trả lời cho các câu hỏi của lần kiểm tra: khoá → giá trị.")


class ImportConfirmSerializer(serializers.Serializer):
    only_valid = serializers.BooleanField(default=False,
                                          help_text="Chỉ nhập các dòng hợp lệ (mặc định: tất cả hoặc không).")


class ImportJobSerializer(serializers.Serializer):
    job = serializers.IntegerField(help_text="Theo dõi tại GET /api/jobs/<id>/.")


class ImportRunSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username")
    agency = serializers.CharField(source="agency.name")

    class Meta:
        model = ImportRun
        fields = ["id", "user", "agency", "registry", "filename", "sha256", "only_valid", "created", "updated",
                  "unchanged", "errors", "created_at"]
