"""An official document as a download: the one place that picks PDF or DOCX and names the file."""

from django.http import HttpResponse

from thongsuot.core.documents.docx import render_docx
from thongsuot.core.documents.pdf import render_pdf

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render_as(document, fmt: str) -> bytes:
    """The document's bytes: PDF for "pdf", DOCX otherwise."""
    return render_pdf(document) if fmt == "pdf" else render_docx(document)


def document_response(document, fmt: str, filename: str) -> HttpResponse:
    """The document as an attachment named `filename` (its extension included)."""
    kind = "pdf" if fmt == "pdf" else "docx"
    response = HttpResponse(render_as(document, kind), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
