"""The import of a registry: one plan, made the same way for the dry run and for the real import.

`plan_import(upload, spec, registry)` reads the upload with the registry's column specification
(`open_table`, `parse_rows`), lets the registry resolve each row (units, the importer's territory),
finds the row's record by the natural key, and says per row what importing it would do: created,
updated (with the changes), unchanged, or error (each naming row, column and reason). A second row
with the natural key of an earlier one is an error naming both rows. Nothing is written here; the
registry's `apply` writes a plan's rows through its own services (`apply_plan`), all or nothing, or
only the valid rows when the user chose so.

A registry is any object with:

- `spec`: the `core.listing.ExportSpec` its export writes;
- `resolve(values) -> None`: turn raw values into records in place (a commune's name into the
  commune), raising `RowRefused(column key, reason)` for a value it cannot take — a row outside
  the importer's territory too;
- `key(values) -> tuple`: the natural key of a resolved row;
- `existing(key) -> record | None`: the record the key finds;
- `changes(record, values) -> dict`: field → new value, empty when the row says nothing new
  (may raise `CellInvalid`-like `RowRefused(column, reason)` for a change the import cannot make);
- `apply(outcome, *, source) -> None`: create or update one row's record (called by `apply_plan`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thongsuot.core.errors import DomainError
from thongsuot.core.importing.reading import CellError, ParsedRow, open_table, parse_rows

CREATED, UPDATED, UNCHANGED, ERROR = "created", "updated", "unchanged", "error"
ACTION_LABELS = {CREATED: gettext_lazy("Thêm mới"), UPDATED: gettext_lazy("Cập nhật"),
                 UNCHANGED: gettext_lazy("Không đổi"), ERROR: gettext_lazy("Lỗi")}


class RowRefused(Exception):
    """A row the registry will not import, naming the column (its key) and why."""

    def __init__(self, column: str, reason: str, *, question: tuple[str, tuple] | None = None):
        super().__init__(reason)
        self.column, self.reason = column, reason
        #: For a value the user may settle (a former commune name split between current communes):
        #: the text as written and the choices, `(value, label)` pairs (see `ImportPlan.questions`).
        self.question = question


@dataclass
class RowOutcome:
    """What importing one row does."""

    number: int
    action: str
    values: dict[str, Any]
    errors: list[CellError] = field(default_factory=list)
    record: Any = None
    changes: dict[str, Any] = field(default_factory=dict)
    #: `(column key, text, choices)` when the error is a question the user may answer.
    question: tuple | None = None

    @property
    def label(self):
        return ACTION_LABELS[self.action]


@dataclass
class ImportPlan:
    """Every row's outcome, in file order, and where the table stood in the file."""

    sha256: str
    sheet: str
    header_row: int
    letters: dict[str, str]
    rows: list[RowOutcome]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, ERROR), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def errors(self) -> list[CellError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def questions(self) -> dict[tuple[str, str], tuple]:
        """The distinct questions of the plan: (column key, text) → choices, in file order."""
        found: dict[tuple[str, str], tuple] = {}
        for row in self.rows:
            if row.question is not None:
                column, text, choices = row.question
                found.setdefault((column, text), choices)
        return found

    def errors_first(self) -> list[RowOutcome]:
        """The rows with errors first, then the others, each in file order."""
        return sorted(self.rows, key=lambda row: (row.action != ERROR, row.number))


def file_sha256(upload) -> str:
    """Return the SHA-256 of an upload (bytes, a path or an open file) in hex."""
    digest = hashlib.sha256()
    if isinstance(upload, bytes | bytearray):
        digest.update(upload)
        return digest.hexdigest()
    if hasattr(upload, "read"):
        upload.seek(0)
        for chunk in iter(lambda: upload.read(1 << 20), b""):
            digest.update(chunk)
        upload.seek(0)
        return digest.hexdigest()
    with open(upload, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class PlanStream:
    """A plan read row by row: the table's place in the file at once, each row's outcome as it is
    iterated (once). What `plan_import` lists and `apply_stream` writes without keeping every row."""

    def __init__(self, upload, registry, *, filename: str = ""):
        self.registry = registry
        self.headers = {column.key: str(column.header) for column in registry.spec.columns}
        self.sha256 = file_sha256(upload)
        self.table = open_table(upload, registry.spec, filename=filename)
        self.sheet, self.header_row, self.letters = self.table.sheet, self.table.header_row, self.table.letters

    def __iter__(self) -> Iterator[RowOutcome]:
        first_row_of: dict[tuple, int] = {}
        for parsed in parse_rows(self.table, self.registry.spec):
            yield _outcome(parsed, self.registry, self.letters, self.headers, first_row_of)


def plan_import(upload, registry, *, filename: str = "",
                progress: Callable[[int], None] | None = None) -> ImportPlan:
    """Read the upload and say, per row, what importing it would do. Writes nothing."""
    stream = PlanStream(upload, registry, filename=filename)
    outcomes: list[RowOutcome] = []
    for outcome in stream:
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes))
    return ImportPlan(sha256=stream.sha256, sheet=stream.sheet, header_row=stream.header_row,
                      letters=stream.letters, rows=outcomes)


