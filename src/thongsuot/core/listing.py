"""One way to filter a list and take it out as Excel.

- A list's filters are a `FilterForm` (GET, every field optional): it validates the query string,
  gives the clean values to the list's selector (`values()`), says what was filtered for the audit
  record of an export (`described()`), and renders in the one filter bar (`core/_filter_bar.html`).
- Export is `?xuat=xlsx` on the list's own URL (`EXPORT_PARAM`), answered by
  `audit.exports.export_response`: one permission check (403 with the reason), one row cap
  (`EXPORT_ROW_CAP`), one audit event.
- The columns of an export are an `ExportSpec` of `Column`s. A column has a stable `key` (the field
  it carries), its Vietnamese header and how to read it from a row: the same specification is what
  an import of the registry reads back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict

EXPORT_PARAM = "xuat"
EXPORT_FORMAT = "xlsx"
#: Larger lists are refused with a message asking to filter first: a workbook of more rows is
#: slower to make than a request may take and larger than an official can open on a weak machine.
EXPORT_ROW_CAP = 100_000
#: Query parameters that are not filters.
NOT_FILTERS = frozenset({"page", EXPORT_PARAM})


def wants_export(request) -> bool:
    return request.GET.get(EXPORT_PARAM) == EXPORT_FORMAT


@dataclass(frozen=True)
class Column:
    """One column of a registry's file, read by its export and by its import.

    The export needs `key`, `header` and, when the attribute path is not enough, `value`. An import
    also reads `parse` (a cell parser from `core.importing.values`; text when None), `required`
    (an empty cell is an error), `natural_key` (the columns that together find the existing record
    a row updates) and `aliases` (other headers accepted for the column, e.g. an older template's).
    """

    key: str
    header: Any
    value: Callable[[Any], Any] | None = None
    parse: Callable[[Any], Any] | None = None
    required: bool = False
    natural_key: bool = False
    aliases: tuple[Any, ...] = ()

    def read(self, obj) -> Any:
        if self.value is not None:
            return self.value(obj)
        value = obj
        for part in self.key.split("."):
            value = getattr(value, part, None) if value is not None else None
        return value


@dataclass(frozen=True)
class ExportSpec:
    """What a list exports: file name (without .xlsx), sheet title, audit object type, columns."""

    filename: str
    title: Any
    object_type: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def natural_key(self) -> tuple[str, ...]:
        """The keys of the columns that identify a record when a file is imported."""
        return tuple(c.key for c in self.columns if c.natural_key)

    def row(self, obj) -> list:
        return [c.read(obj) for c in self.columns]

    def rows(self, objects: Iterable) -> Iterable[list]:
        return (self.row(o) for o in objects)


class FilterForm(forms.Form):
    """A list's filters, read from the query string. Every field is optional; a value that does not
    validate is dropped (the list shows unfiltered on it) rather than answering an error page."""

    use_required_attribute = False

    def __init__(self, params: QueryDict | dict | None = None, **kwargs):
        params = params if params is not None else {}
        present = {k: v for k, v in params.items() if k not in NOT_FILTERS and k in self.base_fields}
        super().__init__(present or None, **kwargs)
        for f in self.fields.values():
            f.required = False
        self._params = params

    def values(self) -> dict:
        """The valid, non-empty filters."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: v for k, v in data.items() if k not in self.errors and v not in (None, "", [], ())}

    def described(self) -> dict[str, str]:
        """The filters as text, for the audit record of an export."""
        return {k: str(getattr(v, "pk", v)) for k, v in self.values().items()}

    def querystring(self) -> str:
        """The current filters as a query string, without page and export (for links and the export)."""
        query = QueryDict(mutable=True)
        for key, value in self._params.items():
            if key not in NOT_FILTERS and value:
                query[key] = value
        return query.urlencode()

    def export_query(self) -> str:
        qs = self.querystring()
        return f"{qs}&{EXPORT_PARAM}={EXPORT_FORMAT}" if qs else f"{EXPORT_PARAM}={EXPORT_FORMAT}"
