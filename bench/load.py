"""A day's load on one machine, three ways: the primary alone, with a streaming replica, through PgBouncer.

    THONGSUOT_DATABASE_URL=postgres://thongsuot:thongsuot@127.0.0.1:5432/thongsuot_bench \\
    python bench/load.py --seconds 40 --users 8 \\
        --replica postgres://thongsuot:thongsuot@127.0.0.1:5433/thongsuot_bench --pgbouncer [--national]

`--national` runs it on national volumes (`seed-national`, once per database: a month of dossiers
at the national rate, see NATIONAL_ARGS); without it, on the demo data alone.

A realistic mix, by weight: commune officers receiving dossiers (POST intake), filing cases (POST)
and reading their desk; province officers reviewing their queue; national and province dashboards
(the home page, the campaign scorecard, the obstacles overview, the dossier figures); the public
lookup by dossier code. `--users` client threads run it for `--seconds` (and at most `--requests`),
loopback only, against gunicorn (2 workers) pinned to core 0 with `taskset`; the client pins itself
to core 1 (PostgreSQL, shared with others on this machine, is not pinned).

Reported per run: requests per second, p50/p95/p99 per kind, the gunicorn processes' CPU-seconds
(from /proc) and requests per server CPU-second, the CPU-seconds of the PostgreSQL backends serving
this database on the primary and on the replica (also from /proc: same machine), and the
transactions `pg_stat_database` counted on each. The replica run sets THONGSUOT_REPLICA_URLS; the
PgBouncer run starts pgbouncer (transaction pooling, port 6432) in front of the primary and turns
prepared statements and server-side cursors off, as docs/deploy.md says to.
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
SERVER_CORE, CLIENT_CORE = "0", 1
PGBOUNCER_PORT = 6432

#: kind → (weight, persona or None for anonymous)
MIX = {
    "intake (POST, commune)": (3, "xa"),
    "case filing (POST, commune)": (1, "xa"),
    "commune desk (GET)": (3, "xa"),
    "province review queue (GET)": (3, "tinh"),
    "national home dashboard": (1, "quocgia"),
    "province scorecard": (2, "tinh"),
    "obstacles overview": (1, "tinh"),
    "dossier figures": (1, "tinh"),
    "public lookup": (6, None),
}
COMMUNE_OFFICERS = ("demo.xa", "demo.xa2", "demo.xa3")
#: `--national`: a month of dossiers at the national rate (some 40 million a year ≈ 3.3 million a
#: month) on top of seed-national's other defaults (accounts, 50,000 cases, directives, staffing).
NATIONAL_ARGS = ("--dossiers", "3300000", "--dossier-days", "30")
#: A database with at least this many dossiers already holds national volumes: not seeded again.
NATIONAL_ALREADY = 250_000


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener(base: str, username: str | None):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    if username:
        opener.open(f"{base}/dang-nhap/").read()
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({"username": username, "password": "thongsuot-demo",
                                       "csrfmiddlewaretoken": csrf}).encode()
        try:
            opener.open(urllib.request.Request(f"{base}/dang-nhap/", data=data)).read()
        except urllib.error.HTTPError as redirect:
            if redirect.code != 302:
                raise
    opener.jar = jar
    return opener


def _fetch(opener, url: str, data: dict | None = None) -> int:
    request = urllib.request.Request(url)
    if data is not None:
        csrf = next(c.value for c in opener.jar if c.name == "csrftoken")
        request = urllib.request.Request(url, data=urllib.parse.urlencode(
            {**data, "csrfmiddlewaretoken": csrf}).encode(), headers={"Referer": url})
    try:
        with opener.open(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as answer:
        answer.read()
        return answer.code


def _facts() -> dict:
    """Procedure codes commune desks may receive, and dossier codes for the lookup, read from the database."""
    code = ("import json; from thongsuot.procedures.models import Dossier, Procedure; "
            "print(json.dumps({'procedures': list(Procedure.objects.filter(is_active=True, is_internal=False)"
            ".values_list('code', flat=True)[:20]), "
            "'dossiers': list(Dossier.objects.order_by('?').values_list('code', flat=True)[:300])}))")
    out = subprocess.run([sys.executable, "-m", "thongsuot", "shell", "-c", code], env=common.env(),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _dossiers_estimate(port: int, database: str) -> int:
    """The planner's estimate of the dossiers in `database` (its monthly partitions, or the plain table)."""
    return int(float(_psql(port, "SELECT COALESCE(SUM(GREATEST(reltuples, 0)), 0) FROM pg_class WHERE relkind = 'r' "
                                 "AND (relname LIKE 'procedures_dossier_y%' OR relname = 'procedures_dossier')",
                           database) or 0))


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for child in Path("/proc").iterdir():
        if child.name.isdigit():
            try:
                if Path(child, "stat").read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                    pids.append(int(child.name))
            except OSError:
                continue
    return pids


