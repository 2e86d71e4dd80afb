"""Excel export of any list, exactly as filtered on screen, recorded as an audit event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence], subtitle: str = "") -> bytes:
    """Return an .xlsx workbook: a title row, an optional subtitle, a bold header row, the rows."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet_title(title)
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([subtitle or _("Xuất lúc %(time)s") % {"time": f"{timezone.localtime():%H:%M %d/%m/%Y}"}])
    ws.append(list(headers))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F5")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    count = 0
    for row in rows:
        ws.append([_cell(v) for v in row])
        count += 1
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(10, min(50, len(str(header)) + 4))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sheet_title(title: str) -> str:
    """Return a title Excel accepts for a sheet: at most 31 characters, none of : / \\ ? * [ ]."""
    cleaned = "".join(" " if ch in ':/\\?*[]' else ch for ch in title).strip(" '")
    return " ".join(cleaned.split())[:31] or "Danh sách"


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    # Numbers stay numbers (a Decimal too: "3.00" from PostgreSQL and 3 from SQLite are both 3), so
    # officials can add up and chart the columns in Excel.
    if isinstance(value, date | int | float | Decimal) or value is None:
        return value
    return str(value)
