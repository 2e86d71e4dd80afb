"""Cell parsers: what an import column turns a spreadsheet cell into, and why it refuses one.

A parser takes the raw cell as the reader gives it (text, a number, a date, a boolean, or None for
an empty cell) and returns the value, or raises `CellInvalid` with the reason in Vietnamese. The
reader adds the row and the column (`reading.parse_rows`). An empty cell is `None` for every parser;
whether it is allowed is the column's `required`, not the parser's business.

Numbers follow the Vietnamese convention first: a comma is the decimal separator and a dot or a
space groups thousands ("1.234,5", "1 234"). A text with a single dot is read as a thousands group
when exactly three digits follow it ("1.234" = 1234, as a Vietnamese user means it) and as a
decimal point otherwise ("12.5"). A trailing "%" divides by 100, as Excel stores a percentage.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from thongsuot.core.importing.legacy import legacy_refusal
from thongsuot.core.text import fold, nfc

#: Excel's day 0 (its 1900 date system counts from here, the 1900 leap-year bug included).
EXCEL_EPOCH = date(1899, 12, 30)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$|^[+-]?[.,]\d+$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


class CellInvalid(ValueError):
    """A cell the column cannot read; `reason` says why, in Vietnamese, without row or column."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def shown(raw: Any) -> str:
    """Return a cell as the user sees it, for a message: "12" not "12.0", at most 60 characters."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = raw.strftime("%d/%m/%Y") if isinstance(raw, date) else str(raw)
    return text if len(text) <= 60 else text[:57] + "…"


def cell_text(raw: Any) -> str | None:
    """Return a cell as stripped NFC text (None when empty); a whole number from Excel loses its ".0"."""
    if raw is None:
        return None
    if type(raw) is str:
        text = raw.strip()
        if not text:
            return None
        return text if text.isascii() or unicodedata.is_normalized("NFC", text) else nfc(text)
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime):
        raw = raw.date() if raw.time() == datetime.min.time() else raw
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw.strftime("%d/%m/%Y")
    text = nfc(str(raw)).strip()
    return text or None


@dataclass(frozen=True)
class Text:
    """Text, NFC, stripped; refused when longer than `max_length` or typed in a legacy encoding."""

    max_length: int | None = None

    def __call__(self, raw: Any) -> str | None:
        text = cell_text(raw)
        if text is None:
            return None
        refusal = legacy_refusal(text)
        if refusal:
            raise CellInvalid(refusal)
        if self.max_length is not None and len(text) > self.max_length:
            raise CellInvalid(_("dài %(length)d ký tự, tối đa %(max)d ký tự.")
                              % {"length": len(text), "max": self.max_length})
        return text


def number_from_text(text: str) -> Decimal:
    """Read a number written the Vietnamese way (or the English way when unambiguous); raise ValueError."""
    compact = _SPACES.sub("", text)
    percent = compact.endswith("%")
    if percent:
        compact = compact[:-1]
    if not _NUMBER.match(compact):
        raise ValueError(text)
    dots, commas = compact.count("."), compact.count(",")
    if dots and commas:
        # Whichever comes last is the decimal separator: "1.234,5" and "1,234.5".
        decimal_mark = "," if compact.rfind(",") > compact.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if compact.count(decimal_mark) > 1:
            raise ValueError(text)
        compact = compact.replace(group_mark, "").replace(decimal_mark, ".")
    elif commas:
        if commas > 1:
            compact = _grouped(compact, ",")
        else:
            compact = compact.replace(",", ".")
    elif dots:
        if dots > 1 or re.search(r"\d\.\d{3}$", compact):
            compact = _grouped(compact, ".")
    try:
        value = Decimal(compact)
    except InvalidOperation as error:
        raise ValueError(text) from error
    return value / 100 if percent else value


def _grouped(text: str, mark: str) -> str:
    """Remove a thousands mark, checking that every group after the first has three digits."""
    head, *groups = text.split(mark)
    if not head.lstrip("+-") or len(head.lstrip("+-")) > 3 or any(len(g) != 3 for g in groups):
        raise ValueError(text)
    return head + "".join(groups)


def _number(raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise CellInvalid(_("“%(value)s” không phải là số.") % {"value": shown(raw)})
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    if isinstance(raw, date):
        raise CellInvalid(_("“%(value)s” là ngày, không phải số.") % {"value": shown(raw)})
    try:
        return number_from_text(str(raw).strip())
    except ValueError:
        raise CellInvalid(_("“%(value)s” không phải là số (ví dụ đúng: 1.234,5 hoặc 1234).")
                          % {"value": shown(raw)}) from None


def _bounded(value, raw, minimum, maximum):
    if minimum is not None and value < minimum:
        raise CellInvalid(_("%(value)s nhỏ hơn mức tối thiểu %(min)s.") % {"value": shown(raw), "min": minimum})
    if maximum is not None and value > maximum:
        raise CellInvalid(_("%(value)s lớn hơn mức tối đa %(max)s.") % {"value": shown(raw), "max": maximum})
    return value


@dataclass(frozen=True)
class Integer:
    """A whole number ("1.234", "1 234", 1234.0), within the bounds when given."""

    min_value: int | None = None
    max_value: int | None = None

    def __call__(self, raw: Any) -> int | None:
        if cell_text(raw) is None:
            return None
        value = _number(raw)
        if value != value.to_integral_value():
            raise CellInvalid(_("“%(value)s” không phải là số nguyên.") % {"value": shown(raw)})
        return _bounded(int(value), raw, self.min_value, self.max_value)


@dataclass(frozen=True)
class DecimalNumber:
    """A decimal number ("1.234,5", "12,5%"), rounded half up to `decimal_places` when given."""

    decimal_places: int | None = None
    min_value: Decimal | int | None = None
    max_value: Decimal | int | None = None

    def __call__(self, raw: Any) -> Decimal | None:
        if cell_text(raw) is None:
            return None
        value = _number(raw)
        if self.decimal_places is not None:
            value = value.quantize(Decimal(1).scaleb(-self.decimal_places), rounding=ROUND_HALF_UP)
        return _bounded(value, raw, self.min_value, self.max_value)


@dataclass(frozen=True)
class DateValue:
    """A date: an Excel date cell, an Excel day number, or text dd/mm/yyyy, d/m/yy, yyyy-mm-dd.

    A two-digit year is 2000–2029 for 00–29 and 1930–1999 for 30–99, as Excel reads it when typed
    (so "5/3/65", a birth date, is 1965).
    """

    min_year: int = 1900
    max_year: int = 2100

    def __call__(self, raw: Any) -> date | None:
        if cell_text(raw) is None:
            return None
        if isinstance(raw, datetime):
            value = raw.date()
        elif isinstance(raw, date):
            value = raw
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            if not 1 <= raw < 2958466:
                raise CellInvalid(_("“%(value)s” không phải là ngày (dd/mm/yyyy).") % {"value": shown(raw)})
            value = EXCEL_EPOCH + timedelta(days=int(raw))
        else:
            value = self._from_text(str(raw).strip(), raw)
        if not self.min_year <= value.year <= self.max_year:
            raise CellInvalid(_("năm %(year)d nằm ngoài khoảng %(min)d–%(max)d.")
                              % {"year": value.year, "min": self.min_year, "max": self.max_year})
        return value

    @staticmethod
    def _from_text(text: str, raw: Any) -> date:
        if match := _DATE_DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) == 2:
                year += 2000 if year <= 29 else 1900
        elif match := _DATE_YMD.match(text):
            year, month, day = (int(g) for g in match.groups())
        else:
            raise CellInvalid(_("“%(value)s” không phải là ngày (dd/mm/yyyy).") % {"value": shown(raw)})
        try:
            return date(year, month, day)
        except ValueError:
            raise CellInvalid(_("ngày %(value)s không có thật.") % {"value": shown(raw)}) from None


#: Folded words read as yes and as no.
TRUE_WORDS = frozenset({"co", "x", "1", "dung", "true", "yes", "phai", "✓", "✔"})
FALSE_WORDS = frozenset({"khong", "0", "sai", "false", "no", "ko"})


@dataclass(frozen=True)
class Boolean:
    """Yes or no: "có/không", "x" (ticked), "1/0", "đúng/sai", TRUE/FALSE, an Excel boolean."""

    def __call__(self, raw: Any) -> bool | None:
        if isinstance(raw, bool):
            return raw
        text = cell_text(raw)
        if text is None:
            return None
        word = fold(text).rstrip(".")
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellInvalid(_("“%(value)s” không phải là có/không (ghi: có, không, x, 1, 0, đúng, sai).")
                          % {"value": shown(raw)})


class Choice:
    """One value of a closed list, given as its value or its label, regardless of case and diacritics.

    `choices` is a sequence of (value, label) pairs, as a `TextChoices.choices`; labels may be lazy:
    the lookup is built per language on first use, and the Vietnamese label always matches.
    """

    def __init__(self, choices: Iterable[tuple[Any, Any]]):
        self.choices = tuple(choices)
        self._lookups: dict[str, dict[str, Any]] = {}
        #: Texts already read (a closed list column repeats a handful of texts over the whole file).
        self._seen: dict[str, Any] = {}

    def __repr__(self):
        return f"Choice({[value for value, _label in self.choices]!r})"

    def lookup(self) -> dict[str, Any]:
        language = get_language() or ""
        lookup = self._lookups.get(language)
        if lookup is None:
            lookup = {}
            for value, _label in self.choices:
                lookup.setdefault(choice_key(str(value)), value)
            for value, label in self.choices:
                lookup.setdefault(choice_key(str(label)), value)
                with override("vi"):
                    lookup.setdefault(choice_key(str(label)), value)
            self._lookups[language] = lookup
        return lookup

    def __call__(self, raw: Any) -> Any:
        text = cell_text(raw)
        if text is None:
            return None
        if text in self._seen:
            return self._seen[text]
        try:
            value = self.lookup()[choice_key(text)]
        except KeyError:
            allowed = ", ".join(str(label) for _value, label in self.choices[:12])
            more = "…" if len(self.choices) > 12 else ""
            raise CellInvalid(_("“%(value)s” không có trong danh sách (%(allowed)s%(more)s).")
                              % {"value": shown(raw), "allowed": allowed, "more": more}) from None
        if len(self._seen) < 10_000:
            self._seen[text] = value
        return value


def choice_key(text: str) -> str:
    """Return the key a closed-list entry is matched on: folded, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


@dataclass(frozen=True)
class UnitRef:
    """A province or commune, named or by code. The parser only cleans the text (a code that Excel
    made a number gets its zeros back); the import resolves it with the unit matcher of `geo`."""

    level: str = "commune"

    def __call__(self, raw: Any) -> str | None:
        text = Text()(raw)
        if text is not None and text.isdigit():
            return text.zfill(5 if self.level == "commune" else 2)
        return text
