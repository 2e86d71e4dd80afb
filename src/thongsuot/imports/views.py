"""The import pages, one flow for every registry: upload → dry run → (answers) → confirm as a job; history."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thongsuot.audit.exports import export_response
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import private_storage
from thongsuot.imports import selectors, services
from thongsuot.imports.registry import registries, registry_named
from thongsuot.imports.tasks import import_task
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


class AnswersForm(forms.Form):
    """One choice per ambiguous value of the dry run (a former commune name split between communes)."""

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions):
            self.fields[f"q{number}"] = forms.ChoiceField(
                label=_("“%(text)s” (cột “%(column)s”) là") % question, required=False,
                choices=[("", _("— chưa chọn —")), *[tuple(choice) for choice in question["choices"]]])

    def answers(self) -> dict[str, str]:
        return {question["key"]: self.cleaned_data[f"q{number}"]
                for number, question in enumerate(self.questions) if self.cleaned_data.get(f"q{number}")}


def _attachment(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _registry(request, slug: str):
    registry = registry_named(slug)
    services.require_import(request.user, registry)
    return registry


@login_required
def history(request):
    """The imports the user may see, and the registries they may import."""
    runs = selectors.import_run_list(user=request.user, registry=request.GET.get("danh-muc", "")[:40])
    titles = {slug: registry.title for slug, registry in registries().items()}
    importable = [registry for registry in registries().values() if registry.may_import(request.user)]
    return render(request, "imports/history.html", {
        "page": paginate(request, runs), "titles": titles, "importable": importable})


@login_required
def run_detail(request, pk: int):
    run = selectors.access_import_run(request.user, pk)
    titles = {slug: registry.title for slug, registry in registries().items()}
    return render(request, "imports/run.html", {"run": run, "title": titles.get(run.registry, run.registry),
                                                "page": paginate(request, run.changes)})


@login_required
def run_file(request, pk: int):
    run = selectors.access_import_run(request.user, pk)
    storage = private_storage()
    if not storage.exists(run.stored_name):
        raise Http404
    name = (run.filename or run.stored_name.rsplit("/", 1)[-1]).replace('"', "")
    response = FileResponse(storage.open(run.stored_name, "rb"), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, slug: str):
    registry = _registry(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        token = services.import_upload_store(actor=request.user, upload=file)
        try:
            services.import_check(actor=request.user, slug=slug, token=token, filename=file.name[:100])
        except DomainError as error:
            return render(request, "imports/upload.html", {"form": UploadForm(), "registry": registry,
                                                           "file_error": error.message}, status=400)
        return redirect("imports:result", slug, token)
    return render(request, "imports/upload.html", {"form": form, "registry": registry},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def result(request, slug: str, token: str):
    registry = _registry(request, slug)
    summary = services.import_checked(actor=request.user, slug=slug, token=token)
    if summary is None:
        raise Http404
    answers_form = AnswersForm(summary["questions"], request.POST if "answers" in request.POST else None,
                               initial={f"q{n}": summary["answers"].get(q["key"], "")
                                        for n, q in enumerate(summary["questions"])})
    form = ConfirmForm(request.POST if "confirm" in request.POST else None)
    if "answers" in request.POST and answers_form.is_valid():
        services.import_check(actor=request.user, slug=slug, token=token, filename=summary["filename"],
                              answers={**summary["answers"], **answers_form.answers()})
        return redirect("imports:result", slug, token)
    if "confirm" in request.POST and form.is_valid():
        job = job_start(request.user, Kind.IMPORT, import_task,
                        title=_("Nhập %(registry)s từ tệp “%(name)s”") % {
                            "registry": str(registry.title).lower(), "name": summary["filename"] or token[:12]},
                        registry=slug, token=token, filename=summary["filename"],
                        only_valid=form.cleaned_data["only_valid"], answers=summary["answers"])
        return redirect("jobs:detail", job.pk)
    return render(request, "imports/result.html", {
        "registry": registry, "summary": summary, "counts": summary["counts"], "token": token,
        "page": paginate(request, services.rows_errors_first(summary)), "form": form, "answers_form": answers_form,
        "annotated_url": reverse("imports:annotated", args=[slug, token])})


@login_required
def template(request, slug: str):
    _registry(request, slug)
    return _attachment(services.import_template(actor=request.user, slug=slug), f"mau-nhap-{slug}.xlsx")


@login_required
def export(request, slug: str):
    """The registry's records of the importer's territory, in the columns its import reads back."""
    registry = _registry(request, slug)
    return export_response(request, registry.spec, registry(request.user).export_objects())


@login_required
def annotated(request, slug: str, token: str):
    _registry(request, slug)
    try:
        content = services.import_annotated(actor=request.user, slug=slug, token=token)
    except DomainError:
        raise Http404 from None
    return _attachment(content, f"{slug}-kem-loi.xlsx")
