"""REST endpoints of the one import flow: dry run of an upload, its kept outcome, the import as a job, history."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.core.apiviews import validated
from thongsuot.imports import selectors, services
from thongsuot.imports.registry import registry_named
from thongsuot.imports.serializers import (
    ImportAnswersSerializer,
    ImportCheckSerializer,
    ImportConfirmSerializer,
    ImportJobSerializer,
    ImportRunSerializer,
    ImportUploadSerializer,
)
from thongsuot.imports.tasks import import_task
from thongsuot.jobs.models import Kind
from thongsuot.jobs.services import job_start

TAGS = ["imports"]


def _answer(summary: dict, token: str) -> Response:
    rows = services.rows_errors_first(summary)
    return Response(ImportCheckSerializer({**summary, "token": token, "rows": rows}).data)


def _registry(request, slug: str):
    registry = registry_named(slug)
    services.require_import(request.user, registry)
    return registry


class ImportCheck(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses=ImportCheckSerializer,
                   tags=TAGS, summary="Kiểm tra thử một tệp nhập (chưa ghi gì)")
    def post(self, request, slug: str):
        """Dry run: upload a file and get, per row, created / updated / unchanged / error. Writes nothing."""
        _registry(request, slug)
        data = validated(ImportUploadSerializer, request)
        upload = data["file"]
        services.check_import_upload(upload)
        token = services.import_upload_store(actor=request.user, upload=upload)
        summary = services.import_check(actor=request.user, slug=slug, token=token, filename=upload.name[:100])
        return _answer(summary, token)


class ImportChecked(APIView):
    parser_classes = [JSONParser]

    @extend_schema(responses=ImportCheckSerializer, tags=TAGS, summary="Kết quả kiểm tra thử đã lưu của một tệp")
    def get(self, request, slug: str, token: str):
        _registry(request, slug)
        summary = services.import_checked(actor=request.user, slug=slug, token=token)
        if summary is None:
            raise NotFound()
        return _answer(summary, token)

    @extend_schema(request=ImportAnswersSerializer, responses=ImportCheckSerializer, tags=TAGS,
                   operation_id="imports_answer",
                   summary="Kiểm tra thử lại với câu trả lời cho các giá trị chưa rõ")
    def post(self, request, slug: str, token: str):
        """Answer the dry run's questions (which current commune a former name means) and check again."""
        _registry(request, slug)
        summary = services.import_checked(actor=request.user, slug=slug, token=token)
        if summary is None:
            raise NotFound()
        data = validated(ImportAnswersSerializer, request)
        summary = services.import_check(actor=request.user, slug=slug, token=token, filename=summary["filename"],
                                        answers={**summary["answers"], **data["answers"]})
        return _answer(summary, token)


class ImportConfirm(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=ImportConfirmSerializer, responses={202: ImportJobSerializer}, tags=TAGS,
                   summary="Nhập tệp đã kiểm tra, chạy nền")
    def post(self, request, slug: str, token: str):
        """Import a checked file as a background job (all rows or none unless `only_valid`)."""
        registry = _registry(request, slug)
        summary = services.import_checked(actor=request.user, slug=slug, token=token)
        if summary is None:
            raise NotFound()
        data = validated(ImportConfirmSerializer, request)
        job = job_start(request.user, Kind.IMPORT, import_task,
                        title=_("Nhập %(registry)s từ tệp “%(name)s”") % {
                            "registry": str(registry.title).lower(), "name": summary["filename"] or token[:12]},
                        registry=slug, token=token, filename=summary["filename"],
                        only_valid=data["only_valid"], answers=summary["answers"])
        return Response(ImportJobSerializer({"job": job.pk}).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=TAGS, summary="Lịch sử nhập dữ liệu (trong địa bàn được xem)")
class ImportRuns(generics.ListAPIView):
    serializer_class = ImportRunSerializer

    def get_queryset(self):
        return selectors.import_run_list(user=self.request.user)
