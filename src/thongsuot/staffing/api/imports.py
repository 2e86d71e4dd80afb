"""REST endpoints for importing staff members: the dry run of an uploaded file, then its import as a job."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from thongsuot.jobs.models import Kind
from thongsuot.jobs.services import job_start
from thongsuot.staffing import services
from thongsuot.staffing.api import TAGS
from thongsuot.staffing.serializers import (
    ImportConfirmSerializer,
    ImportJobSerializer,
    ImportPlanSerializer,
    ImportUploadSerializer,
)
from thongsuot.staffing.tasks import members_import_task


class MembersImport(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses=ImportPlanSerializer,
                   tags=TAGS)
    def post(self, request):
        """Dry run: upload a staff file and get, per row, created / updated / unchanged / error. Writes nothing."""
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        services.check_import_upload(upload)
        token = services.import_upload_store(actor=request.user, upload=upload)
        path = services.import_upload_path(actor=request.user, token=token)
        plan = services.members_import_plan(actor=request.user, path=path, filename=upload.name)
        return Response(ImportPlanSerializer({"token": token, "sha256": plan.sha256, "counts": plan.counts,
                                              "rows": plan.errors_first()}).data)


class MembersImportConfirm(APIView):
    @extend_schema(request=ImportConfirmSerializer, responses={202: ImportJobSerializer}, tags=TAGS)
    def post(self, request, token: str):
        """Import a checked file as a background job (all rows or none unless `only_valid`)."""
        services.require_import(request.user)
        if services.import_upload_path(actor=request.user, token=token) is None:
            raise NotFound()
        data = ImportConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = job_start(request.user, Kind.IMPORT, members_import_task, title=_("Nhập cán bộ từ tệp"),
                        token=token, filename="", only_valid=data.validated_data["only_valid"])
        return Response(ImportJobSerializer({"job": job.pk}).data, status=status.HTTP_202_ACCEPTED)
