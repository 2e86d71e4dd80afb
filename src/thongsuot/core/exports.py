"""Excel export of any list, exactly as filtered on screen, recorded as an audit event.

Every cell the platform writes passes through `write_cell`: text is always a text cell, never a
formula (a title typed as `=HYPERLINK(...)` stays the words the official typed), and a character
Excel cannot hold (a control character in old data) is replaced instead of failing the download.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Leading characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: What stands in for a character the .xlsx format cannot hold (C0 controls other than tab/LF/CR).
REPLACEMENT = "\ufffd"


def xlsx_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence], subtitle: str = "") -> bytes:
    """Return an .xlsx workbook: a title row, an optional subtitle, a bold header row, the rows."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet_title(title)
    write_cell(ws, 1, 1, title).font = Font(bold=True, size=13)
    write_cell(ws, 2, 1, subtitle or _("Xuất lúc %(time)s") % {"time": f"{timezone.localtime():%H:%M %d/%m/%Y}"})
    header_row = 3
    for column, header in enumerate(headers, start=1):
        cell = write_cell(ws, header_row, column, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F5")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row_number, row in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(row, start=1):
            write_cell(ws, row_number, column, value)
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(10, min(50, len(str(header)) + 4))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sheet_title(title: str) -> str:
    """Return a title Excel accepts for a sheet: at most 31 characters, none of : / \\ ? * [ ]."""
    cleaned = "".join(" " if ch in ':/\\?*[]' else ch for ch in ILLEGAL_CHARACTERS_RE.sub(" ", title)).strip(" '")
    return " ".join(cleaned.split())[:31] or "Danh sách"


def write_cell(ws, row: int, column: int, value):
    """Write one value into the sheet, the one way every workbook cell is written; return the cell.

    Dates, numbers and empty cells keep their type. Anything else becomes text: characters the
    format cannot hold are replaced by U+FFFD, and the cell is typed as a string, so openpyxl never
    stores it as a formula. A text that a spreadsheet would read as a formula (it begins with
    `=`, `+`, `-`, `@`, a tab or a carriage return) also gets Excel's "quote prefix" style: the
    cell shows exactly what was typed and stays text even when someone edits it in Excel or
    LibreOffice. The value itself is not changed (no apostrophe is added), so an export read back
    by an import gives the same text.
    """
    cell = ws.cell(row=row, column=column)
    value = _plain(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    # Numbers stay numbers (a Decimal too: "3.00" from PostgreSQL and 3 from SQLite are both 3), so
    # officials can add up and chart the columns in Excel.
    if isinstance(value, date | int | float | Decimal) or value is None:
        return value
    return str(value)
