"""The replica router's rules, without a replica (core/db.py); tests/ops/test_replica.py runs them on a real one."""

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from thongsuot.accounts.models import User
from thongsuot.core import db
from thongsuot.procedures.models import Dossier

factory = RequestFactory()


@pytest.fixture
def replicas(monkeypatch, settings):
    """Two replicas named in settings, with lags the test sets: replicas["replica_1"] = 0.5 (None: down)."""
    lags = {"replica_1": 0.0, "replica_2": None}
    monkeypatch.setattr(db, "replica_aliases", lambda: list(lags))
    monkeypatch.setattr(db, "replica_lag", lambda alias: lags[alias])
    settings.REPLICA_MAX_LAG_SECONDS = 10
    return lags


def test_without_replicas_nothing_is_installed_and_nothing_changes():
    assert django_settings.REPLICA_DATABASES == []
    assert django_settings.DATABASE_ROUTERS == []
    assert "thongsuot.core.db.ReplicaPinMiddleware" not in django_settings.MIDDLEWARE
    assert db.read_alias(Dossier) == "default"
    view = db.replica_reads(lambda request: HttpResponse("ok"))
    assert view(factory.get("/")).content == b"ok"


def test_only_heavy_reads_go_to_a_usable_replica(replicas):
    router = db.ReplicaRouter()
    assert router.db_for_read(Dossier) == "default"
    with db.read_from_replica():
        assert router.db_for_read(Dossier) == "replica_1"      # replica_2 is down
        assert router.db_for_write(Dossier) == "default"
        assert router.db_for_read(User) == "replica_1"
        from django.contrib.sessions.models import Session
        assert router.db_for_read(Session) == "default"        # written on every request
        replicas["replica_1"] = 11.0                             # lags beyond the threshold
        assert router.db_for_read(Dossier) == "default"
    assert router.allow_migrate("replica_1", "procedures") is False
    assert router.allow_migrate("default", "procedures") is True


def test_a_pinned_browser_reads_the_primary(replicas):
    router = db.ReplicaRouter()
    with db.read_from_replica(), db.pinned_to_primary():
        assert router.db_for_read(Dossier) == "default"


def test_a_write_pins_the_browser_for_a_short_while(replicas, settings):
    settings.REPLICA_PIN_SECONDS = 15
    seen = []

    def view(request):
        seen.append(db._pinned.get())
        return HttpResponse("ok")

    middleware = db.ReplicaPinMiddleware(view)
    assert db.PIN_COOKIE not in middleware(factory.get("/")).cookies
    response = middleware(factory.post("/"))
    assert response.cookies[db.PIN_COOKIE]["max-age"] == 15
    pinned = factory.get("/")
    pinned.COOKIES[db.PIN_COOKIE] = "1"
    middleware(pinned)
    assert seen == [False, True, True]
    assert db._pinned.get() is False


def test_a_heavy_view_meeting_a_dead_replica_answers_from_the_primary(replicas, monkeypatch):
    downed = []
    monkeypatch.setattr(db, "mark_down", downed.append)
    calls = []

    @db.replica_reads
    def view(request):
        alias = db.ReplicaRouter().db_for_read(Dossier)
        calls.append(alias)
        if alias != "default":
            raise OperationalError("server closed the connection unexpectedly")
        return HttpResponse("ok")

    assert view(factory.get("/")).content == b"ok"
    assert calls == ["replica_1", "default"] and downed == ["replica_1"]
