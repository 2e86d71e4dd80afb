"""GET /healthz, as a load balancer and the province's monitoring see it."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, ProgrammingError, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone

from thongsuot.notifications.models import OutgoingEmail
from thongsuot.ops import health
from thongsuot.ops.models import BackupRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_migration_cache():
    health.forget_migrations_cache()
    yield
    health.forget_migrations_cache()


def backed_up(hours_ago: float = 1) -> BackupRun:
    finished = timezone.now() - timedelta(hours=hours_ago)
    return BackupRun.objects.create(started_at=finished - timedelta(minutes=2), finished_at=finished,
                                    path="/srv/thongsuot/backups/x.tar", size_bytes=1, ok=True)


def probe(client=None):
    response = (client or Client()).get("/healthz")
    return response, response.json()


def codes(body) -> set[str]:
    return {problem["code"] for problem in body["problems"]}


def test_healthy_platform_answers_200_ok_without_cookie_or_cache():
    """A healthy node says ok, sets no cookie, and forbids any cache from answering for it."""
    backed_up()
    response, body = probe()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["problems"] == []
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True, "unapplied": 0}
    assert body["checks"]["backup"]["ok"] is True
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_head_probe_is_answered():
    """Some load balancers probe with HEAD."""
    backed_up()
    assert Client().head("/healthz").status_code == 200


def test_pending_migration_takes_the_node_out_with_503():
    """Code that expects migrations the database lacks must not serve: 503 and a Vietnamese reason."""
    backed_up()
    with mock.patch.object(health, "unapplied_migrations", return_value=["ops.0002_future"]):
        response, body = probe()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["migrations"] == {"ok": False, "unapplied": 1}
    [problem] = body["problems"]
    assert problem == {"code": "migrations_pending", "severity": "error",
                       "message": "Còn 1 ứng dụng chưa cập nhật cấu trúc cơ sở dữ liệu; "
                                  "hãy chạy `thongsuot migrate`."}


def test_unapplied_migrations_compares_graph_leaves_with_the_database():
    """The check reads the migration graph's leaves against django_migrations, and finds a missing one."""
    assert health.unapplied_migrations() == []
    health.forget_migrations_cache()
    leaf = next(name for app, name in health._leaf_migrations() if app == "ops")
    MigrationRecorder(connections["default"]).migration_qs.filter(app="ops", name=leaf).delete()
    assert health.unapplied_migrations() == [f"ops.{leaf}"]


