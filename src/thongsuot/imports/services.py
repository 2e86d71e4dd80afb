"""The one import flow: store the upload, check it once (dry run, kept), import it (a job), record it.

The upload is kept under its SHA-256 in the uploader's own private folder; its name is also the
confirmation token. The dry run's outcome is written beside it once (`<token>.<registry>.json`):
the result pages, their pagination and the annotated workbook read that, never the file again. The
import itself plans the file again against the data as it then is, so what is written is what the
rules allow at that moment (decision record 35).
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import PurePath
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import scope_of
from thongsuot.audit.services import audit_folded, audit_record
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.importing import Boolean, CellError, Choice
from thongsuot.core.importing.plan import (
    CREATED,
    ERROR,
    UNCHANGED,
    UPDATED,
    PlanStream,
    apply_stream,
    file_sha256,
)
from thongsuot.core.importing.workbooks import annotated_bytes
from thongsuot.core.uploads import private_storage, validate_upload
from thongsuot.imports.models import ImportRun
from thongsuot.imports.registry import Registry, answer_key, registry_named

UPLOAD_FOLDER = "imports"
UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
TOKEN = re.compile(r"[0-9a-f]{64}\.(xlsx|xlsm|xls|ods|csv|bin)")
#: The largest CSV accepted (Office files are bounded by `core.uploads.validate_upload`).
CSV_MAX_BYTES = 50 * 1024 * 1024
#: How many changed rows the history keeps per import.
CHANGES_KEPT = 2000


def require_import(actor, registry: type[Registry]) -> None:
    """Refuse (403, with the registry's reason) whoever may not import it."""
    if not registry.may_import(actor):
        raise Forbidden(str(registry.refusal))


def check_import_upload(upload) -> None:
    """Refuse an upload that cannot be an import file: Office files through the platform's upload
    checks (type, size, ZIP bombs), CSV by size. A `DomainError` on the field `file`."""
    if (upload.name or "").lower().endswith(".csv"):
        if upload.size > CSV_MAX_BYTES:
            raise DomainError(_("Tệp CSV lớn hơn 50 MB."), field="file")
        return
    try:
        validate_upload(upload)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="file") from None


def _stored_name(actor_id: int, token: str) -> str:
    return f"{UPLOAD_FOLDER}/{actor_id}/{token}"


def import_upload_store(*, actor, upload) -> str:
    """Keep an uploaded file for the confirmation, under the uploader's own folder; return its token
    (the file's SHA-256 and extension), by which `import_upload_path` finds it again."""
    suffix = PurePath(upload.name or "").suffix.lower()
    suffix = suffix if suffix in UPLOAD_SUFFIXES else ".bin"
    token = f"{file_sha256(upload)}{suffix}"
    storage = private_storage()
    name = _stored_name(actor.pk, token)
    if not storage.exists(name):
        upload.seek(0)
        storage.save(name, upload)
    return token


def import_upload_path(*, actor, token: str) -> str | None:
    """Return the stored file of this user's token, or None (another user's token finds nothing)."""
    if not TOKEN.fullmatch(token or ""):
        return None
    storage = private_storage()
    name = _stored_name(actor.pk, token)
    return storage.path(name) if storage.exists(name) else None


def import_template(*, actor, slug: str) -> bytes:
    """Return the registry's template for this importer (drop-downs of their territory)."""
    registry = registry_named(slug)
    require_import(actor, registry)
    return registry(actor).template()


# -- the dry run, kept once ------------------------------------------------------------------------

