"""Facilities registries imported from a spreadsheet: template, upload → dry run → confirm as a job.

One set of pages for the five registries, named by the URL word of `services.KINDS`
(`/co-so-vat-chat/nhap-excel/thiet-bi/`); each list page links to its own.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thongsuot.core.errors import DomainError
from thongsuot.core.importing import Choice
from thongsuot.core.importing.workbooks import annotated_bytes
from thongsuot.core.pagination import paginate
from thongsuot.facilities import services
from thongsuot.facilities.tasks import facilities_import_task
from thongsuot.facilities.views._helpers import facilities_page
from thongsuot.jobs.models import Kind
from thongsuot.jobs.services import job_start

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


def _kind(request, slug: str) -> services.ImportKind:
    try:
        kind = services.import_kind(slug)
    except DomainError:
        raise Http404 from None
    services.require_import(request.user, kind)
    return kind


def _path(request, token: str) -> str:
    path = services.import_upload_path(actor=request.user, token=token)
    if path is None:
        raise Http404
    return path


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _context(kind) -> dict:
    return {"kind": kind, "title": _("Nhập %(what)s từ Excel") % {"what": kind.title},
            "list_url": reverse(kind.list_url)}


@facilities_page
@require_http_methods(["GET", "POST"])
def import_upload(request, slug: str):
    kind = _kind(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = services.import_upload_store(actor=request.user, upload=upload)
        url = reverse("facilities:import_result", args=[slug, token])
        return redirect(f"{url}?{urlencode({'ten': upload.name[:100]})}")
    return render(request, "facilities/import.html", {"form": form, **_context(kind)},
                  status=400 if form.errors else 200)


@facilities_page
@require_http_methods(["GET", "POST"])
def import_result(request, slug: str, token: str):
    kind = _kind(request, slug)
    path = _path(request, token)
    filename = request.GET.get("ten", "")[:100]
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        job = job_start(request.user, Kind.IMPORT, facilities_import_task,
                        title=_("Nhập %(what)s từ tệp “%(name)s”") % {"what": kind.title, "name": filename or token[:12]},
                        registry=slug, token=token, filename=filename, only_valid=form.cleaned_data["only_valid"])
        return redirect("jobs:detail", job.pk)
    try:
        plan = services.facilities_import_plan(actor=request.user, kind=kind, path=path, filename=filename)
    except DomainError as error:
        return render(request, "facilities/import.html", {"form": UploadForm(), "file_error": error.message,
                                                          **_context(kind)}, status=400)
    page = paginate(request, plan.errors_first())
    _describe(page, kind.registry.spec)
    return render(request, "facilities/import_result.html", {
        "plan": plan, "counts": plan.counts, "page": page, "form": form, "token": token, "filename": filename,
        **_context(kind)})


def _shown(column, value) -> str:
    if isinstance(column.parse, Choice):
        return str(dict(column.parse.choices).get(value, value))
    if value is True or value is False:
        return str(_("Có") if value else _("Không"))
    return "" if value is None else str(value)


def _describe(rows, spec) -> None:
    """Give each row of the page what the result table shows: the record it names, and its changes by header."""
    columns = {column.key: column for column in spec.columns}
    named = [key for key in spec.natural_key if key != "commune.name"]
    for row in rows:
        commune = row.values.get("commune")
        place = commune.name if hasattr(commune, "name") else (row.values.get("commune.name")
                                                               or row.values.get("commune.code") or "")
        row.record_text = " · ".join(text for text in [place, *(_shown(columns[key], row.values.get(key))
                                                                for key in named)] if text) or "—"
        row.change_texts = [f"{columns[key].header if key in columns else key}: {_shown(columns.get(key), value)}"
                            for key, value in row.changes.items()
                            if row.action == "updated" and key in columns] if row.changes else []


@facilities_page
def import_template(request, slug: str):
    kind = _kind(request, slug)
    return _attachment(services.facilities_import_template(actor=request.user, kind=kind), f"mau-nhap-{slug}.xlsx")


@facilities_page
def import_annotated(request, slug: str, token: str):
    kind = _kind(request, slug)
    path = _path(request, token)
    filename = request.GET.get("ten", "")[:100]
    plan = services.facilities_import_plan(actor=request.user, kind=kind, path=path, filename=filename)
    return _attachment(annotated_bytes(path, plan, filename=filename), f"{slug}-kem-loi.xlsx")
