"""Benchmark the obstacles app on national-scale data, served by gunicorn (2 workers),
measured from a client over loopback.

Prepare a database first (SQLite by default, PostgreSQL with THONGSUOT_DATABASE_URL):

    export PYTHONPATH=$PWD/src THONGSUOT_VAR_DIR=/tmp/var-bench
    python -m thongsuot migrate -v0 && python -m thongsuot createcachetable
    python -m thongsuot load-units && python -m thongsuot seed-demo && python -m thongsuot seed-national
    python bench/obstacles.py --requests 300

It prints p50/p95 for:
  - queue     the largest province's "waiting for us" queue, first page, complete HTML (target p95 ≤ 60 ms)
  - overview  the national overview: counts by status, domain, level, province, overdue (p95 ≤ 150 ms)
  - file      filing a case through the API (p95 ≤ 20 ms)

With --cpu it also prints the CPU time of the same requests made in-process (useful on a shared,
loaded machine, where wall-clock tails mostly measure waiting for a core).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

TARGETS = {"queue": 60.0, "overview": 150.0, "file": 20.0}


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongsuot.config.settings")
    import django

    django.setup()


def prepare() -> dict:
    """Find the largest province queue and make a session or token for each persona measured."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from thongsuot.accounts.middleware import SESSION_OK
    from thongsuot.accounts.models import Agency, Membership, Role, User
    from thongsuot.obstacles.models import OPEN_STATUSES, Obstacle

    largest = (Obstacle.objects.filter(level="province", status__in=OPEN_STATUSES).values("responsible_agency")
               .annotate(n=Count("id")).order_by("-n").first())
    if largest is None:
        sys.exit("Chưa có dữ liệu quy mô toàn quốc: chạy `thongsuot seed-national` trước.")
    province_agency = Agency.objects.get(pk=largest["responsible_agency"])
    leader = Membership.objects.filter(agency=province_agency, role=Role.LEADER).select_related("user").first()
    if leader is None:
        sys.exit(f"Không có lãnh đạo nào của {province_agency.name}.")
    national = User.objects.get(username="demo.quocgia")
    officer = Membership.objects.filter(agency__level="commune", role=Role.OFFICER).select_related("user").first()
    store = import_module(settings.SESSION_ENGINE).SessionStore

    def session_for(user) -> str:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_OK] = True
        session.create()
        return session.session_key

    token, _ = Token.objects.get_or_create(user=officer.user)
    return {"province": province_agency.name, "queue_size": largest["n"], "total": Obstacle.objects.count(),
            "province_session": session_for(leader.user), "national_session": session_for(national),
            "token": token.key, "cookie_name": settings.SESSION_COOKIE_NAME}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thongsuot.config.settings"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen([gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                               "thongsuot.config.wsgi:application"], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/dang-nhap/")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("gunicorn không khởi động được.")


def measure(port: int, n: int, method: str, path: str, headers: dict, body_fn=None, expect=200) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for i in range(n + 10):  # the first 10 warm both workers up and are not counted
        body = body_fn() if body_fn else None
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != expect:
            sys.exit(f"{method} {path} → {response.status}: {content[:300]!r}")
        if i >= 10:
            times.append(elapsed)
    conn.close()
    return times


def report(name: str, times: list[float], unit: str = "ms") -> tuple[float, float]:
    times = sorted(times)
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    verdict = "đạt" if p95 <= TARGETS[name] else "CHƯA ĐẠT"
    print(f"{name:<9} p50 {p50:7.1f} {unit}   p95 {p95:7.1f} {unit}   "
          f"(mục tiêu p95 ≤ {TARGETS[name]:.0f} ms: {verdict})")
    return p50, p95


def measure_cpu(info: dict, n: int) -> None:
    """Measure the same three requests in this process, as CPU time: on a shared, loaded machine
    this shows what a request costs, apart from waiting for a core."""
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    cookie = info["cookie_name"]
    clients = {"queue": ("/kho-khan/cho-xu-ly/", info["province_session"]),
               "overview": ("/kho-khan/tong-hop/", info["national_session"])}
    for name, (path, session) in clients.items():
        client = Client()
        client.cookies[cookie] = session
        times = []
        for i in range(n + 10):
            start = time.process_time()
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path} → {response.status_code}")
            if i >= 10:
                times.append((time.process_time() - start) * 1000)
        report(name, times, unit="ms CPU")
    client = Client(HTTP_AUTHORIZATION=f"Token {info['token']}")
    times = []
    for i in range(n + 10):
        body = {"title": "Thiếu máy tính (đo hiệu năng)", "domain": "equipment_it", "description": "bench",
                "facility_subject": "equipment", "equipment_category": "may_tinh",
                "idempotency_key": uuid.uuid4().hex}
        start = time.process_time()
        response = client.post("/api/obstacles/", body, content_type="application/json")
        if response.status_code != 201:
            sys.exit(f"/api/obstacles/ → {response.status_code}")
        if i >= 10:
            times.append((time.process_time() - start) * 1000)
    report("file", times, unit="ms CPU")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cpu", action="store_true",
                        help="Đo thêm thời gian CPU của từng yêu cầu ngay trong tiến trình (máy dùng chung, tải cao).")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    os.environ.setdefault("THONGSUOT_STATIC_ROOT", str(Path(settings.STATIC_ROOT)))
    call_command("collectstatic", "--noinput", verbosity=0)
    info = prepare()
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Cơ sở dữ liệu: {vendor}; {info['total']} khó khăn; hàng chờ lớn nhất: {info['province']} "
          f"({info['queue_size']} hồ sơ ở cấp tỉnh)")
    port = args.port or free_port()
    server = start_server(port)
    try:
        cookie = info["cookie_name"]
        report("queue", measure(port, args.requests, "GET", "/kho-khan/cho-xu-ly/",
                                {"Cookie": f"{cookie}={info['province_session']}"}))
        report("overview", measure(port, args.requests, "GET", "/kho-khan/tong-hop/",
                                   {"Cookie": f"{cookie}={info['national_session']}"}))

        def filing():
            return json.dumps({"title": "Thiếu máy tính (đo hiệu năng)", "domain": "equipment_it",
                               "facility_subject": "equipment", "equipment_category": "may_tinh",
                               "description": "Bản ghi tạo bởi bench/obstacles.py.", "severity": "medium"})

        headers = {"Authorization": f"Token {info['token']}", "Content-Type": "application/json"}
        conn_headers = dict(headers)

        def body_with_key():
            conn_headers["Idempotency-Key"] = uuid.uuid4().hex
            return filing()

        report("file", measure(port, args.requests, "POST", "/api/obstacles/", conn_headers, body_with_key,
                               expect=201))
    finally:
        server.terminate()
        server.wait(10)
    if args.cpu:
        print("Trong tiến trình (thời gian CPU, không tính chờ lõi CPU):")
        measure_cpu(info, args.requests)


if __name__ == "__main__":
    main()