def display(column, value: Any) -> str:
    """A value as the user wrote it: a closed list's label, "Có"/"Không", a date dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(column.parse, Choice):
        labels = {str(v): str(label) for v, label in column.parse.choices}
        return labels.get(str(value), str(value))
    if isinstance(column.parse, Boolean) or isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def _row_summary(registry: Registry, row) -> dict:
    columns = {column.key: column for column in registry.spec.columns}
    changes = {}
    if row.action == UPDATED:
        changes = {str(columns[key].header) if key in columns else key: display(columns.get(key), value)
                   if key in columns else str(value) for key, value in row.changes.items()}
    return {"number": row.number, "action": row.action, "label": registry.describe(row.values)[:200],
            "errors": [[e.column, e.letter, e.reason] for e in row.errors], "changes": changes}


#: How many rows with errors the kept dry run keeps in its summary too (the rest stay in its files).
ERRORS_KEPT = 50


class KeptRows(Sequence):
    """The rows of a kept dry run, errors first, then the others, each in file order: read from the
    two JSON-lines files beside the upload when iterated or sliced (a page), never all kept in memory."""

    def __init__(self, base: str, counts: dict):
        self.base = base
        self.errors = counts.get(ERROR, 0)
        self.total = sum(counts.values())

    def __len__(self) -> int:
        return self.total

    def _lines(self) -> Iterator[dict]:
        for kind in ("errors", "rows"):
            if os.path.exists(f"{self.base}.{kind}.jsonl"):
                with open(f"{self.base}.{kind}.jsonl", encoding="utf-8") as handle:
                    for line in handle:
                        yield json.loads(line)

    def __iter__(self) -> Iterator[dict]:
        return self._lines()

    def error_rows(self) -> Iterator[dict]:
        return itertools.islice(self._lines(), self.errors)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.total)
            return list(itertools.islice(self._lines(), start, stop, step))
        if index < 0:
            index += self.total
        if not 0 <= index < self.total:
            raise IndexError(index)
        return next(itertools.islice(self._lines(), index, None))


def _check_to_files(registry: Registry, stream: PlanStream, base: str) -> dict:
    """Plan the file row by row, writing each row's outcome to `<base>.errors.jsonl` or
    `<base>.rows.jsonl`; return the summary (counts, the first errors, the questions)."""
    headers = {column.key: str(column.header) for column in registry.spec.columns}
    counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, ERROR), 0)
    questions: dict[tuple[str, str], tuple] = {}
    first_errors = []
    with open(f"{base}.errors.jsonl", "w", encoding="utf-8") as errors, \
            open(f"{base}.rows.jsonl", "w", encoding="utf-8") as others:
        for row in stream:
            counts[row.action] += 1
            kept = _row_summary(registry, row)
            if row.action == ERROR and len(first_errors) < ERRORS_KEPT:
                first_errors.append(kept)
            if row.question is not None:
                column, text, choices = row.question
                questions.setdefault((column, text), choices)
            (errors if row.action == ERROR else others).write(json.dumps(kept, ensure_ascii=False) + "\n")
    return {"registry": registry.slug, "sha256": stream.sha256, "sheet": stream.sheet,
            "header_row": stream.header_row, "letters": stream.letters, "answers": registry.answers,
            "counts": counts, "first_errors": first_errors,
            "questions": [{"key": answer_key(column, text), "column": headers.get(column, column), "text": text,
                           "choices": [list(choice) for choice in choices]}
                          for (column, text), choices in questions.items()]}


def _registry_and_upload(actor, slug: str, token: str, answers: dict[str, str] | None):
    """The registry `actor` may import into (else Forbidden) with its answers, and the path of the
    user's stored upload (a DomainError on the file field when it is gone)."""
    registry_class = registry_named(slug)
    require_import(actor, registry_class)
    path = import_upload_path(actor=actor, token=token)
    if path is None:
        raise DomainError(_("Không còn tệp đã tải lên; hãy tải lên lại."), field="file")
    return registry_class(actor, answers=answers), path


def import_check(*, actor, slug: str, token: str, filename: str = "",
                 answers: dict[str, str] | None = None) -> dict:
    """Dry run: plan the stored file, keep the outcome per row (streamed to files), and return the
    summary with its `rows` (`KeptRows`). Writes no record."""
    registry, path = _registry_and_upload(actor, slug, token, answers)
    base = f"{path}.{slug}"
    summary = {"filename": filename, **_check_to_files(registry, PlanStream(path, registry, filename=filename), base)}
    with open(f"{base}.json", "w", encoding="utf-8") as handle:
        json.dump(summary, handle, ensure_ascii=False)
    return {**summary, "rows": KeptRows(base, summary["counts"])}


