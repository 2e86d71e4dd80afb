"""Staffing views: staff members imported from a spreadsheet (upload → dry run → confirm as a job)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thongsuot.core.errors import DomainError
from thongsuot.core.importing.workbooks import annotated_bytes
from thongsuot.core.pagination import paginate
from thongsuot.jobs.models import Kind
from thongsuot.jobs.services import job_start
from thongsuot.staffing import services
from thongsuot.staffing.tasks import members_import_task

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx, .xls, .ods) hoặc CSV"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            services.check_import_upload(upload)
        except DomainError as error:
            raise ValidationError(error.message) from None
        return upload


class ConfirmForm(forms.Form):
    only_valid = forms.BooleanField(label=gettext_lazy("Chỉ nhập các dòng hợp lệ (bỏ qua các dòng lỗi)"),
                                    required=False)


def _path(request, token: str) -> str:
    path = services.import_upload_path(actor=request.user, token=token)
    if path is None:
        raise Http404
    return path


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def members_import(request):
    services.require_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = services.import_upload_store(actor=request.user, upload=upload)
        return redirect(f"{_result_url(token)}?{urlencode({'ten': upload.name[:100]})}")
    return render(request, "staffing/import.html", {"form": form}, status=400 if form.errors else 200)


def _result_url(token: str) -> str:
    return reverse("staffing:import_result", args=[token])


@login_required
@require_http_methods(["GET", "POST"])
def members_import_result(request, token: str):
    services.require_import(request.user)
    path = _path(request, token)
    filename = request.GET.get("ten", "")[:100]
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        job = job_start(request.user, Kind.IMPORT, members_import_task,
                        title=_("Nhập cán bộ từ tệp “%(name)s”") % {"name": filename or token[:12]},
                        token=token, filename=filename, only_valid=form.cleaned_data["only_valid"])
        return redirect("jobs:detail", job.pk)
    try:
        plan = services.members_import_plan(actor=request.user, path=path, filename=filename)
    except DomainError as error:
        return render(request, "staffing/import.html", {"form": UploadForm(), "file_error": error.message},
                      status=400)
    return render(request, "staffing/import_result.html", {
        "plan": plan, "counts": plan.counts, "page": paginate(request, plan.errors_first()), "form": form,
        "token": token, "filename": filename})


@login_required
def members_import_template(request):
    services.require_import(request.user)
    return _attachment(services.members_import_template(actor=request.user), "mau-nhap-can-bo.xlsx")


@login_required
def members_import_annotated(request, token: str):
    services.require_import(request.user)
    path = _path(request, token)
    filename = request.GET.get("ten", "")[:100]
    plan = services.members_import_plan(actor=request.user, path=path, filename=filename)
    return _attachment(annotated_bytes(path, plan, filename=filename), "can-bo-kem-loi.xlsx")
