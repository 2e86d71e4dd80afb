"""Query-string parameters read at the edge: a value that does not fit answers 400 naming the parameter.

The API's filters and figures take their parameters through these instead of `int(params[...])`, so
that a number out of range (a year of -107101, an id of 27 digits) or a missing required parameter is
a `DomainError` in Vietnamese with `field` set to the parameter, never an exception deeper down.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thongsuot.core.errors import DomainError

#: The largest id a record can have (a signed 64-bit integer, the widest primary key on PostgreSQL
#: and SQLite); a larger number cannot name a record.
MAX_ID = 2**63 - 1
#: The years a figure may be asked for.
MIN_YEAR, MAX_YEAR = 1900, 2100
#: The years a recorded moment (an outage's start, an event) may fall in. Before 1970 the local zone
#: has offsets in seconds (+07:06:30) that no RFC 3339 reader accepts back.
MIN_MOMENT_YEAR = 1970


def _missing(name: str) -> DomainError:
    return DomainError(_("Thiếu tham số “%(name)s”.") % {"name": name}, field=name, code="required")


def query_int(params: Mapping, name: str, *, minimum: int, maximum: int, default: int | None = None,
              required: bool = False) -> int | None:
    """The whole number in `params[name]` within [minimum, maximum]; `default` when absent or empty."""
    raw = str(params.get(name, "") or "").strip()
    if not raw:
        if required:
            raise _missing(name)
        return default
    digits = raw[1:] if raw[:1] in "+-" else raw
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 20 or not minimum <= int(raw) <= maximum:
        raise DomainError(_("Tham số “%(name)s” phải là số nguyên từ %(min)s đến %(max)s.")
                          % {"name": name, "min": minimum, "max": maximum}, field=name)
    return int(raw)


def query_id(params: Mapping, name: str, *, required: bool = False) -> int | None:
    """A record id (a positive whole number) in `params[name]`."""
    return query_int(params, name, minimum=1, maximum=MAX_ID, required=required)


def query_year(params: Mapping, name: str = "year", *, default: int | None = None) -> int | None:
    return query_int(params, name, minimum=MIN_YEAR, maximum=MAX_YEAR, default=default)


def query_str(params: Mapping, name: str, *, max_length: int = 100, required: bool = False,
              choices: Iterable[str] | None = None) -> str:
    """The text in `params[name]`, stripped; at most `max_length` characters, one of `choices` if given."""
    value = str(params.get(name, "") or "").strip()
    if not value:
        if required:
            raise _missing(name)
        return ""
    if len(value) > max_length:
        raise DomainError(_("Tham số “%(name)s” dài quá %(max)s ký tự.") % {"name": name, "max": max_length},
                          field=name)
    if choices is not None:
        allowed = list(choices)
        if value not in allowed:
            raise DomainError(_("Tham số “%(name)s” phải là một trong: %(choices)s.")
                              % {"name": name, "choices": ", ".join(allowed)}, field=name)
    return value


def moment_in_range(value) -> None:
    """Validator for a date or date-time given in a body: its year between MIN_MOMENT_YEAR and MAX_YEAR."""
    if not MIN_MOMENT_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(_("Thời điểm phải trong khoảng năm %(min)s đến %(max)s.")
                              % {"min": MIN_MOMENT_YEAR, "max": MAX_YEAR}, code="out_of_range")
