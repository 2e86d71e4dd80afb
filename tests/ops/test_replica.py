"""Heavy reads on a real PostgreSQL streaming replica (core/db.py, decisions record 47).

Runs only when THONGSUOT_REPLICA_URLS names the replica (.ci/run makes one with .ci/replica and
points it at the same test database: the replica copies the whole cluster, so the test database
pytest-django creates on the primary appears on it — `TEST: {"MIRROR": "default"}` in settings
gives the replica alias that name, over its own connection to port 5433). The tests commit for
real (transaction=True), since a replica only ever sees committed rows.

THONGSUOT_TEST_REPLICA_CLUSTER ("15 replica", a Debian cluster this process may control as root)
lets the tests pause the replica's replay and stop it; without it those tests are skipped.

    THONGSUOT_DATABASE_URL=postgres://thongsuot:thongsuot@127.0.0.1:5432/thongsuot \
    THONGSUOT_REPLICA_URLS=postgres://thongsuot:thongsuot@127.0.0.1:5433/thongsuot \
    THONGSUOT_TEST_REPLICA_CLUSTER="15 replica" pytest tests/ops/test_replica.py
"""

import os
import subprocess
import time

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from thongsuot.core import db as replica_db
from thongsuot.procedures.models import Dossier

CLUSTER = os.environ.get("THONGSUOT_TEST_REPLICA_CLUSTER", "")
REPLICA = "replica_1"

pytestmark = [
    pytest.mark.skipif(not os.environ.get("THONGSUOT_REPLICA_URLS"), reason="no replica (THONGSUOT_REPLICA_URLS)"),
    pytest.mark.django_db(transaction=True, databases="__all__"),
]
needs_control = pytest.mark.skipif(not CLUSTER, reason="replica not under control (THONGSUOT_TEST_REPLICA_CLUSTER)")


def on_replica_as_superuser(sql: str) -> str:
    version, name = CLUSTER.split()
    port = subprocess.run(["pg_conftool", "-s", version, name, "show", "port"], capture_output=True, text=True,
                          check=True).stdout.strip()
    return subprocess.run(["su", "postgres", "-c", f'psql -p {port} -qtAc "{sql}"'], capture_output=True,
                          text=True, check=True).stdout.strip()


def wait_replayed(timeout: float = 20) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up")


