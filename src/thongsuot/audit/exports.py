"""Excel downloads that are recorded: every export is an audit event (who, what, with which filters).

The workbook itself is written by `core.exports.xlsx_bytes`; this is the one response every list's
export returns, so that no download escapes the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from thongsuot.audit.history import may_export
from thongsuot.audit.services import audit_record
from thongsuot.core.db import read_from_replica
from thongsuot.core.errors import Forbidden
from thongsuot.core.exports import XLSX, xlsx_bytes
from thongsuot.core.listing import EXPORT_PARAM, EXPORT_ROW_CAP, ExportSpec
from thongsuot.core.numbers import vn_number


def require_export(user) -> None:
    """The one export permission: every workbook, list or report, passes here (403 with the reason)."""
    if not may_export(user):
        raise Forbidden(_("Vai trò của bạn không được xuất dữ liệu ra Excel."))


def export_response(request, spec: ExportSpec, objects, *, filters: dict | None = None,
                    filename: str | None = None, subtitle: str = "") -> HttpResponse:
    """The one answer to `?xuat=xlsx` on a list: checked, capped, recorded.

    `objects` is the list exactly as filtered on screen (a queryset or rows); `spec` says the
    columns. A user whose role may not export gets 403 with the reason; a list longer than
    `EXPORT_ROW_CAP` sends the user back to it with a message asking to filter first.
    """
    require_export(request.user)
    # A large export is a heavy read: a replica may serve it (core/db.py); the audit event is written
    # on the primary.
    with read_from_replica():
        count = objects.count() if isinstance(objects, QuerySet) else len(objects)
        if count > EXPORT_ROW_CAP:
            messages.error(request, _("Danh sách có hơn %(n)s dòng: vui lòng lọc bớt trước khi xuất Excel.")
                           % {"n": vn_number(EXPORT_ROW_CAP)})
            query = request.GET.copy()
            query.pop(EXPORT_PARAM, None)
            return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
        rows = list(spec.rows(objects.iterator(chunk_size=2000) if isinstance(objects, QuerySet) else objects))
    return xlsx_response(user=request.user, filename=f"{filename or spec.filename}.xlsx", title=str(spec.title),
                         headers=spec.headers, rows=rows, filters=filters, object_type=spec.object_type,
                         subtitle=subtitle)


def xlsx_response(*, user, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                  filters: dict | None = None, object_type: str = "", subtitle: str = "") -> HttpResponse:
    """Return the workbook as a download and record the export (who, what, with which filters).

    Lists go through `export_response`; this is for reports that are not a list of records."""
    require_export(user)
    rows = list(rows)
    content = xlsx_bytes(title=title, headers=headers, rows=rows, subtitle=subtitle)
    audit_record(actor=user, action="export", object_type=object_type, object_repr=title[:255],
                 changes={"filters": filters or {}, "rows": len(rows), "file": filename})
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
