"""Shared fixtures: the real administrative units and the demo personas in every test database.

The units (34 provinces, 3,321 communes, their agencies) and the personas are loaded
once per test database; each test runs in a transaction that is rolled back, so tests
see them and never leave anything behind.
"""

import pytest
from django.test import Client

PASSWORD = "thongsuot-demo"

# Browser fixtures (live_platform, browser, page, sign_in_as) for every test module.
pytest_plugins = ["tests.browser.fixtures"]


def _load_units_and_personas():
    from django.conf import settings

    from thongsuot.accounts.demo import personas_seed
    from thongsuot.accounts.services import agencies_sync
    from thongsuot.geo.services import units_load

    settings.DEMO_PASSWORD = PASSWORD
    units_load()
    agencies_sync()
    personas_seed()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_units_and_personas()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (real commits, for concurrency on PostgreSQL) ends by emptying every table;
    once its fixtures are torn down, load the units and personas again for the tests after it."""
    result = yield
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _load_units_and_personas()
    return result


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests do not run collectstatic; the manifest storage would refuse unknown files.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.DEMO_PASSWORD = PASSWORD


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    # Attachments go to a directory of the test's own, never into var/media.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _mail_sent_at_commit(settings):
    # Mail is sent at commit in the test's thread (not by the background sender), so tests can
    # read `mail.outbox` right after `django_capture_on_commit_callbacks(execute=True)`.
    settings.EMAIL_DELIVERY = "inline"


@pytest.fixture(autouse=True)
def _vietnamese():
    # LocaleMiddleware leaves the last request's language active in the thread; start each test
    # in Vietnamese so that no test depends on which one ran before it.
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.core.cache import caches

    for alias in ("default", "local"):
        try:
            caches[alias].clear()
        except Exception:  # noqa: BLE001 - a cache that is not configured needs no clearing
            pass
    yield


@pytest.fixture
def run_tasks(db):
    """Run the task queue's ready tasks now, in the test's thread: run_tasks() → how many ran.

    Tests keep the database backend of production (a job and its task are written in one
    transaction) and run the queue at the point they choose, so they stay deterministic.
    """
    from thongsuot.jobs.worker import run_ready

    return run_ready


@pytest.fixture
def persona(db):
    """Return the demo user with this username: persona("demo.xa")."""
    from thongsuot.accounts.models import User

    def get(username: str):
        return User.objects.get(username=username)

    return get


@pytest.fixture
def client_for(db, persona):
    """Return a test client signed in as the demo persona: client_for("demo.tinh")."""
    from thongsuot.accounts.middleware import SESSION_OK

    def make(username: str) -> Client:
        client = Client()
        client.force_login(persona(username))
        session = client.session
        session[SESSION_OK] = True
        session.save()
        return client

    return make


@pytest.fixture
def api_for(db, persona):
    """Return a DRF API client authenticated by token as the demo persona."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(username: str) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=persona(username))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