def replica_server() -> tuple[bool, str]:
    """Ask the server behind the replica alias whether it is a standby, and what it calls this session."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), application_name FROM pg_stat_activity "
                       "WHERE pid = pg_backend_pid()")
        return cursor.fetchone()


@pytest.fixture(autouse=True)
def _fresh_status(settings):
    settings.REPLICA_CHECK_SECONDS = 5
    replica_db.forget_replica_status()
    yield
    replica_db.forget_replica_status()


@pytest.fixture
def replay_paused():
    on_replica_as_superuser("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        on_replica_as_superuser("SELECT pg_wal_replay_resume()")


def test_a_dashboard_is_read_from_the_replica(client_for):
    wait_replayed()
    client = client_for("demo.tinh")
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        assert client.get("/chien-dich/01/").status_code == 200
    assert len(on_replica) > 0
    # Checked on the server: the connection the page used is a standby's, under the replica's name.
    assert replica_server() == (True, "thongsuot-replica-1")
    # The session and the signed-in user stay on the primary; what the scorecard reads does not.
    assert [q for q in on_replica if '"directives_directive"' in q["sql"]]
    assert not [q for q in on_primary if '"directives_directive"' in q["sql"]]
    # A large export is read there too; its audit event is written on the primary.
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get("/kho-khan/?xuat=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert [q for q in on_replica if '"obstacles_obstacle"' in q["sql"]]
    # A page not marked heavy never touches the replica.
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get("/thu-tuc/ho-so/").status_code == 200
    assert len(on_replica) == 0


@needs_control
def test_whoever_wrote_reads_their_write_from_the_primary(client_for, settings, replay_paused):
    from thongsuot.procedures.models import OnlineLevel, Procedure, ProcedureField

    settings.REPLICA_MAX_LAG_SECONDS = 3600  # the replica stays usable while it is held back
    Procedure.objects.create(code="1.009001", name="Thủ tục thử nghiệm", sector=ProcedureField.CIVIL_STATUS,
                             time_limit_days=3, online_level=OnlineLevel.FULL)
    officer = client_for("demo.xa")
    key = officer.get("/thu-tuc/ho-so/tiep-nhan/").context["form"]["submission_key"].initial
    response = officer.post("/thu-tuc/ho-so/tiep-nhan/", {
        "procedure": "1.009001", "channel": "1", "applicant_name": "Trần Văn Bình",
        "applicant_phone": "0987654321", "submission_key": key})
    assert response.status_code == 302 and replica_db.PIN_COOKIE in response.cookies
    code = Dossier.objects.get().code

    # The officer who just received it finds it at once: pinned to the primary.
    assert code in officer.get(f"/tra-cuu/?ma={code}").content.decode()
    # Anyone else reads the replica, which has not replayed it yet (its replay is paused).
    assert "Không tìm thấy hồ sơ" in Client().get(f"/tra-cuu/?ma={code}").content.decode()
    on_replica_as_superuser("SELECT pg_wal_replay_resume()")
    wait_replayed()
    assert "Không tìm thấy hồ sơ" not in Client().get(f"/tra-cuu/?ma={code}").content.decode()


@needs_control
def test_an_api_client_that_wrote_reads_its_write_from_the_primary(api_for, settings, replay_paused):
    """A token client carries no cookie: the pin is a mark in the shared cache under its header's digest."""
    settings.REPLICA_MAX_LAG_SECONDS = 3600  # the replica stays usable while it is held back
    officer, other = api_for("demo.xa"), api_for("demo.xa2")
    before = officer.get("/api/obstacles/overview/").data["total"]
    created = officer.post("/api/obstacles/", {
        "title": "Thiếu công chức địa chính", "description": "Phường chưa có công chức địa chính.",
        "domain": "org_staff", "severity": "high", "staff_field": "land", "headcount_needed": 1}, format="json")
    assert created.status_code == 201
    officer.cookies.clear()  # like most API clients, it keeps no cookie (the test client would send ts_pin back)
    # The officer's next read of a heavy endpoint stays on the primary and counts the new case.
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert officer.get("/api/obstacles/overview/").data["total"] == before + 1
    assert [q for q in on_replica if '"obstacles_' in q["sql"]] == []
    # Another client, which wrote nothing, is served by the replica (still without the new case).
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert other.get("/api/obstacles/overview/").status_code == 200
    assert [q for q in on_replica if '"obstacles_' in q["sql"]]
    # A header that names no user sets no mark (a forged header only costs its bearer replica reads).
    forged = api_for("demo.xa2")
    forged.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    refused = forged.post("/api/obstacles/", {}, format="json")
    assert refused.status_code in (401, 403)
    assert cache.get(replica_db._client_pin_key(refused.wsgi_request)) is None


@needs_control
def test_a_lagging_replica_is_skipped_and_healthz_says_so(client_for, settings, replay_paused):
    settings.REPLICA_MAX_LAG_SECONDS = 0
    client_for("demo.xa")  # a write the paused replica receives but does not replay
    client = client_for("demo.tinh")
    time.sleep(0.2)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get("/chien-dich/01/").status_code == 200
    assert [q for q in on_replica if "pg_is_in_recovery" not in q["sql"]] == []
    body = Client().get("/healthz").json()
    assert body["checks"]["replicas"][REPLICA]["lag_seconds"] > 0
    assert "replica_lagging" in {problem["code"] for problem in body["problems"]}


@needs_control
def test_pages_answer_from_the_primary_when_the_replica_is_down(client_for):
    version, name = CLUSTER.split()
    wait_replayed()
    client = client_for("demo.tinh")
    assert client.get("/chien-dich/01/").status_code == 200  # the replica is known good and connected
    subprocess.run(["pg_ctlcluster", version, name, "stop", "-m", "fast"], check=True)
    try:
        # It is still believed good: the dead connection fails, the page is read again from the primary.
        assert client.get("/chien-dich/01/").status_code == 200
        # Then it is skipped until a check finds it back.
        with CaptureQueriesContext(connections["default"]) as on_primary:
            assert client.get("/chien-dich/01/").status_code == 200
        assert len(on_primary) > 0
        replica_db.forget_replica_status()
        assert Client().get("/tra-cuu/?ma=X00070-251103-0001").status_code == 200
        body = Client().get("/healthz").json()
        assert body["status"] == "degraded" and body["checks"]["replicas"][REPLICA]["lag_seconds"] is None
        assert "replica_unavailable" in {problem["code"] for problem in body["problems"]}
    finally:
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=True)
        connections[REPLICA].close()
    wait_replayed(timeout=60)
