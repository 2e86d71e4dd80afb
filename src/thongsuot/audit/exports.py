"""Excel downloads that are recorded: every export is an audit event (who, what, with which filters).

The workbook itself is written by `core.exports.xlsx_bytes`; this is the one response every list's
export returns, so that no download escapes the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from thongsuot.audit.services import audit_record
from thongsuot.core.exports import XLSX, xlsx_bytes


def xlsx_response(*, user, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                  filters: dict | None = None, object_type: str = "") -> HttpResponse:
    """Return the workbook as a download and record the export (who, what, with which filters)."""
    rows = list(rows)
    content = xlsx_bytes(title=title, headers=headers, rows=rows)
    audit_record(actor=user, action="export", object_type=object_type, object_repr=title[:255],
                 changes={"filters": filters or {}, "rows": len(rows), "file": filename})
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
