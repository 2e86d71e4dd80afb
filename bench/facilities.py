"""Facilities figures at national scale: the national overview, the readiness list, the API summary.

Target (issue 7): national facilities and readiness overview, p95 server time ≤ 150 ms.

With bench/common.py present (the shared harness) the pages are served by gunicorn -w 2 on data
seeded once per database. Without it, the script measures server time in process with Django's
test client on the database THONGSUOT_DATABASE_URL / THONGSUOT_VAR_DIR point to, seeding it first
if it has no premises. Either way it prints p50/p95 per page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

PAGES = [
    ("GET /co-so-vat-chat/ (national overview, demo.quocgia)", "demo.quocgia", "/co-so-vat-chat/"),
    ("GET /co-so-vat-chat/san-sang/ (least ready first, national)", "demo.quocgia", "/co-so-vat-chat/san-sang/"),
    ("GET /api/facilities/summary/ (national)", "demo.quocgia", "/api/facilities/summary/"),
    ("GET /co-so-vat-chat/ (province overview, Hà Nội)", "demo.tinh", "/co-so-vat-chat/"),
    ("GET /co-so-vat-chat/tru-so/?plan_state=remaining (national)", "demo.quocgia",
     "/co-so-vat-chat/tru-so/?plan_state=remaining"),
]


def _report(label: str, times: list[float]) -> None:
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{label:<62} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   (n={len(times)})", flush=True)


def with_harness(common) -> None:
    common.prepare(national=True)
    with common.gunicorn() as base:
        openers = {}
        for label, username, url in PAGES:
            opener = openers.setdefault(username, common.session_opener(base, username))
            common.measure(label, lambda o=opener, u=url: o.open(f"{base}{u}").read(), n=100)


def in_process(n: int = 100) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongsuot.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Server time only: static files are not served here, so skip the collectstatic manifest.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    from django.test import Client

    from thongsuot.accounts.middleware import SESSION_OK
    from thongsuot.accounts.models import User
    from thongsuot.facilities.models import Facility
    from thongsuot.geo.models import Commune

    if not Commune.objects.exists():
        call_command("migrate", verbosity=0)
        call_command("createcachetable")
        call_command("load_units")
    if Facility.objects.count() < 30_000:
        call_command("seed_demo")
        call_command("seed_national", skip_users=True)
    print(f"{Facility.objects.count()} premises, {Facility.objects.filter(status='du_doi').count()} surplus")
    clients = {}
    for label, username, url in PAGES:
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            client.force_login(User.objects.get(username=username))
            session = client.session
            session[SESSION_OK] = True
            session.save()
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(n):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        _report(label, times)


if __name__ == "__main__":
    try:
        import common  # the shared harness, when present
    except ImportError:
        in_process()
    else:
        with_harness(common)
