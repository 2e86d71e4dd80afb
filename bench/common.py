"""Shared pieces for benchmarks: a seeded database, a gunicorn server, a bounded loopback client.

Each benchmark prepares (or reuses) a database in var/bench/, starts gunicorn with 2 workers on a
free loopback port, measures with a bounded number of requests, prints p50/p95/p99, and stops.
Set THONGSUOT_DATABASE_URL to measure on PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("THONGSUOT_BENCH_VAR", ROOT / "var" / "bench"))


def env() -> dict:
    e = {**os.environ, "THONGSUOT_VAR_DIR": str(VAR), "DJANGO_SETTINGS_MODULE": "thongsuot.config.settings",
         "THONGSUOT_DEMO_PASSWORD": "thongsuot-demo", "THONGSUOT_API_USER_RATE": "100000/min",
         "THONGSUOT_API_ANON_RATE": "100000/min", "THONGSUOT_PUBLIC_LOOKUP_RATE": "100000/min",
         "PYTHONPATH": str(ROOT / "src")}
    e.pop("THONGSUOT_PRODUCTION", None)
    return e


def manage(*args: str) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "thongsuot", *args], env=env(), check=True)


def _marker(name: str) -> Path:
    import hashlib

    url = os.environ.get("THONGSUOT_DATABASE_URL", "sqlite")
    return VAR / f".{name}-{hashlib.sha1(url.encode()).hexdigest()[:10]}"


def prepare(national: bool = False, extra: tuple[str, ...] = ()) -> None:
    """Migrate, load units and the demo; with `national`, add national-scale volumes once per database.

    National volumes are seeded once (a marker file in var/bench/ remembers it per database URL), so
    `make bench` runs every benchmark on the same data; delete var/bench/ to start again.
    """
    manage("migrate", "--no-input", "-v0")
    manage("createcachetable")
    manage("load-units")
    manage("seed-demo")
    manage("collectstatic", "--no-input", "-v0")
    if national and not _marker("national").exists():
        started = time.perf_counter()
        manage("seed-national", *extra)
        _marker("national").write_text(f"{time.perf_counter() - started:.0f}s\n")
        print(f"seed-national: {time.perf_counter() - started:.0f} s", flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn_process(workers: int = 2, extra_env: dict | None = None, cores: str | None = None):
    """Serve the project with gunicorn on a free loopback port: yields (base URL, master pid).
    `cores` pins the server to those CPUs with taskset where the machine has it (bench/load.py keeps
    its client off them)."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "thongsuot.config.wsgi", "-w", str(workers),
               "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    if cores is not None and shutil.which("taskset"):
        command = ["taskset", "-c", cores, *command]
    proc = subprocess.Popen(command, env={**env(), **(extra_env or {})})
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/dang-nhap/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(15)


@contextmanager
def gunicorn(workers: int = 2):
    with gunicorn_process(workers) as (base, _pid):
        yield base


def token(base: str, username: str, password: str = "thongsuot-demo") -> str:
    import json

    req = urllib.request.Request(f"{base}/api/auth/token/", method="POST",
                                 data=json.dumps({"username": username, "password": password}).encode(),
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))["token"]


def session_opener(base: str, username: str, password: str = "thongsuot-demo"):
    """Return a urllib opener signed in through the sign-in form (cookies kept)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/dang-nhap/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": csrf})
    opener.open(urllib.request.Request(f"{base}/dang-nhap/", data=data.encode(),
                                       headers={"Referer": f"{base}/dang-nhap/"})).read()
    return opener


def measure(label: str, call, n: int = 200, warmup: int = 10) -> dict:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    result = {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1],
              "p99": times[int(len(times) * 0.99) - 1], "n": n}
    print(f"{label:<55} p50 {result['p50']:7.1f} ms   p95 {result['p95']:7.1f} ms   p99 {result['p99']:7.1f} ms"
          f"   (n={n})", flush=True)
    return result