def _psql(port: int, sql: str, database: str = "postgres") -> str:
    return subprocess.run(["su", "postgres", "-c", f'psql -p {port} -d {database} -qtAc "{sql}"'],
                          capture_output=True, text=True, check=True).stdout.strip()


class DatabaseSide:
    """CPU-seconds of the backends serving `database` on a cluster, and its transaction count."""

    def __init__(self, port: int, database: str):
        self.port, self.database = port, database

    def backends(self) -> dict[int, float]:
        pids = _psql(self.port, f"SELECT pid FROM pg_stat_activity WHERE datname = '{self.database}'")
        return {int(p): _cpu_seconds(int(p)) for p in pids.split()}

    def xacts(self) -> int:
        return int(_psql(self.port, "SELECT xact_commit + xact_rollback FROM pg_stat_database "
                                    f"WHERE datname = '{self.database}'") or 0)

    def snapshot(self) -> dict:
        return {"cpu": self.backends(), "xacts": self.xacts()}

    @staticmethod
    def used(before: dict, after: dict) -> tuple[float, int]:
        cpu = sum(seconds - before["cpu"].get(pid, 0.0) for pid, seconds in after["cpu"].items())
        return cpu, after["xacts"] - before["xacts"]


def server(extra_env: dict, workers: int = 2):
    """gunicorn on SERVER_CORE (bench/common.py): yields (base URL, master pid)."""
    return common.gunicorn_process(workers, extra_env, cores=SERVER_CORE)


@contextmanager
def pgbouncer(primary_url: str):
    """PgBouncer in transaction mode on 127.0.0.1:6432 in front of the primary, as the postgres user."""
    url = urllib.parse.urlparse(primary_url)
    folder = Path(tempfile.mkdtemp(prefix="thongsuot-pgbouncer-"))
    (folder / "userlist.txt").write_text(f'"{url.username}" "{url.password}"\n')
    (folder / "pgbouncer.ini").write_text(
        (Path(common.ROOT) / "deploy" / "pgbouncer.ini").read_text()
        .replace("/etc/pgbouncer/userlist.txt", str(folder / "userlist.txt"))
        .replace("thongsuot = host=127.0.0.1 port=5432 dbname=thongsuot",
                 f"{url.path.lstrip('/')} = host={url.hostname} port={url.port or 5432} dbname={url.path.lstrip('/')}")
        .replace("listen_port = 6432", f"listen_port = {PGBOUNCER_PORT}")
        .replace("/var/log/postgresql/pgbouncer.log", str(folder / "pgbouncer.log"))
        .replace("/var/run/postgresql/pgbouncer.pid", str(folder / "pgbouncer.pid")))
    shutil.chown(folder, "postgres")
    for name in ("userlist.txt", "pgbouncer.ini"):
        shutil.chown(folder / name, "postgres")
    process = subprocess.Popen(["runuser", "-u", "postgres", "--", "pgbouncer", str(folder / "pgbouncer.ini")])
    time.sleep(1)
    try:
        yield primary_url.replace(f":{url.port or 5432}/", f":{PGBOUNCER_PORT}/")
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


def _percentile(times: list[float], share: float) -> float:
    return times[max(0, int(len(times) * share) - 1)]


#: The heavy reads alone: what a replica can take off the primary.
HEAVY = ("national home dashboard", "province scorecard", "obstacles overview", "dossier figures", "public lookup")