def test_a_good_migration_answer_is_cached_briefly():
    """Once all migrations are applied, the next probes within a minute ask the database nothing more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert health.unapplied_migrations() == []
    with CaptureQueriesContext(connection) as queries:
        assert health.unapplied_migrations() == []
    assert len(queries) == 0


def test_database_unreachable_answers_503():
    """When the database does not answer, the node is out (503) and says why."""
    with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("connection refused")):
        response, body = probe()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"] == {"database": {"ok": False}}
    assert body["problems"] == [{"code": "database_unavailable", "severity": "error",
                                 "message": "Không kết nối được cơ sở dữ liệu."}]


def test_a_failing_check_query_answers_503():
    """Connected, but a checked table is missing (a database nobody migrated): 503, not a 500 page."""
    with mock.patch.object(health, "outbox_backlog", side_effect=ProgrammingError("no such table")):
        response, body = probe()
    assert response.status_code == 503
    assert body["checks"] == {"database": {"ok": True}, "migrations": {"ok": False}}
    assert [problem["code"] for problem in body["problems"]] == ["database_query_failed"]


def test_no_backup_is_a_warning_not_an_outage():
    """No backup yet: every node would say the same, so it stays in rotation (200, degraded)."""
    response, body = probe()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["backup"] == {"ok": False, "age_hours": None}
    assert body["problems"] == [{"code": "backup_missing", "severity": "warning",
                                 "message": "Chưa có lần sao lưu nào thành công."}]


def test_stale_backup_is_a_warning(settings):
    """A last good backup older than THONGSUOT_HEALTH_MAX_BACKUP_AGE_HOURS is reported, with 200."""
    settings.HEALTH_MAX_BACKUP_AGE_HOURS = 26
    backed_up(hours_ago=30)
    BackupRun.objects.create(started_at=timezone.now(), path="/x", ok=False, error="hết chỗ trống")
    response, body = probe()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["backup"] == {"ok": False, "age_hours": 30.0}
    assert codes(body) == {"backup_stale"}
    assert body["problems"][0]["message"] == "Lần sao lưu thành công gần nhất cách đây 30 giờ (ngưỡng 26 giờ)."


def queue_mail(minutes_ago: float, **fields) -> OutgoingEmail:
    mail = OutgoingEmail.objects.create(subject="Nhắc việc", body="…", from_email="a@b.vn",
                                        recipients=["c@d.vn"], **fields)
    OutgoingEmail.objects.filter(pk=mail.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago),
                                                    next_attempt_at=timezone.now() - timedelta(minutes=1))
    return mail


def test_stale_outbox_is_a_warning(settings):
    """Mail due for longer than the threshold is reported (200, degraded); sent and given-up mail is not due."""
    settings.HEALTH_MAX_OUTBOX_AGE_MINUTES = 30
    backed_up()
    queue_mail(minutes_ago=45)
    queue_mail(minutes_ago=5)
    queue_mail(minutes_ago=300, sent_at=timezone.now())
    queue_mail(minutes_ago=600, attempts=8)
    response, body = probe()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    outbox = body["checks"]["outbox"]
    assert (outbox["ok"], outbox["due"], outbox["given_up"]) == (False, 2, 1)
    assert 44.9 <= outbox["oldest_age_minutes"] <= 46
    assert codes(body) == {"outbox_stale"}
    assert body["problems"][0]["message"].startswith("Thư điện tử chờ gửi lâu nhất đã chờ 45 phút (ngưỡng 30 phút)")


def test_outbox_backlog_over_threshold_is_a_warning(settings):
    settings.HEALTH_MAX_OUTBOX_BACKLOG = 1
    backed_up()
    queue_mail(minutes_ago=1)
    queue_mail(minutes_ago=1)
    response, body = probe()
    assert response.status_code == 200
    assert codes(body) == {"outbox_backlog"}
    assert body["problems"][0]["message"] == "Có 2 thư điện tử đến hạn mà chưa gửi (ngưỡng 1)."


def test_mail_not_yet_due_for_retry_is_not_backlog():
    backed_up()
    mail = queue_mail(minutes_ago=90)
    OutgoingEmail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=30), attempts=3)
    _, body = probe()
    assert body["checks"]["outbox"] == {"ok": True, "due": 0, "oldest_age_minutes": None, "given_up": 0}


@pytest.fixture
def production(settings):
    """The settings THONGSUOT_PRODUCTION=1 gives: HTTPS behind a proxy, SSL redirect, 2FA for senior roles."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.REQUIRE_2FA = True
    settings.ALLOWED_HOSTS = ["thongsuot.example.gov.vn"]
    return settings


def test_plain_http_probe_is_not_redirected_in_production(production):
    """A load balancer probes plain HTTP: /healthz answers 200 where every other page redirects to HTTPS."""
    backed_up()
    client = Client(HTTP_HOST="thongsuot.example.gov.vn")  # a new client loads the middleware with these settings
    assert client.get("/dang-nhap/").status_code == 301
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "Set-Cookie" not in response.headers


def test_signed_in_senior_user_without_second_factor_is_not_held(production, persona):
    """The two-factor middleware holds a leader without an authenticator everywhere but /healthz."""
    backed_up()
    client = Client(HTTP_HOST="thongsuot.example.gov.vn", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(persona("demo.quocgia"))
    assert client.get("/").status_code == 302
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_a_probe_costs_four_small_queries(django_assert_max_num_queries):
    """Once the migration answer is cached: SELECT 1, the outbox's two counts and the last backup."""
    backed_up()
    probe()
    with django_assert_max_num_queries(4):
        response, _ = probe()
    assert response.status_code == 200
