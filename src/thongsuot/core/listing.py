"""One way to filter a list and take it out as Excel.

- A list's filters are a `FilterForm` (GET, every field optional): it validates the query string,
  gives the clean values to the list's selector (`values()`), says what was filtered for the audit
  record of an export (`described()`), and renders in the one filter bar (`core/_filter_bar.html`).
  A page drops an invalid filter (the list shows unfiltered on it, the bar marks the field); an API
  list reads the same form strictly (`FilterForm.for_api`): the first invalid parameter answers 400
  naming it (`DomainError.field`), under the API's name for it (`api_names`).
- Export is `?xuat=xlsx` on the list's own URL (`EXPORT_PARAM`), answered by
  `audit.exports.export_response`: one permission check (403 with the reason), one row cap
  (`EXPORT_ROW_CAP`), one audit event.
- The columns of an export are an `ExportSpec` of `Column`s. A column has a stable `key` (the field
  it carries), its Vietnamese header and how to read it from a row: the same specification is what
  an import of the registry reads back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.core.errors import DomainError

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


def filter_given(queryset, values: Mapping[str, Any], lookups: Mapping[str, str]):
    """Narrow `queryset` by each filter given a value in `values` (a `FilterForm`'s clean values):
    `lookups` maps a filter's name to the field lookup it filters on; an empty value filters nothing."""
    return queryset.filter(**{lookup: values[name] for name, lookup in lookups.items() if values.get(name)})


def province_code_field(label) -> forms.RegexField:
    """A filter on a province's code: two digits."""
    return forms.RegexField(label=label, regex=r"^[0-9]{2}$", max_length=2, widget=forms.TextInput(
        attrs={"size": 3, "maxlength": 2}), error_messages={"invalid": gettext_lazy("Mã tỉnh gồm 2 chữ số.")})


def commune_code_field(label) -> forms.RegexField:
    """A filter on a commune's code: five digits."""
    return forms.RegexField(label=label, regex=r"^[0-9]{5}$", max_length=5, widget=forms.TextInput(
        attrs={"size": 6, "maxlength": 5}), error_messages={"invalid": gettext_lazy("Mã xã gồm 5 chữ số.")})


class FilterForm(forms.Form):
    """A list's filters, read from the query string. Every field is optional. On a page, a value that
    does not validate is dropped (the list shows unfiltered on it, the filter bar marks the field)
    rather than answering an error page; an API list reads them with `for_api`: 400 instead."""

    use_required_attribute = False
    #: The API's query parameter for a field where it differs from the page's (field name → parameter).
    api_names: dict[str, str] = {}
    #: Set by `for_api`: an invalid filter raises `DomainError` instead of being dropped.
    strict = False

    @classmethod
    def for_api(cls, params: QueryDict | dict, **kwargs) -> FilterForm:
        """The filters of an API list, read strictly under their API names: `values()` raises a
        `DomainError` (400) naming the first invalid parameter instead of dropping it."""
        by_param = {cls.api_names.get(name, name): name for name in cls.base_fields}
        form = cls({by_param[key]: value for key, value in params.items() if key in by_param}, **kwargs)
        form.strict = True
        return form

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
        if self.strict:
            self.refuse_invalid()
        data = getattr(self, "cleaned_data", {})
        return {k: v for k, v in data.items() if k not in self.errors and v not in (None, "", [], ())}

    def refuse_invalid(self) -> None:
        """Raise a `DomainError` naming the first filter (by its API name) that did not validate."""
        for name, errors in self.errors.items():
            parameter = self.api_names.get(name, name)
            raise DomainError(_("Tham số lọc “%(name)s” không hợp lệ: %(reason)s") % {
                "name": parameter, "reason": " ".join(errors)}, field=parameter)

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
