"""Benchmark the audit chain heads: many provinces filing at once, one chain head against one per province.

Every write of the platform appends an audit event and locks its chain's head row until it commits.
With one head for the whole country (the platform before #14, simulated here by putting every event
in one chain) the provinces' filings queue behind each other; with one head per province they do not.
Both are measured in the same run, alternately, on the same database: N threads, each a commune
officer of a different province, file cases through the real service (`obstacle_create`).

    THONGSUOT_DATABASE_URL=postgres://…/thongsuot_bench python bench/audit_chain.py --threads 8 --cases 40

It prepares the database (migrate, units, demo) on first use, then prints for each layout the
throughput (filings a second) and p50/p95 of one filing, and checks the chains with `audit_verify`.
PostgreSQL only: SQLite serialises every write anyway.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import common  # noqa: E402


def setup_django():
    os.environ.update({k: v for k, v in common.env().items() if k.startswith(("THONGSUOT_", "DJANGO_"))})
    # The filings queue notification mail; send it nowhere (the sender thread still runs, as in a worker).
    os.environ.setdefault("THONGSUOT_EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    import django

    django.setup()


def officers(count: int) -> list:
    """Return one commune officer in each of `count` provinces (made once, named bench.audit.<province>)."""
    from thongsuot.accounts.models import Agency, Membership, Role, User

    people = []
    communes = Agency.objects.filter(level="commune").select_related("province").order_by("province__code", "code")
    seen = set()
    for agency in communes:
        if agency.province_id in seen:
            continue
        seen.add(agency.province_id)
        user, made = User.objects.get_or_create(username=f"bench.audit.{agency.province.code}",
                                                defaults={"full_name": f"Cán bộ thử {agency.province.code}"})
        if made or not hasattr(user, "membership"):
            Membership.objects.get_or_create(user=user, defaults={"agency": agency, "role": Role.OFFICER})
        people.append(user)
        if len(people) == count:
            break
    return people


def run_round(people: list, cases: int) -> tuple[float, list[float]]:
    """Have every officer file `cases` cases at once; return (seconds, the latency of each filing in ms)."""
    from django.db import connections

    from thongsuot.accounts.models import User
    from thongsuot.obstacles.services import obstacle_create

    barrier = threading.Barrier(len(people) + 1)
    times: list[float] = []
    errors: list[Exception] = []
    lock = threading.Lock()

    def work(pk: int):
        try:
            actor = User.objects.get(pk=pk)
            mine = []
            barrier.wait()
            for n in range(cases):
                started = time.perf_counter()
                obstacle_create(actor=actor, title=f"Thiếu thiết bị một cửa {n}",
                                description="Bộ phận một cửa thiếu máy quét tài liệu.", domain="equipment_it")
                mine.append((time.perf_counter() - started) * 1000)
            with lock:
                times.extend(mine)
        except Exception as error:  # noqa: BLE001 - reported after the round
            errors.append(error)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(user.pk,)) for user in people]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return elapsed, times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=8, help="provinces filing at once")
    parser.add_argument("--cases", type=int, default=40, help="cases each province files per round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each layout, alternating")
    parser.add_argument("--no-prepare", action="store_true", help="the database is already prepared")
    args = parser.parse_args()
    if not os.environ.get("THONGSUOT_DATABASE_URL", "").startswith("postgres"):
        print("skipped: PostgreSQL only (set THONGSUOT_DATABASE_URL=postgres://…); SQLite serialises every write")
        return
    if not args.no_prepare:
        common.prepare()
    setup_django()
    from thongsuot.audit import services

    per_province = services.chain_for
    layouts = {"one head for the country (before)": lambda agency: "bench:single",
               "one head per province (after)": per_province}
    people = officers(args.threads)
    run_round(people, 2)  # warm up: connections, caches, the provinces' heads
    results = {label: ([], 0.0, 0) for label in layouts}
    for _ in range(args.rounds):
        for label, chain_for in layouts.items():
            services.chain_for = chain_for
            try:
                elapsed, times = run_round(people, args.cases)
            finally:
                services.chain_for = per_province
            all_times, seconds, count = results[label]
            results[label] = (all_times + times, seconds + elapsed, count + len(times))
    print(f"{len(people)} provinces filing at once, {args.cases} cases each per round, {args.rounds} rounds "
          f"per layout, PostgreSQL", flush=True)
    for label, (times, seconds, count) in results.items():
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{label:<36} {count / seconds:7.1f} filings/s   p50 {statistics.median(times):6.1f} ms   "
              f"p95 {p95:6.1f} ms   (n={count})", flush=True)
    verdict = services.audit_verify()
    print(services.audit_verify_summary(verdict), flush=True)
    sys.exit(0 if verdict.ok else 1)


if __name__ == "__main__":
    main()
