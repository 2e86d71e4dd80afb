"""Every signed-in page reads its user, the user's scope and the unread count in one query (portal.backends)."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from thongsuot.accounts.middleware import SESSION_OK
from thongsuot.accounts.models import User
from thongsuot.notifications import services as notifications

pytestmark = pytest.mark.django_db

#: A signed-in page with no reads of its own beyond the user's scope: the drafts kept on the device.
PLAIN_PAGE = "/ban-nhap/"


def _queries(client, url=PLAIN_PAGE):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries]


def test_a_signed_in_page_reads_the_session_and_the_user_with_scope_and_unread_count_only(client_for):
    """Two queries: the session, and the user with the membership joined and the unread notices
    counted (before: the user, the membership and the count apart, four in all)."""
    sql = _queries(client_for("demo.tinh"))
    assert len(sql) == 2, sql
    assert '"django_session"' in sql[0]
    assert '"accounts_membership"' in sql[1] and '"notifications_notification"' in sql[1]


def test_the_header_counts_unread_notices_read_with_the_user(client_for, persona):
    client = client_for("demo.xa")
    user = persona("demo.xa")
    notifications.notify_agency(agency=user.membership.agency, title="Có việc mới", url="/")
    unread = user.notifications.filter(read_at__isnull=True).count()
    assert unread > 0
    assert f'<span class="count" aria-label="chưa đọc">{unread}</span>' in client.get(PLAIN_PAGE).content.decode()
    notifications.notification_mark_read(user=user)
    assert 'class="count"' not in client.get(PLAIN_PAGE).content.decode()


def test_the_scope_read_with_the_user_is_the_membership(client_for, persona):
    """The agency and role shown come from the membership joined to the user."""
    html = client_for("demo.tinh").get(PLAIN_PAGE).content.decode()
    membership = persona("demo.tinh").membership
    assert membership.agency.name in html


def test_a_user_without_an_agency_still_signs_in_to_a_page(db):
    user = User.objects.create_user(username="khong.co.don.vi", password="mat-khau-dai-12345")
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_OK] = True
    session.save()
    response = client.get("/")
    assert response.status_code == 200
    assert 'class="whoagency"' not in response.content.decode()


def test_sessions_opened_before_the_one_query_loader_keep_working(persona):
    """A session signed in through Django's ModelBackend (before this loader) stays signed in."""
    client = Client()
    client.force_login(persona("demo.tinh"), backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[SESSION_OK] = True
    session.save()
    assert client.session[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"
    html = client.get(PLAIN_PAGE).content.decode()
    assert persona("demo.tinh").membership.agency.name in html


@pytest.mark.parametrize("username", ["demo.tinh", "no.such.user"])
def test_a_failed_sign_in_hashes_the_password_once(persona, username, monkeypatch):
    """ModelBackend stays listed for older sessions; it must not check the same wrong password again."""
    from django.contrib.auth import authenticate, hashers

    persona("demo.tinh")
    hasher = type(hashers.get_hasher())          # Argon2: verify for a user, encode for an unknown name
    calls = []
    for name in ("verify", "encode"):
        real = getattr(hasher, name)
        monkeypatch.setattr(hasher, name, lambda self, *a, real=real, name=name, **k: calls.append(name)
                            or real(self, *a, **k))
    assert authenticate(username=username, password="wrong-password") is None
    assert len(calls) == 1, calls
    assert authenticate(username="demo.tinh", password="thongsuot-demo") is not None
