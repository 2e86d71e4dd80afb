"""An administrative document (Decree 30/2020/NĐ-CP, Appendix I) as plain data.

Both renderers (`docx.py`, `pdf.py`) read the same `Document`; neither knows where its data came
from. Texts are normalised to NFC when the document is built, so a name typed with combining
accents (as some keyboards and PDFs produce) prints with the font's precomposed glyphs.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from thongsuot.core.errors import DomainError
from thongsuot.core.numbers import vn_number

Cell = str | int | float | Decimal | None


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _normalised(value):
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, tuple | list):
        return tuple(_normalised(item) for item in value)
    return value


class _Plain:
    """Normalise every text field to NFC and keep sequences as tuples (hashable, immutable)."""

    def __post_init__(self):
        for item in fields(self):  # type: ignore[arg-type]
            value = getattr(self, item.name)
            if not is_dataclass(value):
                object.__setattr__(self, item.name, _normalised(value))


@dataclass(frozen=True)
class Issuer(_Plain):
    """The issuing body, with the body it belongs to when the decree asks for that line.

    `parent` is printed above `name` ("UBND TỈNH X" above "SỞ NỘI VỤ"); both are printed in
    capitals whatever case they are given in.
    """

    name: str
    parent: str = ""


@dataclass(frozen=True)
class Table(_Plain):
    """A simple table: one header row and rows of cells.

    Numbers (int, float, Decimal) are printed in the Vietnamese format (1.234; 5.393,7) and
    right-aligned; a column whose cells are all numbers is right-aligned in its header too.
    `widths` are relative column widths (any scale); equal widths when empty.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()
    caption: str = ""

    def __post_init__(self):
        super().__post_init__()
        for index, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise DomainError(
                    _("Bảng “%(caption)s”, dòng %(row)s: có %(cells)s ô, trong khi tiêu đề có %(columns)s cột.")
                    % {"caption": self.caption or self.header[0], "row": index, "cells": len(row),
                       "columns": len(self.header)})
        if self.widths and len(self.widths) != len(self.header):
            raise DomainError(
                _("Bảng “%(caption)s”: có %(widths)s độ rộng cột cho %(columns)s cột.")
                % {"caption": self.caption or self.header[0], "widths": len(self.widths),
                   "columns": len(self.header)})

    def numeric_columns(self) -> tuple[bool, ...]:
        """Which columns hold only numbers (empty cells aside): those are right-aligned."""
        result = []
        for column in range(len(self.header)):
            cells = [row[column] for row in self.rows if row[column] not in (None, "")]
            result.append(bool(cells) and all(is_number(cell) for cell in cells))
        return tuple(result)

    def relative_widths(self) -> tuple[float, ...]:
        widths = self.widths or (1.0,) * len(self.header)
        total = float(sum(widths))
        return tuple(float(width) / total for width in widths)


@dataclass(frozen=True)
class Section(_Plain):
    """A part of the body with its heading ("I. KẾT QUẢ THỰC HIỆN"), paragraphs and tables."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Signature(_Plain):
    """The signature block: the authority lines, then room for signature and seal, then the name.

    `authority` is printed line by line in capitals: ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH").
    """

    authority: tuple[str, ...]
    signer: str


@dataclass(frozen=True)
class Document(_Plain):
    """One administrative document: a công văn when `kind` is empty, otherwise a titled kind.

    - `number` None prints "Số: …/SYMBOL" (a draft not yet numbered); numbers below 10 get a zero.
    - `date` None prints "ngày … tháng … năm …" for the same reason.
    - `excerpt`: under the number as "V/v …" for a công văn; under the title for a titled kind.
    - `copies_to`: the "Nơi nhận" lines without their dash and end mark ("Như trên", "Bộ Nội vụ
      (để b/c)"); the last line is always "Lưu: {filed_at}".
    """

    issuer: Issuer
    symbol: str
    place: str
    excerpt: str
    recipients: tuple[str, ...]
    signature: Signature
    number: int | None = None
    date: datetime.date | None = None
    kind: str = ""
    paragraphs: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    closing: tuple[str, ...] = ()
    copies_to: tuple[str, ...] = ("Như trên",)
    filed_at: str = "VT"
    title: str = field(default="", compare=False)

    def __post_init__(self):
        super().__post_init__()
        if not self.recipients:
            raise DomainError(_("Văn bản phải có ít nhất một nơi nhận ở dòng “Kính gửi”."), field="recipients")
        if not self.signature.signer.strip():
            raise DomainError(_("Văn bản phải ghi họ tên người ký."), field="signer")

    @property
    def is_letter(self) -> bool:
        """A công văn: no kind title, the excerpt goes under the number as "V/v …"."""
        return not self.kind

    def number_line(self) -> str:
        number = "…" if self.number is None else f"{self.number:02d}"
        return f"Số: {number}/{self.symbol}"

    def place_date_line(self) -> str:
        return f"{self.place}, {date_words(self.date)}"

    def excerpt_line(self) -> str:
        return f"V/v {self.excerpt}" if self.is_letter else self.excerpt

    def recipient_lines(self) -> tuple[str, ...]:
        """One recipient: the name; several: "- name;" each, the last with a full stop."""
        if len(self.recipients) == 1:
            return (_with_end(self.recipients[0], "."),)
        last = len(self.recipients) - 1
        return tuple(f"- {_with_end(name, '.' if index == last else ';')}"
                     for index, name in enumerate(self.recipients))

    def copies_lines(self) -> tuple[str, ...]:
        return (*(f"- {_with_end(line, ';')}" for line in self.copies_to), f"- Lưu: {_with_end(self.filed_at, '.')}")

    def heading_lines(self) -> tuple[str, ...]:
        return tuple(line.upper() for line in (self.issuer.parent, self.issuer.name) if line)

    def document_title(self) -> str:
        return self.title or (f"{self.kind} {self.excerpt}" if self.kind else f"{self.number_line()} V/v {self.excerpt}")


def date_words(day: datetime.date | None) -> str:
    """ "ngày 05 tháng 3 năm 2026": a zero before days below 10 and months 1 and 2 (Decree 30/2020)."""
    if day is None:
        return "ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def is_number(cell: Cell) -> bool:
    return isinstance(cell, int | float | Decimal) and not isinstance(cell, bool)


def cell_text(cell: Cell) -> str:
    """A cell as printed: numbers in the Vietnamese format (dot for thousands, comma for decimals)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "Có" if cell else "Không"
    if is_number(cell):
        return vn_number(cell)
    return cell


def _with_end(text: str, mark: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", ";", ":", "/.")) else text + mark