def run(label: str, base: str, server_pid: int, facts: dict, sides: dict[str, DatabaseSide], users: int,
        seconds: float, max_requests: int, kinds: tuple[str, ...] = tuple(MIX)) -> dict:
    kinds = list(kinds)
    weights = [MIX[k][0] for k in kinds]
    sessions = {}

    def session(persona: str | None, worker: int):
        key = (persona, worker)
        if key not in sessions:
            username = {"xa": COMMUNE_OFFICERS[worker % 3], "tinh": "demo.tinh", "quocgia": "demo.quocgia"}.get(persona)
            sessions[key] = _opener(base, username)
        return sessions[key]

    def one(kind: str, opener, rng: random.Random) -> int:
        if kind.startswith("intake"):
            return _fetch(opener, f"{base}/thu-tuc/ho-so/tiep-nhan/", {
                "procedure": rng.choice(facts["procedures"]), "channel": "1", "applicant_name": "Nguyễn Văn Tải",
                "applicant_phone": "0912345678", "submission_key": f"load-{rng.getrandbits(64):x}"})
        if kind.startswith("case filing"):
            return _fetch(opener, f"{base}/kho-khan/moi/", {
                "title": "Thiếu máy tính cho bộ phận một cửa", "domain": "hq_assets", "severity": "medium",
                "classification": "", "facility_subject": "premises",
                "description": "Bộ phận một cửa thiếu máy tính, cần bổ sung.",
                "submission_key": f"load-{rng.getrandbits(64):x}"})
        path = {"commune desk (GET)": "/thu-tuc/ho-so/", "province review queue (GET)": "/kho-khan/cho-xu-ly/",
                "national home dashboard": "/", "province scorecard": "/chien-dich/01/",
                "obstacles overview": "/kho-khan/tong-hop/", "dossier figures": "/thu-tuc/so-lieu/",
                "public lookup": f"/tra-cuu/?ma={rng.choice(facts['dossiers'] or ['X00000-000000-0000'])}"}[kind]
        return _fetch(opener, base + path)

    # Sign everyone in and warm every page once, outside the measurement.
    for worker in range(users):
        for kind in kinds:
            one(kind, session(MIX[kind][1], worker), random.Random(worker))

    results: dict[str, list[float]] = {kind: [] for kind in kinds}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    count = [0]
    deadline = [0.0]

    def worker_loop(worker: int):
        rng = random.Random(1000 + worker)
        while time.monotonic() < deadline[0]:
            with lock:
                if count[0] >= max_requests:
                    return
                count[0] += 1
            kind = rng.choices(kinds, weights)[0]
            opener = session(MIX[kind][1], worker)
            start = time.perf_counter()
            status = one(kind, opener, rng)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                results[kind].append(elapsed)
                if status >= 400:
                    errors[f"{kind} {status}"] = errors.get(f"{kind} {status}", 0) + 1

    server_pids = _tree(server_pid)
    cpu_before = {pid: _cpu_seconds(pid) for pid in server_pids}
    db_before = {name: side.snapshot() for name, side in sides.items()}
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    deadline[0] = started + seconds
    threads = [threading.Thread(target=worker_loop, args=(w,)) for w in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    server_cpu = sum(_cpu_seconds(pid) - cpu_before.get(pid, 0.0) for pid in _tree(server_pid))
    db_used = {name: DatabaseSide.used(db_before[name], side.snapshot()) for name, side in sides.items()}
    total = sum(len(v) for v in results.values())
    report = {"label": label, "requests": total, "wall": wall, "rps": total / wall, "server_cpu": server_cpu,
              "per_cpu_second": total / server_cpu if server_cpu else 0.0, "db": db_used, "errors": errors,
              "load": (load_before, os.getloadavg()[0]), "kinds": {}}
    print(f"\n== {label}: {total} requests in {wall:.1f} s = {report['rps']:.1f} req/s; gunicorn "
          f"{server_cpu:.1f} CPU-s ({report['per_cpu_second']:.1f} req per server CPU-s); load average "
          f"{load_before:.1f} → {os.getloadavg()[0]:.1f}", flush=True)
    for name, (cpu, xacts) in db_used.items():
        print(f"   PostgreSQL {name}: backends {cpu:.1f} CPU-s ({1000 * cpu / max(total, 1):.1f} ms a request), "
              f"{xacts} transactions ({xacts / max(total, 1):.1f} a request)", flush=True)
    for kind in kinds:
        times = sorted(results[kind])
        if not times:
            continue
        stats = {"n": len(times), "p50": statistics.median(times), "p95": _percentile(times, 0.95),
                 "p99": _percentile(times, 0.99)}
        report["kinds"][kind] = stats
        print(f"   {kind:<32} n {stats['n']:5d}   p50 {stats['p50']:7.1f} ms   p95 {stats['p95']:7.1f} ms"
              f"   p99 {stats['p99']:7.1f} ms", flush=True)
    if errors:
        print(f"   answers ≥ 400: {errors}", flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--requests", type=int, default=20_000, help="at most this many requests per run")
    parser.add_argument("--users", type=int, default=8, help="client threads")
    parser.add_argument("--replica", default="", help="URL of a streaming replica of the same database")
    parser.add_argument("--pgbouncer", action="store_true", help="also run through PgBouncer (transaction mode)")
    parser.add_argument("--json", default="", help="write the reports to this file")
    parser.add_argument("--national", action="store_true",
                        help="on national volumes: seed-national once (skipped when the database already holds "
                             "national volumes of dossiers)")
    parser.add_argument("--national-args", default=" ".join(NATIONAL_ARGS),
                        help="arguments of seed-national with --national (default: %(default)s)")
    args = parser.parse_args()

    primary_url = os.environ.get("THONGSUOT_DATABASE_URL", "")
    if not primary_url.startswith("postgres"):
        sys.exit("bench/load.py measures PostgreSQL: set THONGSUOT_DATABASE_URL")
    if hasattr(os, "sched_setaffinity") and os.cpu_count() and os.cpu_count() > 1:
        os.sched_setaffinity(0, {CLIENT_CORE})
    database = urllib.parse.urlparse(primary_url).path.lstrip("/")
    port = urllib.parse.urlparse(primary_url).port or 5432
    seeded = args.national and _dossiers_estimate(port, database) >= NATIONAL_ALREADY
    common.prepare(national=args.national and not seeded, extra=tuple(args.national_args.split()))
    # The demo seed registers a few dossiers before the months the migration made: give them their
    # months, so that the DEFAULT partition is empty and the dossier list prunes (decisions record 48).
    since = (datetime.date.today() - datetime.timedelta(days=92)).strftime("%Y-%m")
    common.manage("dossier-partitions", "--since", since, "-v0")
    if args.national:
        print(f"national volumes: about {_dossiers_estimate(port, database):,} dossiers", flush=True)
    facts = _facts()
    sides = {"primary": DatabaseSide(urllib.parse.urlparse(primary_url).port or 5432, database)}
    if args.replica:
        sides["replica"] = DatabaseSide(urllib.parse.urlparse(args.replica).port or 5432, database)

    reports = []
    bounds = (args.users, args.seconds, args.requests)
    with server({}) as (base, pid):
        reports.append(run("primary only", base, pid, facts, sides, *bounds))
    if args.replica:
        with server({"THONGSUOT_REPLICA_URLS": args.replica}) as (base, pid):
            reports.append(run("primary + replica (router on)", base, pid, facts, sides, *bounds))
    if args.replica:
        # The heavy reads alone, primary only then with the replica: what the replica takes off.
        with server({}) as (base, pid):
            reports.append(run("heavy reads only, primary only", base, pid, facts, sides, *bounds, kinds=HEAVY))
        with server({"THONGSUOT_REPLICA_URLS": args.replica}) as (base, pid):
            reports.append(run("heavy reads only, primary + replica", base, pid, facts, sides, *bounds,
                               kinds=HEAVY))
    if args.pgbouncer:
        with pgbouncer(primary_url) as pooled_url, \
                server({"THONGSUOT_DATABASE_URL": pooled_url, "THONGSUOT_DB_PREPARED_STATEMENTS": "0",
                        "THONGSUOT_DB_SERVER_SIDE_CURSORS": "0"}) as (base, pid):
            reports.append(run("through PgBouncer (transaction pooling)", base, pid, facts, sides, *bounds))
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
