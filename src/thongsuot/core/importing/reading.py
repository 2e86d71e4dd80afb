"""Read an uploaded spreadsheet the way an official made it, row by row.

`read_rows` gives the non-blank rows of a sheet with the row numbers Excel shows; `open_table`
finds the header row of a registry's column specification (`core.listing.ExportSpec`) under the
title rows above it; `parse_rows` turns each row into the columns' values and the errors of the
row, each naming the row, the column and the reason.

.xlsx, .xls and .ods are read with python-calamine (Rust; decision record "Import reading"), .csv
with the standard library: UTF-8 with or without a byte order mark, else Windows-1258, the
Vietnamese ANSI code page that Excel uses for "CSV" on a Vietnamese Windows. Rows are produced one
at a time; calamine holds the sheet's cells (it parses a sheet whole), nothing else holds more than
a row.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl.utils import get_column_letter

from thongsuot.core.errors import DomainError
from thongsuot.core.importing.legacy import legacy_refusal
from thongsuot.core.importing.values import CellInvalid, Text
from thongsuot.core.text import fold, nfc

#: How many non-blank rows may stand above the header (titles, a subtitle, a note).
HEADER_SCAN_ROWS = 30
#: How much of a CSV is looked at to choose its encoding and its delimiter.
CSV_SAMPLE_BYTES = 64 * 1024
#: How many distinct cells of one column `parse_rows` remembers the reading of.
PARSE_MEMO = 50_000
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
_PUNCTUATION = re.compile(r"[^0-9a-z]+")
_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A non-blank row: its number as the spreadsheet shows it (1-based) and its cells (None when empty)."""

    number: int
    cells: tuple


@dataclass(frozen=True)
class CellError:
    """What is wrong with one cell (or, without a column, with the row)."""

    row: int
    column: str
    letter: str
    reason: str

    def __str__(self) -> str:
        if not self.column:
            return _("Dòng %(row)d: %(reason)s") % {"row": self.row, "reason": self.reason}
        return _("Dòng %(row)d, cột “%(column)s” (%(letter)s): %(reason)s") % {
            "row": self.row, "column": self.column, "letter": self.letter, "reason": self.reason}


@dataclass
class ParsedRow:
    """A row read through the columns' parsers: values by column key (absent columns left out)."""

    number: int
    values: dict[str, Any]
    errors: list[CellError] = field(default_factory=list)


@dataclass
class Table:
    """The sheet of an upload that holds a specification's header, ready to be read below it."""

    sheet: str
    header_row: int
    #: Spec column key → position of its cell in a row.
    positions: dict[str, int]
    #: Spec column key → the column's letter as the spreadsheet shows it.
    letters: dict[str, str]
    rows: Iterator[SourceRow]


def header_key(text: Any) -> str:
    """Return the key a header cell is matched on: folded, without punctuation, spacing or line breaks."""
    return " ".join(_PUNCTUATION.sub(" ", fold(str(text))).split())


def _header_keys(text: Any) -> set[str]:
    """The header's key, and the key without its notes in brackets ("Hỗ trợ đi lại (x)", "Mã xã (*)")."""
    return {header_key(text), header_key(_NOTES.sub(" ", str(text)))} - {""}


# Reading ------------------------------------------------------------------------------------------

def read_rows(upload, *, filename: str = "", sheet: int | str = 0) -> Iterator[SourceRow]:
    """Yield the non-blank rows of one sheet (the first by default) of an .xlsx, .xls, .ods or .csv."""
    for _name, _first_column, rows in _sheets(upload, filename=filename, only=sheet):
        yield from _non_blank(rows)


def _sheets(upload, *, filename: str = "", only: int | str | None = None):
    """Yield (sheet name, offset of its first column, its rows as (number, cells)) for each sheet."""
    binary = _binary(upload)
    name = (filename or getattr(upload, "name", "") or "").lower()
    head = binary.read(8)
    binary.seek(0)
    if head.startswith((_ZIP, _OLE)):
        yield from _calamine_sheets(binary, only)
    elif name.endswith(SPREADSHEET_EXTENSIONS):
        raise DomainError(_("Tệp “%(name)s” không phải là bảng tính đọc được (hỏng, hoặc đổi đuôi từ loại khác).")
                          % {"name": os.path.basename(name)}, field="file")
    else:
        yield "CSV", 0, _csv_rows(binary)


