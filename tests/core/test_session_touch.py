"""A signed-in session's expiry moves forward every few minutes of use, not with a write per page."""

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thongsuot.core.middleware import SESSION_TOUCHED


def _session_writes(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_a_page_view_writes_the_session_only_when_its_last_push_is_old(client_for, settings):
    client = client_for("demo.xa")
    key = client.session.session_key
    # The first page pushes the expiry (the session has no stamp yet) …
    assert _session_writes(client, "/")
    expiry = Session.objects.get(session_key=key).expire_date
    # … the next ones within SESSION_TOUCH_SECONDS write nothing.
    assert _session_writes(client, "/") == []
    assert _session_writes(client, "/kho-khan/") == []
    assert Session.objects.get(session_key=key).expire_date == expiry

    # Past SESSION_TOUCH_SECONDS the next page pushes the expiry forward again.
    session = client.session
    session[SESSION_TOUCHED] = int(time.time()) - settings.SESSION_TOUCH_SECONDS - 1
    session.save()
    earlier = expiry - timedelta(hours=1)
    Session.objects.filter(session_key=key).update(expire_date=earlier)
    assert _session_writes(client, "/")
    assert Session.objects.get(session_key=key).expire_date > earlier


def test_anonymous_pages_make_no_session(client, db):
    assert client.get("/tra-cuu/").status_code == 200
    assert not Session.objects.exists()
