"""Campaign scorecard, charts and map at national scale (issue 16).

Targets: the national scorecard and dashboard pages p95 ≤ 100 ms, a province's ≤ 60 ms, at the
volumes of `seed-national` on PostgreSQL; the map page ≤ 150 KB. Uses the shared harness
(bench/common.py: gunicorn -w 2 on data seeded once per database); takes a snapshot first so the
charts have a day to draw.
"""

from __future__ import annotations

import subprocess
import sys
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


def main() -> int:
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
