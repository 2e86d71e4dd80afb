"""Benchmark the directives matrices on national-scale data; print p50/p95 server times.

    export THONGSUOT_VAR_DIR=/tmp/var-bench; python -m thongsuot migrate && python -m thongsuot load-units
    python -m thongsuot seed-national --skip-users      # 100 directives × 20 tasks, 5 cascaded to all communes
    PYTHONPATH=src python bench/directives.py [--runs 30]

Target (issue 4): the national matrix of a directive with 20 tasks over 34 provinces, rolled up
from 3,321 communes, p95 ≤ 200 ms.

The measured directive's first five tasks are linked to six registry figures (every registry
source; the staffing shortage twice: one field and all fields), so the matrix pages and API also
read them, one grouped query each. When the registries are empty (seed-national with
`--skip-users` or without the staffing and facilities apps' data), national-scale registry rows are
made for the run: every commune × every staffing field, one equipment need per commune and
category, a readiness row per commune. Both the rows and the links are made inside a transaction
that is rolled back at the end, so the database is left as it was.
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

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from thongsuot.accounts.middleware import SESSION_OK  # noqa: E402
from thongsuot.accounts.models import User  # noqa: E402
from thongsuot.directives.models import Assignment, Directive, RegistryLink  # noqa: E402
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


def registry_data(directive, user) -> str:
    """Link the first tasks to registry figures and, if the registries are empty, fill them (in the
    caller's transaction, rolled back at the end)."""
    from decimal import Decimal

    from thongsuot.facilities.models import CommuneReadiness, EquipmentCategory, EquipmentNeed
    from thongsuot.geo.models import Commune
    from thongsuot.staffing.models import Field, StaffingQuota

    made = []
    communes = list(Commune.objects.values_list("id", "province_id"))
    if not StaffingQuota.objects.exists():
        StaffingQuota.objects.bulk_create(
            [StaffingQuota(province_id=p, commune_id=c, field=f, headcount=3 + (c + i) % 4,
                           default_headcount=3 + (c + i) % 4, active_count=(c * 7 + i) % 6,
                           gap=3 + (c + i) % 4 - (c * 7 + i) % 6)
             for c, p in communes for i, f in enumerate(Field.values)], batch_size=5000)
        made.append("quotas")
    if not EquipmentNeed.objects.exists():
        EquipmentNeed.objects.bulk_create(
            [EquipmentNeed(province_id=p, commune_id=c, category=k, required=10 + c % 5, available=(c * 3 + i) % 13)
             for c, p in communes for i, k in enumerate(EquipmentCategory.values)], batch_size=5000)
        made.append("equipment")
    if not CommuneReadiness.objects.exists():
        CommuneReadiness.objects.bulk_create(
            [CommuneReadiness(province_id=p, commune_id=c, total=Decimal(c % 1000) / 10,
                              connectivity_score=Decimal(c % 300) / 10, surplus_count=c % 4, surplus_handled=c % 2)
             for c, p in communes], batch_size=5000)
        made.append("readiness")
    if made and connection.vendor == "postgresql":
        with connection.cursor() as cursor:   # statistics for the planner (rolled back with the rows)
            cursor.execute("ANALYZE staffing_staffingquota, facilities_equipmentneed, facilities_communereadiness")
    tasks = list(directive.tasks.order_by("position").prefetch_related("figures")[:5])
    wanted = [(tasks[0], "staffing.shortage", Field.values[0], True), (tasks[0], "staffing.shortage", "", False),
              (tasks[1], "facilities.equipment_gap", EquipmentCategory.values[0], True),
              (tasks[2], "facilities.readiness", "", False), (tasks[3], "facilities.poorly_connected", "", False),
              (tasks[4], "facilities.surplus_remaining", "", True)]
    for task, source, parameter, compared in wanted:
        RegistryLink.objects.get_or_create(task=task, source=source, parameter=parameter, defaults={
            "figure": task.figures.all()[0] if compared else None, "linked_by": user})
    return (f"{RegistryLink.objects.filter(task__directive=directive).count()} liên kết sổ đăng ký"
            + (f" (tạo tạm: {', '.join(made)})" if made else ""))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    with transaction.atomic():
        code = measure(runs)
        transaction.set_rollback(True)   # the registry rows and links made for the run
    return code


def measure(runs: int) -> int:
    directive = Directive.objects.filter(number__startswith="QG-").order_by("number").first()
    if directive is None:
        print("Chưa có dữ liệu giả lập: chạy `thongsuot seed-national` trước.", file=sys.stderr)
        return 1
    assignments = Assignment.objects.filter(directive=directive)
    print(f"Cơ sở dữ liệu: {connection.vendor}; văn bản {directive.number}: {directive.tasks.count()} nhiệm vụ, "
          f"{assignments.count()} lượt giao ({assignments.filter(commune__isnull=False).count()} tới xã); "
          f"tổng {Assignment.objects.count()} lượt giao")
    user = User.objects.get(username="bench.bcd")
    print(registry_data(directive, user))
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

    # The registry figures are on the measured page (not just linked).
    assert "Sổ đăng ký ·" in client.get(f"/chi-dao/{directive.pk}/").content.decode()
    timed("selector: national matrix (34 × 20, from 3,321 communes)", runs,
          lambda: directive_matrix(user=user, directive=directive))
    timed("selector: the same + registry figures (matrix_registry)", runs,
          lambda: directive_matrix(user=user, directive=directive, registry=True))
    timed("page: /chi-dao/<id>/ (matrix rendered)", runs, page(f"/chi-dao/{directive.pk}/"))
    timed("page: /chi-dao/<id>/?so-lieu=1 (registry figures of every province)", runs,
          page(f"/chi-dao/{directive.pk}/?so-lieu=1"))
    timed("api: /api/directives/<id>/matrix/", runs, page(f"/api/directives/{directive.pk}/matrix/"))
    timed("page: drill-down Hà Nội (126 communes × 20)", runs, page(f"/chi-dao/{directive.pk}/tinh/01/"))
    timed("page: directive list", runs, page("/chi-dao/"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
