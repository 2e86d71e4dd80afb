"""Browser-test fixtures, registered for the whole suite by tests/conftest.py (pytest_plugins).

Do not import these fixtures into a test module: a second import makes a second session
fixture, and two Playwright instances in one process fail. Import only the plain functions
(`screenshot`, `click_and_wait`, `sign_in`, `sign_out`).

A real platform for browser tests: its own SQLite file, migrated, loaded and seeded
exactly as `make run` does, served by `runserver` on a free loopback port.

Chromium comes from Debian (/usr/bin/chromium); without it the browser tests are
skipped and pytest's summary says why.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread; Django must still allow its
# (synchronous) database teardown afterwards.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("THONGSUOT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_platform(tmp_path_factory):
    """Yield the base URL of a freshly seeded platform."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium không có tại {CHROMIUM}: bỏ qua kiểm thử trình duyệt (apt-get install chromium).")
    var = tmp_path_factory.mktemp("platform")
    env = {**os.environ, "THONGSUOT_VAR_DIR": str(var), "THONGSUOT_DEBUG": "1",
           "THONGSUOT_DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
           "THONGSUOT_DEMO_PASSWORD": "thongsuot-demo", "DJANGO_SETTINGS_MODULE": "thongsuot.config.settings",
           # Serve this checkout's code (a worktree), not whichever one the venv was installed from.
           "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2] / "src"),
                                                      os.environ.get("PYTHONPATH", "")]))}
    env.pop("THONGSUOT_PRODUCTION", None)
    cli = [sys.executable, "-m", "thongsuot"]
    for step in (["migrate", "--no-input", "-v0"], ["createcachetable"], ["load-units"], ["seed-demo"]):
        subprocess.run(cli + step, env=env, check=True, capture_output=True, timeout=600)
    port = _free_port()
    server = subprocess.Popen(cli + ["runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The task queue's worker, so that jobs started in the browser (imports) run and finish.
    worker = subprocess.Popen(cli + ["worker", "--interval", "0.5"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/dang-nhap/", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        worker.kill()
        pytest.fail("Máy chủ thử nghiệm không khởi động được.")
    yield base
    server.terminate()
    worker.terminate()
    server.wait(10)
    try:
        worker.wait(10)
    except subprocess.TimeoutExpired:    # a worker between two polls may not answer SIGTERM at once
        worker.kill()
        worker.wait(10)
    shutil.rmtree(var, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # Assertions that wait (expect) wait up to 15 s, not 5: CI's 2 cores run two test workers,
    # each with its own server, worker and Chromium.
    expect.set_options(timeout=15_000)
    with sync_playwright() as p:
        # A long launch timeout: on a loaded 2-core machine Chromium can take more than the default 30 s.
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=120_000)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_platform):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base_url = live_platform
    yield page
    context.close()


def click_and_wait(page, target="button[type=submit].primary"):
    """Click what sends a form or follows a link (a selector or a locator), and return once the
    page it leads to has loaded.

    Playwright's click does not wait for the navigation it starts, and a load state waited for
    right after it may be the old page's: so wait for the navigation itself. Not for draft forms
    (drafts.js sends them with fetch and moves only on success): wait for their address instead.
    """
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()
    page.wait_for_load_state("networkidle")
    return page


def until(page, script: str, arg=None, *, seconds: float = 60, what: str = "the page's condition"):
    """Poll `script` (a JavaScript function, which may return a promise) until its value is truthy;
    return that value.

    `page.wait_for_function` takes a returned promise itself for a truthy value without waiting for
    it, so a condition read from the Cache Storage or IndexedDB passes at once: poll with `evaluate`,
    which does wait for the promise.
    """
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f} s for {what}")
        page.wait_for_timeout(200)


def sign_in(page, username: str, password: str = "thongsuot-demo"):
    page.goto(f"{page.base_url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    return click_and_wait(page)


def sign_out(page):
    return click_and_wait(page, ".who button[type=submit]")


@pytest.fixture
def sign_in_as(page):
    def go(username: str, password: str = "thongsuot-demo"):
        return sign_in(page, username, password)

    return go


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
