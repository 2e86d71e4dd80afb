"""Campaign scorecard, charts and map at national scale (issue 16).

Targets: the national scorecard and dashboard pages p95 ≤ 100 ms, a province's ≤ 60 ms, at the
volumes of `seed-national` on PostgreSQL; the map page ≤ 150 KB. Uses the shared harness
(bench/common.py: gunicorn -w 2 on data seeded once per database); takes a snapshot first so the
charts have a day to draw.

`--in-process` measures instead inside this process through Django's test client (no gunicorn):
the queries of each page, and the CPU time of this process per request beside the wall clock —
on a shared, loaded machine the wall clock mostly measures waiting for a core, the CPU time what
the page costs. The national case overview is measured in the same run as a reference.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

PAGES = [
    ("GET /chien-dich/ (national scorecard, demo.quocgia)", "demo.quocgia", "/chien-dich/", 100),
    ("GET /chien-dich/bieu-do/ (national charts)", "demo.quocgia", "/chien-dich/bieu-do/", 100),
    ("GET /chien-dich/ban-do/ (national map)", "demo.quocgia", "/chien-dich/ban-do/", 100),
    ("GET /chien-dich/01/ (province scorecard, demo.tinh)", "demo.tinh", "/chien-dich/01/", 60),
    ("GET /chien-dich/bieu-do/01/ (province charts)", "demo.tinh", "/chien-dich/bieu-do/01/", 60),
    ("GET /chien-dich/ban-do/01/ (province map)", "demo.tinh", "/chien-dich/ban-do/01/", 60),
    ("GET /chien-dich/01/00070/ (commune scorecard, demo.xa)", "demo.xa", "/chien-dich/01/00070/", 60),
]
MAP_LIMIT = 150_000


def in_process(runs: int = 30) -> int:
    """Queries, CPU and wall time per page, measured in this process (see the module's docstring)."""
    os.environ.update(common.env())
    sys.path.insert(0, str(common.ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from thongsuot.accounts.middleware import SESSION_OK
    from thongsuot.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    clients = {}
    print(f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {connection.vendor}", flush=True)
    pages = [*PAGES, ("GET /kho-khan/tong-hop/ (reference: national case overview)", "demo.quocgia",
                      "/kho-khan/tong-hop/", 100)]
    for label, username, url, _target in pages:
        if username not in clients:
            client = clients[username] = Client()
            client.force_login(User.objects.get(username=username))
            session = client.session
            session[SESSION_OK] = True
            session.save()
        client = clients[username]
        assert client.get(url).status_code == 200, url
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            size = len(client.get(url).content)
        wall, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        wall.sort()
        cpu.sort()
        p95 = max(0, round(0.95 * runs) - 1)
        print(f"{label:<58} {len(queries):3d} queries  CPU p50 {statistics.median(cpu):6.1f} p95 {cpu[p95]:6.1f} ms"
              f"  wall p50 {statistics.median(wall):6.1f} p95 {wall[p95]:6.1f} ms  {size / 1000:6.1f} KB", flush=True)
    return 0


def main() -> int:
    if "--in-process" in sys.argv:
        return in_process()
    common.prepare(national=True)
    subprocess.run([sys.executable, "-m", "thongsuot", "snapshot-campaign"], env=common.env(), check=True)
    failed = 0
    with common.gunicorn() as base:
        openers = {}
        for label, username, url, target in PAGES:
            opener = openers.setdefault(username, common.session_opener(base, username))
            result = common.measure(label, lambda o=opener, u=url: o.open(f"{base}{u}").read(), n=100)
            if result["p95"] > target:
                print(f"  over target: p95 {result['p95']:.1f} ms > {target} ms", flush=True)
                failed += 1
        for url in ("/chien-dich/ban-do/", "/chien-dich/ban-do/?chi-so=shortage", "/chien-dich/ban-do/01/"):
            size = len(openers["demo.quocgia"].open(f"{base}{url}").read())
            print(f"size of {url:<45} {size / 1000:7.1f} KB (limit {MAP_LIMIT / 1000:.0f} KB)", flush=True)
            failed += size > MAP_LIMIT
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
