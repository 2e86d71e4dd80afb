"""Dossier benchmarks: national figures for a quarter, intake, public lookup under load.

    PYTHONPATH=src python bench/procedures.py                      # SQLite in var/bench/
    THONGSUOT_DATABASE_URL=postgres://... THONGSUOT_BENCH_DOSSIERS=10000000 python bench/procedures.py

1. National figures for a quarter, from the daily summary (what the pages and API do), against the
   same figures computed with GROUP BY over the dossier table, in the same run (the issue asks for
   p95 ≤ 100 ms and at least 20× faster).
2. Receiving a dossier (`dossier_intake`, the whole transaction with code, events, audit, figures):
   p95 ≤ 30 ms.
3. Public lookup under load: gunicorn with 2 workers, a bounded threaded loopback client, against a
   minimal "hello" view served by the same gunicorn (this module is also its WSGI app): at least half
   the hello rate, p99 ≤ 50 ms.

The database is prepared once (units, demo, then THONGSUOT_BENCH_DOSSIERS dossiers, default 200,000,
added through `procedures.national` only, so other apps' volumes are not touched).
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("THONGSUOT_BENCH_VAR", ROOT / "var" / "bench"))
HELLO = "/bench-hello/"


def _env() -> dict:
    e = {**os.environ, "THONGSUOT_VAR_DIR": str(VAR), "DJANGO_SETTINGS_MODULE": "thongsuot.config.settings",
         "THONGSUOT_DEMO_PASSWORD": "thongsuot-demo", "THONGSUOT_PUBLIC_LOOKUP_RATE": "10000000/min",
         "THONGSUOT_API_ANON_RATE": "10000000/min", "PYTHONPATH": str(ROOT / "src")}
    e.pop("THONGSUOT_PRODUCTION", None)
    return e


# --- the WSGI app gunicorn serves: the platform plus a minimal hello view ------------------------------------

_app = None


def application(environ, start_response):
    global _app
    if _app is None:
        from django.core.wsgi import get_wsgi_application
        from django.http import HttpResponse
        from django.urls import path

        _app = get_wsgi_application()
        from thongsuot.config import urls

        urls.urlpatterns.insert(0, path(HELLO.strip("/") + "/", lambda request: HttpResponse("hello")))
    return _app(environ, start_response)


# --- measuring -----------------------------------------------------------------------------------------------

def _percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {"p50": statistics.median(times), "p95": times[max(0, int(len(times) * 0.95) - 1)],
            "p99": times[max(0, int(len(times) * 0.99) - 1)], "n": len(times)}


def measure(label: str, call, n: int, warmup: int = 3) -> dict:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    result = _percentiles(times)
    print(f"{label:<62} p50 {result['p50']:8.1f} ms   p95 {result['p95']:8.1f} ms   (n={n})", flush=True)
    return result


def load(label: str, port: int, paths: list[str], total: int = 3000, concurrency: int = 8) -> dict:
    """Send `total` GETs over `concurrency` keep-alive connections; return requests/s and percentiles."""
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    per_thread = total // concurrency

    def worker(seed: int):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for _ in range(per_thread):
            start = time.perf_counter()
            conn.request("GET", rng.choice(paths))
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                with lock:
                    errors.append(f"HTTP {response.status}")
                break
            mine.append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors or not times:
        print(f"{label:<62} FAILED: {errors[:3]}", flush=True)
        return {"rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "n": 0}
    result = {**_percentiles(times), "rps": len(times) / elapsed}
    print(f"{label:<62} {result['rps']:8.0f} req/s   p50 {result['p50']:6.1f} ms   p99 {result['p99']:6.1f} ms"
          f"   (n={len(times)}, {concurrency} connections)", flush=True)
    return result


# --- the benchmark -------------------------------------------------------------------------------------------

def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "thongsuot", *args], env=_env(), check=True, stdout=subprocess.DEVNULL)


def prepare() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    _manage("migrate", "--no-input", "-v0")
    _manage("createcachetable")
    _manage("load-units")
    _manage("seed-demo")
    _manage("collectstatic", "--no-input", "-v0")


def _setup_django() -> None:
    os.environ.update(_env())
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def ensure_dossiers(target: int) -> None:
    from thongsuot.procedures.models import Dossier
    from thongsuot.procedures.national import seed_national

    have = Dossier.objects.count()
    if have < target:
        started = time.perf_counter()
        seed_national({"dossiers": target - have, "dossier_days": 365, "seed": have}, _Out())
        print(f"seed: {target - have:,} dossiers in {time.perf_counter() - started:.0f} s", flush=True)


class _Out:
    def write(self, text: str) -> None:
        print(text, flush=True)


def group_by_figures(start, end):
    """The national figures by province computed straight from the dossier table (the baseline)."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from thongsuot.procedures.models import OPEN_STATUSES, Dossier

    today = timezone.localdate()
    rows = (Dossier.objects.order_by().values("province_id").annotate(
        received=Count("id", filter=Q(received_on__gte=start, received_on__lte=end)),
        received_online=Count("id", filter=Q(received_on__gte=start, received_on__lte=end, channel=2)),
        done_early=Count("id", filter=Q(finished_on__gte=start, finished_on__lte=end, outcome="early")),
        done_on_time=Count("id", filter=Q(finished_on__gte=start, finished_on__lte=end, outcome="on_time")),
        done_late=Count("id", filter=Q(finished_on__gte=start, finished_on__lte=end, outcome="late")),
        carried_over=Count("id", filter=Q(received_on__lt=start) & (Q(finished_on__isnull=True)
                                                                     | Q(finished_on__gte=start))),
        open_now=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        open_late_now=Count("id", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today))))
    return list(rows)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=int(os.environ.get("THONGSUOT_BENCH_DOSSIERS", "200000")),
                        help="dossiers in the database before measuring (added if fewer)")
    parser.add_argument("--only", default="figures,intake,lookup",
                        help="comma-separated parts to run: figures, intake, lookup")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    target = args.dossiers
    prepare()
    _setup_django()
    ensure_dossiers(target)
    from thongsuot.procedures.models import DossierProvinceDailyStat
    from thongsuot.procedures.stats import stats_rebuild

    if not DossierProvinceDailyStat.objects.exists():
        stats_rebuild()
    from django.db import connection

    from thongsuot.procedures.models import Dossier

    print(f"database: {connection.vendor}, {Dossier.objects.count():,} dossiers", flush=True)
    if "figures" in parts:
        _figures()
    if "intake" in parts:
        _intake()
    if "lookup" in parts:
        _lookup()