def _binary(upload) -> BinaryIO:
    if isinstance(upload, bytes | bytearray):
        return io.BytesIO(upload)
    if isinstance(upload, str | Path):
        return open(upload, "rb")  # noqa: SIM115 - closed when the generator reading it ends
    upload.seek(0)
    return upload


def _calamine_sheets(binary: BinaryIO, only: int | str | None):
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(binary)
    except (CalamineError, ValueError, OSError) as error:
        raise DomainError(_("Không đọc được bảng tính: tệp hỏng, có mật khẩu hoặc không phải .xlsx/.ods (%(error)s).")
                          % {"error": str(error)[:120]}, field="file") from None
    names = workbook.sheet_names
    chosen = names if only is None else [names[only] if isinstance(only, int) else only]
    for sheet_name in chosen:
        sheet = workbook.get_sheet_by_name(sheet_name)
        # calamine pads the rows above the first used one (row numbers are Excel's) but starts the
        # columns at the first used one: remember the offset for the letters.
        first_column = sheet.start[1] if sheet.start else 0
        yield sheet_name, first_column, _calamine_rows(sheet)


def _calamine_rows(sheet) -> Iterator[tuple[int, tuple]]:
    for index, row in enumerate(sheet.iter_rows()):
        yield index + 1, tuple(_cell(value) for value in row)


def _cell(value):
    if value == "":
        return None
    if isinstance(value, time | timedelta):
        return str(value)
    return value


