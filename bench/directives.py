"""Benchmark the directives matrices on national-scale data; print p50/p95 server times.

    export THONGSUOT_VAR_DIR=/tmp/var-bench; python -m thongsuot migrate && python -m thongsuot load-units
    python -m thongsuot seed-national --skip-users      # 100 directives × 20 tasks, 5 cascaded to all communes
    PYTHONPATH=src python bench/directives.py [--runs 30]

Target (issue 4): the national matrix of a directive with 20 tasks over 34 provinces, rolled up
from 3,321 communes, p95 ≤ 200 ms.
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongsuot.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Measure the server, not collectstatic: plain static storage as in the tests.
settings.STORAGES = {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from thongsuot.accounts.middleware import SESSION_OK  # noqa: E402
from thongsuot.accounts.models import User  # noqa: E402
from thongsuot.directives.models import Assignment, Directive  # noqa: E402
from thongsuot.directives.selectors import directive_matrix  # noqa: E402


def timed(label: str, runs: int, call) -> None:
    call()  # warm caches (calendar, templates, query plans)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[max(0, int(round(0.95 * len(samples))) - 1)]
    print(f"{label:<58} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms   (n={runs})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    directive = Directive.objects.filter(number__startswith="QG-").order_by("number").first()
    if directive is None:
        print("Chưa có dữ liệu giả lập: chạy `thongsuot seed-national` trước.", file=sys.stderr)
        return 1
    assignments = Assignment.objects.filter(directive=directive)
    print(f"Cơ sở dữ liệu: {connection.vendor}; văn bản {directive.number}: {directive.tasks.count()} nhiệm vụ, "
          f"{assignments.count()} lượt giao ({assignments.filter(commune__isnull=False).count()} tới xã); "
          f"tổng {Assignment.objects.count()} lượt giao")
    user = User.objects.get(username="bench.bcd")
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_OK] = True
    session.save()

    def page(path):
        def go():
            response = client.get(path)
            assert response.status_code == 200, response.status_code
        return go

    timed("selector: national matrix (34 × 20, from 3,321 communes)", runs,
          lambda: directive_matrix(user=user, directive=directive))
    timed("page: /chi-dao/<id>/ (matrix rendered)", runs, page(f"/chi-dao/{directive.pk}/"))
    timed("api: /api/directives/<id>/matrix/", runs, page(f"/api/directives/{directive.pk}/matrix/"))
    timed("page: drill-down Hà Nội (126 communes × 20)", runs, page(f"/chi-dao/{directive.pk}/tinh/01/"))
    timed("page: directive list", runs, page("/chi-dao/"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
