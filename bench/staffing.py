"""Benchmark staffing pages and API on national-scale data; print p50/p95 server time.

    export PYTHONPATH=$PWD/src THONGSUOT_VAR_DIR=/tmp/var-staffing   # or THONGSUOT_DATABASE_URL=postgres://…
    python -m thongsuot seed-demo && python -m thongsuot seed-national --skip-users
    python bench/staffing.py [--runs 40]

Targets (issue 5): national shortage table p95 ≤ 200 ms; a commune's staff list p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongsuot.config.settings")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
warnings.filterwarnings("ignore", message="No directory at")
# Production settings (DEBUG off, cached templates), but without requiring collectstatic.
settings.STORAGES = {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

from django.test import Client  # noqa: E402

from thongsuot.accounts.middleware import SESSION_OK  # noqa: E402
from thongsuot.accounts.models import User  # noqa: E402
from thongsuot.staffing.models import StaffingQuota, StaffMember  # noqa: E402

CASES = [
    # (label, persona, url, target p95 ms)
    ("Bảng thiếu hụt toàn quốc (trang)", "demo.quocgia", "/nhan-su/thieu-hut/", 200),
    ("Bảng thiếu hụt toàn quốc, lọc CNTT miền núi", "demo.quocgia", "/nhan-su/thieu-hut/?field=it&mountainous=1", 200),
    ("Bảng thiếu hụt toàn quốc, trang 40, sắp theo tỉnh", "demo.quocgia", "/nhan-su/thieu-hut/?sort=province&page=40", 200),
    ("Bảng thiếu hụt toàn quốc (API)", "demo.quocgia", "/api/staffing/shortages/", 200),
    ("Tổng quan nhân sự toàn quốc", "demo.quocgia", "/nhan-su/", 200),
    ("Bảng thiếu hụt của tỉnh", "demo.tinh", "/nhan-su/thieu-hut/", 200),
    ("Danh sách cán bộ của xã (trang)", "demo.xa", "/nhan-su/can-bo/", 100),
    ("Danh sách cán bộ của xã (API)", "demo.xa", "/api/staffing/members/", 100),
    ("Định biên và thực tế của xã", "demo.xa", "/nhan-su/", 100),
]


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.session
    session[SESSION_OK] = True
    session.save()
    return client


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    if pct == 50:
        return statistics.median(ordered)
    return ordered[max(0, int(round(pct / 100 * len(ordered))) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    print(f"Dữ liệu: {StaffMember.objects.count():,} cán bộ, {StaffingQuota.objects.count():,} dòng định biên "
          f"({django.db.connection.vendor}); tải máy: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    failed = False
    for label, persona, url, target in CASES:
        client = client_for(persona)
        client.get(url)  # warm up
        timings, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p50, p95 = percentile(timings, 50), percentile(timings, 95)
        ok = p95 <= target
        failed |= not ok
        print(f"{'OK ' if ok else 'CHẬM'} {label:<50} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
              f"(CPU tiến trình web p95 {percentile(cpu, 95):6.1f} ms; mục tiêu p95 ≤ {target} ms)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
