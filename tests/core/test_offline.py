"""The installable web app: manifest, service worker, precache budget, drafts and offline pages."""

import gzip
import json
import re

import pytest
from django.contrib.staticfiles import finders

from thongsuot.core.offline import PRECACHE_BUDGET, SHELL_STATIC, static_size

pytestmark = pytest.mark.django_db


def _precache(client) -> list[str]:
    body = client.get("/sw.js").content.decode()
    return json.loads(re.search(r"var PRECACHE = (\[.*?\]);", body).group(1))


def test_the_worker_is_served_from_the_root_and_versioned_by_the_static_files(client, settings, tmp_path):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    version = re.search(r'var VERSION = "([0-9a-f]{16})"', response.content.decode()).group(1)
    assert set(_precache(client)) >= {"/static/thongsuot/site.css", "/static/thongsuot/drafts.js", "/ban-nhap/",
                                      "/ngoai-tuyen/"}
    # A changed stylesheet is a new version: the browser installs the new worker, the old cache goes.
    changed = tmp_path / "thongsuot"
    changed.mkdir()
    (changed / "site.css").write_text("body{color:red}")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    settings.DEBUG = True
    assert re.search(r'var VERSION = "([0-9a-f]{16})"', client.get("/sw.js").content.decode()).group(1) != version


def test_the_manifest_names_the_app_in_vietnamese_with_its_icons(client):
    data = client.get("/manifest.webmanifest").json()
    assert data["name"].startswith("Thông Suốt") and data["lang"] == "vi" and data["start_url"] == "/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon


def test_what_the_worker_keeps_stays_within_150_kb(client_for):
    """The static shell, the two shell pages and the four field forms of a commune, as sent (gzip)."""
    client = client_for("demo.xa")
    home = client.get("/").content.decode()
    kept = re.search(r'data-keep-offline="([^"]+)"', home).group(1).split()
    assert {"/kho-khan/moi/", "/co-so-vat-chat/de-nghi/them/"} <= set(kept)
    assert any(re.fullmatch(r"/co-so-vat-chat/ket-noi/xa/00070/#su-co", u) for u in kept)
    static = sum(len(gzip.compress(open_static(name))) for name in SHELL_STATIC)
    pages = [u.split("#")[0] for u in ["/ban-nhap/", "/ngoai-tuyen/", "/", *kept]]
    sizes = {u: len(gzip.compress(client.get(u).content)) for u in dict.fromkeys(pages)}
    assert all(client.get(u).status_code == 200 for u in sizes)
    total = static + sum(sizes.values())
    assert total <= PRECACHE_BUDGET, (static, sizes)
    assert sum(static_size(name) for name in SHELL_STATIC) <= PRECACHE_BUDGET   # the static part, uncompressed


def open_static(name: str) -> bytes:
    with open(finders.find(name), "rb") as file:
        return file.read()


def test_the_drafts_and_offline_pages_hold_no_record_and_list_the_field_forms(client_for):
    client = client_for("demo.xa")
    drafts = client.get("/ban-nhap/").content.decode()
    assert "data-drafts-list" in drafts and "Bản nháp / chờ gửi" in drafts
    offline = client.get("/ngoai-tuyen/").content.decode()
    # (the progress reports need assignments: tests/browser/test_offline.py, on the seeded platform)
    for label in ("Phản ánh khó khăn", "Báo mất kết nối", "Đề nghị cấp thiết bị"):
        assert label in offline


def test_the_field_forms_are_marked_for_drafts(client_for):
    client = client_for("demo.xa")
    for url in ("/kho-khan/moi/", "/co-so-vat-chat/de-nghi/them/", "/co-so-vat-chat/ket-noi/xa/00070/"):
        assert re.search(r"<form[^>]*data-draft", client.get(url).content.decode()), url
    assert 'class="actions"' not in client_for("demo.quocgia").get("/ngoai-tuyen/").content.decode()