def _error(row: ParsedRow, key: str, reason: str, letters, headers) -> CellError:
    return CellError(row.number, headers.get(key, ""), letters.get(key, ""), reason)


def _outcome(row: ParsedRow, registry, letters, headers, first_row_of) -> RowOutcome:
    if not row.errors:
        try:
            registry.resolve(row.values)
        except RowRefused as refused:
            row.errors.append(_error(row, refused.column, refused.reason, letters, headers))
            if refused.question is not None:
                return RowOutcome(row.number, ERROR, row.values, row.errors,
                                  question=(refused.column, *refused.question))
    if row.errors:
        return RowOutcome(row.number, ERROR, row.values, row.errors)
    key = registry.key(row.values)
    if key in first_row_of:
        natural = [headers[k] for k in registry.spec.natural_key]
        reason = _("trùng với dòng %(first)d (cùng %(columns)s).") % {
            "first": first_row_of[key], "columns": ", ".join(f"“{name}”" for name in natural)}
        return RowOutcome(row.number, ERROR, row.values, [CellError(row.number, "", "", reason)])
    first_row_of[key] = row.number
    record = registry.existing(key)
    try:
        changes = registry.changes(record, row.values)
    except RowRefused as refused:
        return RowOutcome(row.number, ERROR, row.values,
                          [_error(row, refused.column, refused.reason, letters, headers)], record)
    if record is None:
        return RowOutcome(row.number, CREATED, row.values, record=None, changes=changes)
    return RowOutcome(row.number, UPDATED if changes else UNCHANGED, row.values, record=record, changes=changes)


def apply_plan(plan: ImportPlan, registry, *, only_valid: bool = False,
               progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Write a listed plan's created and updated rows through the registry (`apply_stream`)."""
    total = len(plan.rows)
    return apply_stream(plan.rows, registry, source=plan, only_valid=only_valid,
                        progress=(lambda done: progress(done, total)) if progress else None)


#: How many rows a registry with `apply_rows` writes at once.
BATCH_SIZE = 2000


def apply_stream(rows: Iterable[RowOutcome], registry, *, source, only_valid: bool = False,
                 progress: Callable[[int], None] | None = None,
                 done: Callable[[RowOutcome], None] | None = None) -> dict[str, int]:
    """Write the created and updated rows (of a list, or a `PlanStream` read once) through the
    registry, in one transaction, and return the counts of what was done.

    All or nothing by default: a plan with an error row, or a row the registry's services refuse
    (a `DomainError`), writes nothing and raises `DomainError` naming the row (once an error row is
    seen nothing more is written; the rest is only counted). With `only_valid` the error rows are
    left out and a row the services refuse is rolled back alone and counted as an error.

    A registry with `apply_rows(rows, *, source)` writes `BATCH_SIZE` rows at once (its checks made
    in `changes`, so that the dry run reports them); a batch it refuses is written again row by row
    through `apply`, which names the row. Its `finish_import(*, source)`, if any, runs once at the
    end (counters and summaries of what the batches touched). `done(row)` hears each row's final
    outcome.
    """
    counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, ERROR), 0)
    first_error: CellError | None = None
    batch: list[RowOutcome] = []
    seen = 0

    def told(row: RowOutcome) -> None:
        counts[row.action] += 1
        if done is not None:
            done(row)

    def write() -> None:
        _write(batch, registry, source=source, only_valid=only_valid, told=told)
        batch.clear()

    with transaction.atomic():
        for row in rows:
            seen += 1
            if row.action == ERROR:
                first_error = first_error or (row.errors[0] if row.errors else None)
                told(row)
            elif row.action == UNCHANGED:
                told(row)
            elif only_valid or not counts[ERROR]:
                batch.append(row)
                if len(batch) >= BATCH_SIZE:
                    write()
            else:
                counts[row.action] += 1   # not written: the import stops below
            if progress is not None:
                progress(seen)
        if counts[ERROR] and not only_valid:
            raise DomainError(_("Tệp có %(count)d dòng lỗi, chưa nhập dòng nào (lỗi đầu tiên: %(error)s). Sửa các "
                                "dòng lỗi, hoặc chọn “chỉ nhập các dòng hợp lệ”.")
                              % {"count": counts[ERROR], "error": first_error})
        write()
        finish = getattr(registry, "finish_import", None)
        if finish is not None:
            finish(source=source)
    return counts


def _write(batch: list[RowOutcome], registry, *, source, only_valid: bool, told) -> None:
    if not batch:
        return
    apply_rows = getattr(registry, "apply_rows", None)
    if apply_rows is not None:
        try:
            with transaction.atomic():
                apply_rows(batch, source=source)
        except DomainError:
            pass   # row by row below names the row refused
        else:
            for row in batch:
                told(row)
            return
    for row in batch:
        try:
            with transaction.atomic():
                registry.apply(row, source=source)
        except DomainError as refused:
            if not only_valid:
                raise DomainError(_("Dòng %(row)d: %(reason)s Chưa nhập dòng nào.")
                                  % {"row": row.number, "reason": refused.message}) from None
            row.action = ERROR
            row.errors.append(CellError(row.number, "", "", refused.message))
        told(row)
