"""Benchmark the import reading layer on a 100,000-row staff workbook (issue #17).

    python bench/import_read.py [--rows 100000]

Writes var/bench/import-staff-<rows>.xlsx once (openpyxl write-only: a title row, a subtitle, the
header, Vietnamese text figures and dates as an official types them), then measures, each in a
fresh process so that the peak resident memory is its own:

- openpyxl read-only alone: the pure-Python alternative, walking every row;
- calamine alone: open the workbook and walk every row (the floor any reader stands on);
- the reader: `open_table` (header found under the titles) and `parse_rows` with a parser per
  column (text, choice, integer, date, decimal, yes/no, unit reference) — what a dry run reads.

Prints seconds, rows a second and peak memory (ru_maxrss of the process, Rust included; with
--trace also tracemalloc's Python-side peak, in a run whose times are then slower).
Needs no database.
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
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
VAR = Path(os.environ.get("THONGSUOT_BENCH_VAR", ROOT / "var" / "bench"))

HEADERS = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ", "Lĩnh vực", "Nơi làm việc",
           "Quãng đường (km)", "Hỗ trợ đi lại", "Trạng thái", "Định biên"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quốc"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hường", "Hoà", "Lan", "Long", "Mai", "Nam", "Phúc", "Thuý", "Việt"]
FIELDS = ["Tư pháp - hộ tịch", "Văn hóa - xã hội", "Địa chính - xây dựng", "Tài chính - kế toán", "Văn phòng - thống kê"]
STATUSES = ["Đang làm việc", "đang làm việc", "Đã nghỉ hưu", "Đã điều chuyển"]
COMMUNES = ["Phường Ba Đình", "Phường Hoàn Kiếm", "Xã Sơn Hà", "Phường Hạc Thành", "Xã Tân Hòa", "Phường Huế"]


def workbook_path(rows: int) -> Path:
    return VAR / f"import-staff-{rows}.xlsx"


def write_workbook(rows: int) -> Path:
    from openpyxl import Workbook

    path = workbook_path(rows)
    if path.exists():
        return path
    VAR.mkdir(parents=True, exist_ok=True)
    rng = random.Random(17)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cán bộ")
    ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC CẤP XÃ"])
    ws.append(["(kèm theo báo cáo số 17/BC-UBND)"])
    ws.append([])
    ws.append(HEADERS)
    born = date(1965, 1, 1)
    for i in range(1, rows + 1):
        birthday = born + timedelta(days=rng.randrange(0, 14000))
        ws.append([
            i,
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            rng.choice(["Nam", "Nữ"]),
            birthday if i % 2 else birthday.strftime("%d/%m/%Y"),
            rng.choice(["Công chức", "Phó chủ tịch", "Chuyên viên"]),
            rng.choice(FIELDS),
            rng.choice(COMMUNES) if i % 3 else f"{rng.randrange(4, 33000):05d}",
            f"{rng.randrange(0, 400) / 10:.1f}".replace(".", ",") if i % 2 else rng.randrange(0, 400) / 10,
            rng.choice(["có", "không", "x", ""]),
            rng.choice(STATUSES),
            f"{rng.randrange(1, 3000):,}".replace(",", "."),
        ])
        if i % 5000 == 0:
            ws.append([])  # blank rows, as real files have
    wb.save(path)
    return path


def measure(kind: str, path: Path, trace: bool = False) -> dict:
    """Run one measurement in this process and return its figures."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongsuot.config.settings")
    os.environ.setdefault("THONGSUOT_VAR_DIR", str(VAR))
    django.setup()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    rows = errors = 0
    if kind == "openpyxl":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        for _row in workbook.worksheets[0].iter_rows(values_only=True):
            rows += 1
        workbook.close()
    elif kind == "calamine":
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        for _row in sheet.iter_rows():
            rows += 1
    else:
        from thongsuot.core.importing import (
            Boolean,
            Choice,
            DateValue,
            DecimalNumber,
            Integer,
            Text,
            UnitRef,
            open_table,
            parse_rows,
        )
        from thongsuot.core.listing import Column, ExportSpec

        spec = ExportSpec(filename="can-bo", title="Cán bộ", object_type="staffing.staffmember", columns=(
            Column("full_name", "Họ và tên", parse=Text(max_length=120), required=True, natural_key=True),
            Column("gender", "Giới tính", parse=Choice((("m", "Nam"), ("f", "Nữ")))),
            Column("birth_date", "Ngày sinh", parse=DateValue(), natural_key=True),
            Column("position", "Chức vụ", parse=Text(max_length=120)),
            Column("field", "Lĩnh vực", parse=Choice([(f"f{i}", label) for i, label in enumerate(FIELDS)])),
            Column("commune", "Nơi làm việc", parse=UnitRef("commune"), required=True),
            Column("commute_km", "Quãng đường (km)", parse=DecimalNumber(decimal_places=1)),
            Column("travel_allowance", "Hỗ trợ đi lại", parse=Boolean()),
            Column("status", "Trạng thái", parse=Choice((("active", "Đang làm việc"), ("retired", "Đã nghỉ hưu"),
                                                        ("moved", "Đã điều chuyển")))),
            Column("headcount", "Định biên", parse=Integer(min_value=0)),
        ))
        with open(path, "rb") as upload:
            table = open_table(upload, spec, filename=path.name)
            for parsed in parse_rows(table, spec):
                rows += 1
                errors += len(parsed.errors)
    elapsed = time.perf_counter() - started
    _current, python_peak = tracemalloc.get_traced_memory() if trace else (0, 0)
    return {"kind": kind, "rows": rows, "errors": errors, "seconds": round(elapsed, 2),
            "rows_per_second": round(rows / elapsed), "python_peak_mb": round(python_peak / 2**20, 1) if trace else None,
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--measure", choices=["openpyxl", "calamine", "reader"], help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help="also run each under tracemalloc (slower) for the "
                        "Python-side peak; the times printed are then not comparable")
    args = parser.parse_args()
    path = workbook_path(args.rows)
    if args.measure:
        print(json.dumps(measure(args.measure, path, trace=args.trace)))
        return
    started = time.perf_counter()
    write_workbook(args.rows)
    print(f"workbook: {path} ({path.stat().st_size / 2**20:.1f} MB, written or reused in "
          f"{time.perf_counter() - started:.1f} s)")
    results = {}
    for kind in ("openpyxl", "calamine", "reader"):
        command = [sys.executable, __file__, "--rows", str(args.rows), "--measure", kind]
        out = subprocess.run(command + (["--trace"] if args.trace else []),
                             check=True, capture_output=True, text=True).stdout
        results[kind] = json.loads(out.strip().splitlines()[-1])
        r = results[kind]
        print(f"{kind:9} {r['rows']:>7} rows  {r['seconds']:>6.2f} s  {r['rows_per_second']:>7} rows/s  "
              f"errors {r['errors']:>5}  peak RSS {r['max_rss_mb']:>6.1f} MB"
              + (f"  Python peak {r['python_peak_mb']:>6.1f} MB" if args.trace else ""))
    calamine = max(results["calamine"]["seconds"], 0.01)
    print(f"reader + parsers take {results['reader']['seconds'] / calamine:.1f}× calamine's read alone; "
          f"openpyxl read-only alone takes {results['openpyxl']['seconds'] / calamine:.1f}×")


if __name__ == "__main__":
    main()