def _csv_encoding(sample: bytes) -> str:
    """Return the encoding of a CSV: UTF-8 (with or without BOM) when it decodes as such, else cp1258."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1258"
    return "utf-8"


def _csv_rows(binary: BinaryIO) -> Iterator[tuple[int, tuple]]:
    sample = binary.read(CSV_SAMPLE_BYTES)
    binary.seek(0)
    encoding = _csv_encoding(sample)
    if encoding == "cp1258":
        # A legacy-font file is single-byte too; its letters stay foreign in Windows-1258 ("ViÖt", "Vieät").
        refusal = legacy_refusal(nfc(sample.decode("cp1258", errors="replace")))
        if refusal:
            raise DomainError(refusal, field="file")
    text_sample = sample.decode(encoding, errors="ignore")
    try:
        delimiter = csv.Sniffer().sniff(text_sample[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    stream = io.TextIOWrapper(binary, encoding=encoding, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007 - the number is read after an error
            cells = tuple((nfc(value) if encoding == "cp1258" else value) or None for value in row)
            yield number, cells
    except UnicodeDecodeError:
        raise DomainError(_("Tệp CSV không đọc được từ dòng %(row)d: hãy lưu lại dạng “CSV UTF-8”.")
                          % {"row": number + 1}, field="file") from None
    except csv.Error as error:
        raise DomainError(_("Tệp CSV hỏng ở dòng %(row)d (%(error)s).")
                          % {"row": number + 1, "error": error}, field="file") from None
    finally:
        stream.detach()


def _non_blank(rows) -> Iterator[SourceRow]:
    for number, cells in rows:
        if any(_filled(value) for value in cells):
            yield SourceRow(number, cells)


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


# The header -----------------------------------------------------------------------------------------

def _column_keys(column) -> set[str]:
    texts = [column.header, *column.aliases]
    keys = set()
    for text in texts:
        keys |= _header_keys(text)
        with override("vi"):
            keys |= _header_keys(text)
    return keys


def _match_header(cells: Sequence, above: Sequence, wanted: dict[str, set[str]]) -> dict[str, int]:
    """Return spec key → position for one candidate header row (cells of the row above fill merged ones)."""
    positions: dict[str, int] = {}
    width = max(len(cells), len(above))
    for index in range(width):
        own = cells[index] if index < len(cells) else None
        top = above[index] if index < len(above) else None
        candidates: set[str] = set()
        if _filled(own):
            candidates |= _header_keys(own)
        if _filled(top):
            candidates |= _header_keys(top)
            if _filled(own):
                candidates |= _header_keys(f"{top} {own}")
        for key, keys in wanted.items():
            if key not in positions and candidates & keys:
                positions[key] = index
                break
    return positions


def open_table(upload, spec, *, filename: str = "") -> Table:
    """Find the header of `spec` in the upload's first sheet that has it, and return the table below it.

    The header row is the one among the first rows matching most column headers (case, diacritics,
    spacing, line breaks and punctuation ignored; a merged cell's text stands over the cells it spans
    below it). Every required column must be there; other columns are optional, extra ones ignored.
    """
    wanted = {column.key: _column_keys(column) for column in spec.columns}
    required = [column for column in spec.columns if column.required]
    best: tuple[int, Any] | None = None
    seen_text: list[str] = []
    for sheet_name, first_column, rows in _sheets(upload, filename=filename):
        found = _find_header(rows, wanted, seen_text)
        if found is None:
            continue
        header_number, positions, rest = found
        if best is None or len(positions) > best[0]:
            best = (len(positions), (sheet_name, first_column, header_number, positions, rest))
        if len(positions) == len(wanted):
            break
    if best is None:
        for text in seen_text:
            refusal = legacy_refusal(text)
            if refusal:
                raise DomainError(refusal, field="file")
        raise DomainError(_("Không tìm thấy dòng tiêu đề cột. Tệp cần có các cột: %(columns)s.")
                          % {"columns": ", ".join(f"“{c.header}”" for c in spec.columns)}, field="file")
    sheet_name, first_column, header_number, positions, rest = best[1]
    missing = [column for column in required if column.key not in positions]
    if missing:
        raise DomainError(_("Trang “%(sheet)s”, dòng tiêu đề %(row)d: thiếu cột bắt buộc %(columns)s.")
                          % {"sheet": sheet_name, "row": header_number,
                             "columns": ", ".join(f"“{c.header}”" for c in missing)}, field="file")
    letters = {key: get_column_letter(first_column + index + 1) for key, index in positions.items()}
    return Table(sheet=sheet_name, header_row=header_number, positions=positions, letters=letters,
                 rows=_non_blank(rest))


def _find_header(rows, wanted, seen_text):
    """Scan the first rows for the header; return (its number, positions, the rows after it) or None."""
    buffered: list[tuple[int, tuple]] = []
    non_blank = 0
    iterator = iter(rows)
    for number, cells in iterator:
        buffered.append((number, cells))
        if any(_filled(v) for v in cells):
            non_blank += 1
            seen_text.extend(str(v) for v in cells if isinstance(v, str))
            if non_blank >= HEADER_SCAN_ROWS:
                break
    best = None
    for position, (_number, cells) in enumerate(buffered):
        if not any(_filled(v) for v in cells):
            continue
        above = buffered[position - 1][1] if position else ()
        matched = _match_header(cells, above, wanted)
        if matched and (best is None or len(matched) > len(best[1])):
            best = (position, matched)
    if best is None:
        return None
    position, matched = best

    def rest():
        yield from buffered[position + 1:]
        yield from iterator

    return buffered[position][0], matched, rest()


# Values -----------------------------------------------------------------------------------------

_TEXT = Text()


def parse_rows(table: Table, spec) -> Iterator[ParsedRow]:
    """Yield each row of the table through its columns' parsers, with an error per bad cell.

    Parsers are pure, so each column remembers what it made of a cell it has seen (up to
    `PARSE_MEMO` distinct cells): a status, a commune or a yes/no repeated over 100,000 rows is
    parsed once.
    """
    plan = [(column.key, str(column.header), table.letters[column.key], table.positions[column.key],
             column.parse or _TEXT, column.required, {})
            for column in spec.columns if column.key in table.positions]
    required_reason = _("bắt buộc, đang để trống.")
    for row in table.rows:
        cells = row.cells
        width = len(cells)
        values: dict[str, Any] = {}
        errors: list[CellError] = []
        for key, header, letter, position, parse, required, memo in plan:
            raw = cells[position] if position < width else None
            # The type is part of the key: True == 1 == 1.0, but a yes/no and a number read them apart.
            memo_key = (raw.__class__, raw)
            outcome = memo.get(memo_key)
            if outcome is None:
                try:
                    outcome = (parse(raw), None)
                except CellInvalid as invalid:
                    outcome = (None, invalid.reason)
                if len(memo) < PARSE_MEMO:
                    memo[memo_key] = outcome
            value, reason = outcome
            if reason is not None:
                errors.append(CellError(row.number, header, letter, reason))
                continue
            if value is None and required:
                errors.append(CellError(row.number, header, letter, required_reason))
            values[key] = value
        yield ParsedRow(row.number, values, errors)