def _figures() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from thongsuot.accounts.models import User
    from thongsuot.procedures.selectors import figures

    central = User.objects.get(username="demo.quocgia")
    end = timezone.localdate() - timedelta(days=1)
    start = end - timedelta(days=90)
    summary = measure("national figures, quarter, by province (summary table)",
                      lambda: figures(user=central, start=start, end=end, group_by="province"), n=40)
    baseline = measure("same figures with GROUP BY over the dossier table", lambda: group_by_figures(start, end), n=5,
                       warmup=1)
    total, _rows = figures(user=central, start=start, end=end, group_by="province")
    check = group_by_figures(start, end)
    assert total.received == sum(r["received"] for r in check), "summary and GROUP BY disagree (received)"
    assert total.done_late == sum(r["done_late"] for r in check), "summary and GROUP BY disagree (late)"
    print(f"  → summary p95 {summary['p95']:.1f} ms (target ≤ 100), {baseline['p50'] / summary['p50']:.0f}× faster "
          f"than GROUP BY at p50 (target ≥ 20×)", flush=True)


def _intake() -> None:
    from thongsuot.accounts.models import User
    from thongsuot.procedures.models import Procedure
    from thongsuot.procedures.services import dossier_intake

    officer = User.objects.get(username="demo.xa")
    procedure = Procedure.objects.filter(is_active=True, is_internal=False).first()
    intake = measure("receive a dossier (dossier_intake, whole transaction)",
                     lambda: dossier_intake(actor=officer, procedure=procedure, channel=1,
                                            applicant_name="Người thử tải"), n=200)
    print(f"  → intake p95 {intake['p95']:.1f} ms (target ≤ 30)", flush=True)


def _lookup() -> None:
    from django.db import connection

    from thongsuot.procedures.models import Dossier

    codes = list(Dossier.objects.order_by("?").values_list("code", flat=True)[:500])
    connection.close()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "procedures:application", "--chdir",
                               str(Path(__file__).parent), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning"], env=_env())
    try:
        _wait(port)
        load("warm-up", port, [HELLO] + [f"/api/procedures/lookup/{c}/" for c in codes[:20]], total=400)
        hello = load("GET /bench-hello/ (minimal Django view)", port, [HELLO])
        lookup_api = load("GET /api/procedures/lookup/<code>/ (public API)", port,
                          [f"/api/procedures/lookup/{c}/" for c in codes])
        lookup_page = load("GET /tra-cuu/?ma=<code> (public page)", port, [f"/tra-cuu/?ma={c}" for c in codes])
    finally:
        server.terminate()
        server.wait(10)
    for name, result in (("API", lookup_api), ("page", lookup_page)):
        if not hello["rps"]:
            break
        print(f"  → lookup {name}: {100 * result['rps'] / hello['rps']:.0f} % of hello (target ≥ 50 %), "
              f"p99 {result['p99']:.1f} ms (target ≤ 50)", flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int) -> None:
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", HELLO)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


if __name__ == "__main__":
    main()