def import_checked(*, actor, slug: str, token: str) -> dict | None:
    """Return the kept dry run of this user's file for this registry, or None (run it first)."""
    registry_named(slug)
    path = import_upload_path(actor=actor, token=token)
    if path is None or not os.path.exists(f"{path}.{slug}.json"):
        return None
    with open(f"{path}.{slug}.json", encoding="utf-8") as handle:
        summary = json.load(handle)
    if "first_errors" not in summary:   # kept before the rows were streamed to files
        return None
    return {**summary, "rows": KeptRows(f"{path}.{slug}", summary["counts"])}


def rows_errors_first(summary: dict) -> Sequence[dict]:
    return summary["rows"]


def import_annotated(*, actor, slug: str, token: str) -> bytes:
    """Return the user's file with the kept dry run's errors marked (`core.importing.workbooks`);
    the error rows are read from the kept file one by one."""
    summary = import_checked(actor=actor, slug=slug, token=token)
    path = import_upload_path(actor=actor, token=token)
    if summary is None or path is None:
        raise DomainError(_("Không còn tệp đã tải lên; hãy tải lên lại."), field="file")
    rows = (SimpleNamespace(number=row["number"], action=row["action"],
                            errors=[CellError(row["number"], column, letter, reason)
                                    for column, letter, reason in row["errors"]])
            for row in summary["rows"].error_rows())
    plan = SimpleNamespace(sheet=summary["sheet"], header_row=summary["header_row"], letters=summary["letters"],
                           rows=rows)
    return annotated_bytes(path, plan, filename=summary["filename"])


# -- the import --------------------------------------------------------------------------------------

@transaction.atomic
def import_file(*, actor, slug: str, token: str, filename: str = "", only_valid: bool = False,
                answers: dict[str, str] | None = None,
                progress: Callable[[int, int], None] | None = None) -> ImportRun:
    """Import the stored file: all rows or none (or only the valid rows when asked), through the
    registry's services, with one audit event (the file's SHA-256, name and counts) and one entry
    in the history."""
    registry, path = _registry_and_upload(actor, slug, token, answers)
    checked = import_checked(actor=actor, slug=slug, token=token)
    total = len(checked["rows"]) if checked else 0
    stream = PlanStream(path, registry, filename=filename)
    changed: list[dict] = []

    def done(row) -> None:
        if row.action in (CREATED, UPDATED) and len(changed) < CHANGES_KEPT:
            changed.append(_row_summary(registry, row))

    with audit_folded() as folded:   # the services' own events fold into the import's one below
        counts = apply_stream(stream, registry, source=stream, only_valid=only_valid, done=done,
                              progress=(lambda seen: progress(seen, max(total, seen))) if progress else None)
    audit_record(actor=actor, action="import", object_type=registry.spec.object_type, object_id=stream.sha256[:16],
                 object_repr=_("Nhập %(registry)s từ tệp “%(name)s”") % {
                     "registry": str(registry.title).lower(), "name": filename or token[:12]},
                 changes={"sha256": stream.sha256, "filename": filename, "registry": slug, "only_valid": only_valid,
                          **counts, **({"writes": dict(folded)} if folded else {})})
    scope = scope_of(actor)
    return ImportRun.objects.create(
        user=actor, agency=scope.agency, province_id=scope.province_id, commune_id=scope.commune_id,
        registry=slug, filename=filename[:200], sha256=stream.sha256, stored_name=_stored_name(actor.pk, token),
        only_valid=only_valid, created=counts[CREATED], updated=counts[UPDATED], unchanged=counts[UNCHANGED],
        errors=counts[ERROR], changes=changed)
