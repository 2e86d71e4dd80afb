"""Sign-in limits that hold: the window the message names, and no more password checks than the limit.

The counters live in the database (accounts.signin, `SignInCounter`); an attempt takes its place in
them before its password is checked.
"""

import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import authenticate as real_authenticate
from django.db import connection, connections
from django.test import Client
from rest_framework.test import APIClient

from thongsuot.accounts import views as account_views
from thongsuot.api import views as api_views

PASSWORD = "thongsuot-demo"
THROTTLED = "Bạn đã đăng nhập sai quá nhiều lần"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
WINDOW = 15 * 60


def sign_in(username, password=PASSWORD, address="203.0.113.9"):
    return Client(REMOTE_ADDR=address).post("/dang-nhap/", {"username": username, "password": password})


def minutes_named(response) -> str:
    body = response.content.decode()
    assert THROTTLED in body
    return body.split("Vui lòng thử lại sau ")[1].split(" phút")[0]


@pytest.fixture
def limits(settings):
    settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT = 5
    settings.SIGNIN_MAX_FAILURES_PER_IP = 20
    settings.SIGNIN_WINDOW_SECONDS = WINDOW


def test_the_lockout_lasts_the_window_the_message_names(db, limits):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            assert sign_in("demo.xa", "sai").status_code == 400
        locked = sign_in("demo.xa")
        assert locked.status_code == 429 and minutes_named(locked) == "15"
        clock.move_to(START + timedelta(seconds=600))
        assert minutes_named(sign_in("demo.xa")) == "5"        # the minutes left, not the whole window again
        clock.move_to(START + timedelta(seconds=WINDOW - 1))
        last = sign_in("demo.xa")
        assert last.status_code == 429 and minutes_named(last) == "1"
        clock.move_to(START + timedelta(seconds=WINDOW + 1))
        assert sign_in("demo.xa").status_code == 302


def test_the_window_runs_from_its_first_failure_and_later_failures_do_not_move_it(db, limits):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(4):
            sign_in("demo.xa", "sai")
        clock.move_to(START + timedelta(seconds=600))
        sign_in("demo.xa", "sai")                               # the fifth, ten minutes later
        assert sign_in("demo.xa").status_code == 429
        clock.move_to(START + timedelta(seconds=WINDOW - 1))
        assert sign_in("demo.xa").status_code == 429
        clock.move_to(START + timedelta(seconds=WINDOW + 1))
        assert sign_in("demo.xa").status_code == 302


def test_the_api_token_endpoint_keeps_the_same_window(db, limits):
    def token(password):
        return APIClient(REMOTE_ADDR="203.0.113.9").post("/api/auth/token/", {"username": "demo.xa",
                                                                               "password": password})

    with time_machine.travel(START, tick=False) as clock:
        assert [token("sai").status_code for _ in range(5)] == [400] * 5
        refused = token(PASSWORD)
        assert refused.status_code == 429 and "15 phút" in refused.json()["detail"]
        clock.move_to(START + timedelta(seconds=WINDOW - 1))
        assert token(PASSWORD).status_code == 429
        clock.move_to(START + timedelta(seconds=WINDOW + 1))
        assert token(PASSWORD).status_code == 200


def test_successful_sign_ins_and_refusals_do_not_use_up_the_address(db, settings, limits):
    settings.SIGNIN_MAX_FAILURES_PER_IP = 3
    settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT = 2
    for username in ("demo.xa", "demo.xa2", "demo.tinh", "demo.xa", "demo.xa2"):
        assert sign_in(username).status_code == 302
    sign_in("ai.do", "sai")
    sign_in("ai.do", "sai")
    assert sign_in("ai.do", "sai").status_code == 429          # the account is locked ...
    assert sign_in("ai.do", "sai").status_code == 429
    assert sign_in("demo.xa", "sai").status_code == 400        # ... and the address has one failure left
    assert sign_in("demo.tinh", "sai").status_code == 429


@pytest.fixture
def counted_checks(monkeypatch):
    """Count the password checks the sign-in view makes."""
    checks = []

    def authenticate(request, **credentials):
        checks.append(credentials["username"])
        return real_authenticate(request, **credentials)

    monkeypatch.setattr(account_views, "authenticate", authenticate)
    monkeypatch.setattr(api_views, "authenticate", authenticate)
    return checks


def test_thirty_attempts_in_flight_check_at_most_the_limit_of_passwords(db, limits, monkeypatch):
    """Each attempt arrives while every earlier one is still checking its password (on any database).

    The first 29 attempts' checks each let the next attempt in before they finish; an attempt that
    read the counter before the earlier ones wrote it would check its password too.
    """
    depth = sys.getrecursionlimit()
    sys.setrecursionlimit(max(depth, 20_000))       # thirty requests nested in one another
    pending = list(range(29))
    statuses, checks = [], []

    def authenticate(request, **credentials):
        checks.append(credentials["username"])
        while pending:                          # the others arrive before this check is done
            pending.pop()
            statuses.append(sign_in("demo.xa", "sai").status_code)
        return real_authenticate(request, **credentials)

    monkeypatch.setattr(account_views, "authenticate", authenticate)
    try:
        statuses.append(sign_in("demo.xa", "sai").status_code)
    finally:
        sys.setrecursionlimit(depth)
    assert len(statuses) == 30
    assert len(checks) <= 5
    assert statuses.count(400) == len(checks) and statuses.count(429) == 30 - len(checks)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Đăng nhập đồng thời thật chỉ chạy trên PostgreSQL.")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("usernames", "limit"), [
    (["nguoi.thu"] * 30, 5),                                  # one account, thirty addresses
    ([f"nguoi.{i}" for i in range(30)], 20),                  # thirty accounts, one address
])
def test_thirty_concurrent_wrong_passwords_check_at_most_the_limit(limits, counted_checks, usernames, limit):
    from thongsuot.accounts.models import User

    User.objects.create_user("nguoi.thu", password=PASSWORD)
    barrier = threading.Barrier(len(usernames))
    statuses, errors = [], []
    one_address = len(set(usernames)) > 1

    def attempt(i, username):
        try:
            barrier.wait()
            address = "203.0.113.9" if one_address else f"198.51.100.{i + 1}"
            statuses.append(sign_in(username, "sai", address=address).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i, name)) for i, name in enumerate(usernames)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(counted_checks) <= limit
    assert sorted(statuses) == sorted([400] * len(counted_checks) + [429] * (30 - len(counted_checks)))
