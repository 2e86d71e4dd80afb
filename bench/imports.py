"""Benchmark the staff import end to end on 100,000 rows (issue #17): dry run, import, memory, and
the same rows through django-import-export.

    python bench/imports.py [--rows 100000] [--die-rows 20000]
    THONGSUOT_DATABASE_URL=postgres://…/thongsuot_x python bench/imports.py

Prepares the bench database (`common.prepare`: migrate, units, demo), writes
var/bench/import-members-<rows>.xlsx once (the staff template's columns, the header on row 1 so
django-import-export reads the same file; Hà Nội's communes by name or code, dates as Excel dates
or text, decimals with a comma), then measures, each in a fresh process so that its peak resident
memory (ru_maxrss, Django and Rust included) is its own:

- calamine alone: open the workbook and walk every row (the floor any reader stands on);
- dry run: `imports.services.import_check` (registry `can-bo`) as demo.tinh (Hà Nội's leader) — read, parse,
  resolve communes and scope, natural keys, per-row outcome; writes nothing;
- import: `imports.services.import_file` ("only valid rows", so a stray bad row of the
  generated file does not stop the measure) — the same plan, then the writes in one transaction
  (members, their recruitment decisions, quota counters, one audit event), committed;
  the rows are deleted again afterwards and the counters restored, so runs repeat;
- django-import-export 4 (installed for the benchmark only: requirements-bench.txt; not in
  INSTALLED_APPS): a `ModelResource` with the same checks — the same cell parsers, the commune
  matched and scope-checked with the same `UnitIndex`, the natural key (name, birth year, commune)
  as `import_id_fields`, the start date not in the future — reading the file with tablib (openpyxl)
  as its admin does; a dry run and an import of `--die-rows` rows (default 20,000: row by row it
  takes minutes; its rate is extrapolated to all rows and printed as such).

Prints seconds, rows a second and peak memory per step, and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))   # this checkout, not an installed one

from common import VAR, env, prepare  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quốc"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hường", "Hoà", "Lan", "Long", "Mai", "Nam", "Phúc", "Thuý", "Việt"]
NAMES = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]   # 1,248: unique within a commune
IMPORTER = "demo.tinh"
#: The staff registry of the one import flow (`staffing.services.imports.MemberImport`).
SLUG = "can-bo"


def workbook_path(rows: int) -> Path:
    return VAR / f"import-members-{rows}.xlsx"


def _setup():
    import django

    for key, value in env().items():
        os.environ.setdefault(key, value)
    django.setup()


def write_workbook(rows: int) -> dict:
    """Write the file (once): the staff spec's header, then `rows` new members over Hà Nội's communes."""
    path = workbook_path(rows)
    if path.exists():
        return {"path": str(path)}
    _setup()
    from openpyxl import Workbook

    from thongsuot.core.vocabulary import StaffField
    from thongsuot.geo.models import Commune
    from thongsuot.staffing.exports import MEMBERS

    communes = list(Commune.objects.filter(province__code="01").order_by("code").values_list("code", "name"))
    rng = random.Random(17)
    fields = [str(label) for _value, label in StaffField.choices]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(MEMBERS.title))
    sheet.append([str(c.header) for c in MEMBERS.columns])
    started = date(2010, 1, 1)
    for i in range(rows):
        code, name = communes[i % len(communes)]
        joined = started + timedelta(days=rng.randrange(0, 5000))
        values = {"full_name": NAMES[(i // len(communes)) % len(NAMES)], "gender": rng.choice(["Nam", "Nữ"]),
                  "birth_year": rng.randrange(1965, 2005),
                  "category": "Công chức", "position": rng.choice(["Chuyên viên", "Công chức", "Phó Trưởng phòng"]),
                  "field": rng.choice(fields), "qualification": "Đại học",
                  "commune": name if i % 3 else code,
                  "commute_km": f"{rng.randrange(0, 400) / 10:.1f}".replace(".", ",") if i % 2
                  else rng.randrange(0, 400) / 10,
                  "status": "Đang làm việc", "joined_on": joined if i % 2 else joined.strftime("%d/%m/%Y")}
        sheet.append([values.get(c.key) for c in MEMBERS.columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return {"path": str(path)}


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _snapshot():
    from thongsuot.staffing.models import PersonnelAction, StaffingQuota, StaffMember

    last = StaffMember.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_action = PersonnelAction.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    quotas = list(StaffingQuota.objects.filter(province__code="01").values_list("pk", "active_count", "gap"))
    return last, last_action, quotas


def _restore(snapshot) -> None:
    """Delete what a measured import added and put the quota counters back, so the next run starts alike."""
    from django.db import transaction

    from thongsuot.staffing.models import PersonnelAction, StaffingQuota, StaffMember

    last, last_action, quotas = snapshot
    with transaction.atomic():
        PersonnelAction.objects.filter(pk__gt=last_action).delete()
        StaffMember.objects.filter(pk__gt=last).delete()
        StaffingQuota.objects.bulk_update([StaffingQuota(pk=pk, active_count=a, gap=g) for pk, a, g in quotas],
                                          ["active_count", "gap"], batch_size=2000)


def measure(kind: str, rows: int, die_rows: int) -> dict:
    """Run one measurement in this process and return its figures."""
    _setup()
    path = workbook_path(rows)
    from thongsuot.accounts.models import User

    actor = User.objects.get(username=IMPORTER)
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        started = time.perf_counter()
        count = sum(1 for _row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()) - 1
        return {"rows": count, "seconds": time.perf_counter() - started, "rss": _rss_mb()}
    if kind in ("dry", "import"):
        from django.core.files import File

        from thongsuot.imports import services

        snapshot = _snapshot()
        started = time.perf_counter()
        errors = []
        with path.open("rb") as handle:
            token = services.import_upload_store(actor=actor, upload=File(handle, name=path.name))
        if kind == "dry":
            summary = services.import_check(actor=actor, slug=SLUG, token=token, filename=path.name)
            counts = summary["counts"]
            errors = [f"{row['number']}: {row['errors']}" for row in summary["rows"] if row["errors"]][:3]
        else:
            run = services.import_file(actor=actor, slug=SLUG, token=token, filename=path.name, only_valid=True)
            counts = {"created": run.created, "updated": run.updated, "unchanged": run.unchanged,
                      "error": run.errors}
        elapsed = time.perf_counter() - started
        rss = _rss_mb()   # before the clean-up: deleting 100,000 members through the ORM's collector costs 150 MB
        if kind == "import":
            _restore(snapshot)
        return {"rows": sum(counts.values()), "seconds": elapsed, "rss": rss, "counts": counts,
                "first_errors": errors}
    return _die(kind, path, actor, die_rows)


def _die(kind: str, path: Path, actor, die_rows: int) -> dict:
    """django-import-export: the same rows, the same checks, its own reading (tablib → openpyxl)."""
    import tablib
    from django.core.exceptions import ValidationError
    from django.utils import timezone
    from import_export import fields, resources, widgets

    from thongsuot.core.importing import CellInvalid
    from thongsuot.staffing.exports import MEMBERS
    from thongsuot.staffing.models import StaffMember
    from thongsuot.staffing.services.imports import MemberImport

    registry = MemberImport(actor)   # its UnitIndex, territory and scope check: the same as ours
    columns = {c.key: c for c in MEMBERS.columns}

    class Parsed(widgets.Widget):
        def __init__(self, parse):
            super().__init__()
            self.parse = parse

        def clean(self, value, row=None, **kwargs):
            try:
                return self.parse(value)
            except CellInvalid as invalid:
                raise ValueError(invalid.reason) from None

    class CommuneWidget(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            values = {"commune": columns["commune"].parse(value)}
            try:
                registry.resolve(values)
            except Exception as refused:       # RowRefused: outside the territory, unknown, ambiguous
                raise ValueError(str(refused)) from None
            return values["commune"]

    def field(key, widget=None):
        return fields.Field(attribute=key, column_name=str(columns[key].header),
                            widget=widget or Parsed(columns[key].parse))

    today = timezone.localdate()

    class MemberResource(resources.ModelResource):
        full_name = field("full_name")
        gender = field("gender")
        birth_year = field("birth_year")
        category = field("category")
        position = field("position")
        field_ = field("field")
        qualification = field("qualification")
        commune = field("commune", CommuneWidget())
        commute_km = field("commute_km")
        status = field("status")
        joined_on = field("joined_on")

        class Meta:
            model = StaffMember
            import_id_fields = ("full_name", "birth_year", "commune")
            fields = ("full_name", "gender", "birth_year", "category", "position", "field_", "qualification",
                      "commune", "commute_km", "status", "joined_on")
            skip_unchanged = True
            clean_model_instances = True

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            if instance.joined_on is None or instance.joined_on > today:
                raise ValidationError({"joined_on": "ngày bắt đầu trống hoặc sau hôm nay."})
            if instance.commune_id is not None:
                instance.province_id = instance.commune.province_id
            instance.created_by = actor

    started = time.perf_counter()
    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle, format="xlsx")
    read = time.perf_counter() - started
    if die_rows < len(dataset):
        dataset = dataset.subset(rows=range(die_rows))
    snapshot = _snapshot()
    started = time.perf_counter()
    result = MemberResource().import_data(dataset, dry_run=(kind == "die-dry"), use_transactions=True,
                                          collect_failed_rows=True)
    elapsed = time.perf_counter() - started
    if kind == "die-import":
        _restore(snapshot)
    if os.environ.get("BENCH_DEBUG") and result.invalid_rows:
        print(result.invalid_rows[0].error_dict, file=sys.stderr)
    return {"rows": len(dataset), "seconds": elapsed, "read_seconds": read, "rss": _rss_mb(),
            "counts": {k: v for k, v in result.totals.items() if v}, "errors": result.has_errors()}


def _run(kind: str, args) -> dict:
    command = [sys.executable, __file__, "--rows", str(args.rows), "--die-rows", str(args.die_rows),
               "--measure", kind]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env()).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--die-rows", type=int, default=20_000, help="rows django-import-export imports")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--no-die", action="store_true", help="skip django-import-export")
    args = parser.parse_args()
    if args.measure == "write":
        print(json.dumps(write_workbook(args.rows)))
        return
    if args.measure:
        print(json.dumps(measure(args.measure, args.rows, args.die_rows), default=str))
        return
    prepare()
    database = os.environ.get("THONGSUOT_DATABASE_URL", "sqlite").split("@")[-1]
    print(f"database: {database}", flush=True)
    _run("write", args)
    path = workbook_path(args.rows)
    print(f"workbook: {path} ({path.stat().st_size / 2**20:.1f} MB)", flush=True)
    results = {}
    kinds = ["calamine", "dry", "import"] + ([] if args.no_die else ["die-dry", "die-import"])
    for kind in kinds:
        r = results[kind] = _run(kind, args)
        extra = f"  (+ tablib/openpyxl read of the file {r['read_seconds']:.1f} s)" if "read_seconds" in r else ""
        print(f"{kind:10} {r['rows']:>7} rows  {r['seconds']:>7.2f} s  {r['rows'] / r['seconds']:>8.0f} rows/s  "
              f"peak RSS {r['rss']:>6.1f} MB  {r.get('counts', '')}{extra}", flush=True)
        for error in r.get("first_errors") or ():
            print(f"           {error}", flush=True)
    calamine = max(results["calamine"]["seconds"], 0.01)
    dry, imported = results["dry"], results["import"]
    print(f"dry run {dry['seconds']:.1f} s (limit 30) = {dry['seconds'] / calamine:.1f}× calamine's read alone; "
          f"import {imported['seconds']:.1f} s (limit 60); peak RSS {max(dry['rss'], imported['rss']):.0f} MB "
          f"(limit 300)")
    if not args.no_die:
        for ours, theirs in (("dry", "die-dry"), ("import", "die-import")):
            r = results[theirs]
            per_row = r["seconds"] / r["rows"]
            whole = per_row * results[ours]["rows"] + r["read_seconds"]
            print(f"django-import-export {theirs[4:]}: {r['rows']} rows in {r['seconds']:.1f} s → "
                  f"{results[ours]['rows']} rows ≈ {whole:.0f} s with its read ({'measured' if r['rows'] >= results[ours]['rows'] else 'extrapolated'}); "
                  f"ours {results[ours]['seconds']:.1f} s: {whole / results[ours]['seconds']:.1f}× faster", flush=True)


if __name__ == "__main__":
    main()
