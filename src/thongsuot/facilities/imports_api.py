"""REST endpoints for importing a facilities registry: the dry run of an uploaded file, then its import as a job.

`kind` is the registry's URL word, as on the pages: tru-so (premises), phuong-an (handling plans),
thiet-bi (equipment), ket-noi (connectivity), nen-tang (platforms).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.core.errors import DomainError
from thongsuot.facilities import services
from thongsuot.facilities.tasks import facilities_import_task
from thongsuot.jobs.models import Kind
from thongsuot.jobs.services import job_start

TAGS = ["facilities"]
ACTIONS = [("created", "Thêm mới"), ("updated", "Cập nhật"), ("unchanged", "Không đổi"), ("error", "Lỗi")]
KIND = OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(services.KINDS),
                        description="Danh mục: tru-so, phuong-an, thiet-bi, ket-noi, nen-tang.")


class FacilitiesImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp .xlsx, .xls, .ods hoặc .csv theo mẫu (hoặc tệp xuất Excel của danh sách).")


class FacilitiesImportCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    error = serializers.IntegerField()


class FacilitiesImportErrorSerializer(serializers.Serializer):
    column = serializers.CharField(help_text="Tên cột; rỗng khi lỗi thuộc cả dòng (dòng trùng).")
    letter = serializers.CharField()
    reason = serializers.CharField()
    message = serializers.CharField()


class FacilitiesImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(source="number")
    action = serializers.ChoiceField(choices=ACTIONS)
    errors = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    @extend_schema_field(FacilitiesImportErrorSerializer(many=True))
    def get_errors(self, row) -> list:
        return [{"column": e.column, "letter": e.letter, "reason": e.reason, "message": str(e)} for e in row.errors]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_changes(self, row) -> dict:
        return ({key: str(getattr(value, "pk", value)) for key, value in row.changes.items()}
                if row.action == "updated" else {})


class FacilitiesImportPlanSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Gửi lại trong lệnh xác nhận.")
    sha256 = serializers.CharField()
    counts = FacilitiesImportCountsSerializer()
    rows = FacilitiesImportRowSerializer(many=True, help_text="Các dòng lỗi trước, rồi các dòng khác, theo thứ tự trong tệp.")


class FacilitiesImportConfirmSerializer(serializers.Serializer):
    only_valid = serializers.BooleanField(default=False,
                                          help_text="Chỉ nhập các dòng hợp lệ (mặc định: tất cả hoặc không).")


class FacilitiesImportJobSerializer(serializers.Serializer):
    job = serializers.IntegerField(help_text="Theo dõi tại GET /api/jobs/<id>/.")


def _kind(request, slug: str) -> services.ImportKind:
    try:
        kind = services.import_kind(slug)
    except DomainError:
        raise NotFound() from None
    services.require_import(request.user, kind)
    return kind


class FacilitiesImport(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": FacilitiesImportUploadSerializer}, responses=FacilitiesImportPlanSerializer, tags=TAGS,
                   parameters=[KIND])
    def post(self, request, kind: str):
        """Dry run: upload a registry's file and get, per row, created / updated / unchanged / error. Writes nothing."""
        registry = _kind(request, kind)
        data = FacilitiesImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        services.check_import_upload(upload)
        token = services.import_upload_store(actor=request.user, upload=upload)
        path = services.import_upload_path(actor=request.user, token=token)
        plan = services.facilities_import_plan(actor=request.user, kind=registry, path=path, filename=upload.name)
        return Response(FacilitiesImportPlanSerializer({"token": token, "sha256": plan.sha256, "counts": plan.counts,
                                        "rows": plan.errors_first()}).data)


class FacilitiesImportConfirm(APIView):
    @extend_schema(request=FacilitiesImportConfirmSerializer, responses={202: FacilitiesImportJobSerializer}, tags=TAGS, parameters=[KIND])
    def post(self, request, kind: str, token: str):
        """Import a checked file as a background job (all rows or none unless `only_valid`)."""
        registry = _kind(request, kind)
        if services.import_upload_path(actor=request.user, token=token) is None:
            raise NotFound()
        data = FacilitiesImportConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = job_start(request.user, Kind.IMPORT, facilities_import_task,
                        title=_("Nhập %(what)s từ tệp") % {"what": registry.title},
                        registry=kind, token=token, filename="", only_valid=data.validated_data["only_valid"])
        return Response(FacilitiesImportJobSerializer({"job": job.pk}).data, status=status.HTTP_202_ACCEPTED)
