"""Building files and running them through the one import flow, for every registry's tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from thongsuot.imports import services


def workbook(headers, rows, *, title: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append([str(h) for h in headers])
    for values in rows:
        sheet.append(list(values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def stage(actor, content: bytes, name: str = "tep.xlsx") -> str:
    """Store a file as `actor` uploaded it; return its token."""
    return services.import_upload_store(actor=actor, upload=SimpleUploadedFile(name, content))


def check(actor, slug: str, content: bytes, *, answers=None) -> dict:
    """The dry run of a file, as kept for the result page."""
    return services.import_check(actor=actor, slug=slug, token=stage(actor, content), filename="tep.xlsx",
                                 answers=answers)


def run(actor, slug: str, content: bytes, *, only_valid=False, answers=None):
    """Import a file (what the job does); return the history entry."""
    return services.import_file(actor=actor, slug=slug, token=stage(actor, content), filename="tep.xlsx",
                                only_valid=only_valid, answers=answers)


def errors(summary: dict) -> list[tuple]:
    """(row, column, letter, reason) of each error of a dry run, in file order."""
    return [(row["number"], *error) for row in summary["rows"] for error in row["errors"]]


def counts(run) -> dict:
    return {"created": run.created, "updated": run.updated, "unchanged": run.unchanged, "error": run.errors}
