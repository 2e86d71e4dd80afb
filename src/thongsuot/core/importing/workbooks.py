"""The two workbooks an import hands out: the template to fill, and the user's file with its errors marked."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from thongsuot.core.importing.plan import ERROR, ImportPlan
from thongsuot.core.importing.reading import _sheets

#: How many rows of the template carry the drop-downs.
TEMPLATE_ROWS = 5000
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
HEADER_FONT = Font(bold=True)


def template_bytes(spec, *, example: Sequence, choices: dict[str, Sequence[str]], instructions: Sequence[str],
                   skip: Sequence[str] = ()) -> bytes:
    """Return an .xlsx: the spec's header row, one example row, drop-downs for the closed lists
    (`choices`: column key → allowed texts, kept on a hidden sheet) and an instructions sheet."""
    columns = [column for column in spec.columns if column.key not in skip]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(spec.title)[:31]
    sheet.append([str(column.header) + (" (*)" if column.required else "") for column in columns])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    sheet.append(list(example))
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet(_("Danh sách"))
    lists.sheet_state = "hidden"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(str(column.header)) + 4)
        allowed = choices.get(column.key)
        if not allowed:
            continue
        letter = get_column_letter(index)
        for row, text in enumerate(allowed, start=1):
            lists.cell(row=row, column=index, value=str(text))
        validation = DataValidation(
            type="list", formula1=f"{quote_sheetname(lists.title)}!${letter}$1:${letter}${len(allowed)}",
            allow_blank=not column.required, showErrorMessage=True,
            errorTitle=_("Giá trị không có trong danh sách"),
            error=_("Chọn một giá trị trong danh sách của cột “%(column)s”.") % {"column": column.header})
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
        sheet.add_data_validation(validation)
    guide = workbook.create_sheet(_("Hướng dẫn"))
    guide.column_dimensions["A"].width = 110
    for line in instructions:
        guide.append([str(line)])
    guide["A1"].font = HEADER_FONT
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def annotated_bytes(upload, plan: ImportPlan, *, filename: str = "") -> bytes:
    """Return the user's own rows with a "Lỗi" column after the last one, and each bad cell filled
    and commented. An .xlsx is annotated in place (its formatting kept); another format is copied
    into a new workbook first."""
    workbook, sheet = _own_workbook(upload, plan, filename)
    error_column = sheet.max_column + 1
    header = sheet.cell(row=plan.header_row, column=error_column, value=_("Lỗi"))
    header.font = HEADER_FONT
    header.fill = ERROR_FILL
    positions = {letter: key for key, letter in plan.letters.items()}
    for row in plan.rows:
        if row.action != ERROR:
            continue
        sheet.cell(row=row.number, column=error_column, value="\n".join(error.reason for error in row.errors))
        for error in row.errors:
            if not error.letter or error.letter not in positions:
                continue
            cell = sheet[f"{error.letter}{row.number}"]
            cell.fill = ERROR_FILL
            cell.comment = Comment(error.reason, "Thông Suốt")
    sheet.column_dimensions[get_column_letter(error_column)].width = 60
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _own_workbook(upload, plan: ImportPlan, filename: str):
    data = upload if isinstance(upload, bytes | bytearray) else None
    if data is None:
        with open(upload, "rb") as handle:
            data = handle.read()
    if data[:4] == b"PK\x03\x04" and not filename.lower().endswith(".ods"):
        try:
            workbook = load_workbook(io.BytesIO(data))
            return workbook, workbook[plan.sheet]
        except (KeyError, ValueError, OSError):
            pass
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = plan.sheet[:31] or "Sheet1"
    for name, first_column, rows in _sheets(io.BytesIO(data), filename=filename):
        if name != plan.sheet:
            continue
        for number, cells in rows:
            for index, value in enumerate(cells, start=first_column + 1):
                if value is not None:
                    sheet.cell(row=number, column=index, value=value)
    return workbook, sheet
