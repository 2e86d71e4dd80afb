"""The public lookup page from the pre-rendered layout (core.layout) against the ordinary render."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.utils import translation

from thongsuot.core import layout
from thongsuot.procedures import views
from thongsuot.procedures.models import DossierEvent
from thongsuot.procedures.services import dossier_transition

from .conftest import at

PATHS = ("/tra-cuu/", "/tra-cuu/?ma=X00070-251103-9999", '/tra-cuu/?ma=<b>"x"&y=1', "/tra-cuu/?ma=mã hồ sơ")


def _both(path: str, monkeypatch) -> tuple[str, str]:
    """The lookup page for an anonymous visitor, from the pre-rendered layout and rendered in full."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    fast = views.lookup(request).content.decode()
    monkeypatch.setattr(layout, "may_use_anonymous_layout", lambda request: False)
    full = views.lookup(request).content.decode()
    monkeypatch.undo()
    return fast, full


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pre_rendered_layout_gives_the_page_the_full_render_gives(intake, persona, monkeypatch, language):
    dossier = intake(days=3, when=at(2025, 11, 3))
    dossier_transition(actor=persona("demo.xa"), dossier=dossier, kind=DossierEvent.Kind.SUPPLEMENT_REQUEST,
                       note="Thiếu giấy tờ", at=at(2025, 11, 4))
    with translation.override(language):
        for path in (*PATHS, f"/tra-cuu/?ma={dossier.code}"):
            fast, full = _both(path, monkeypatch)
            assert fast == full, path
            assert "<footer" in fast and "<h1>" in fast


def test_a_signed_in_official_sees_their_own_header_on_the_public_page(client_for):
    body = client_for("demo.xa").get("/tra-cuu/").content.decode()
    assert "Đăng xuất" in body and "Tra cứu tình trạng hồ sơ" in body


def test_english_visitors_see_the_page_in_english(intake):
    dossier = intake()
    client = Client()
    response = client.get(f"/ngon-ngu/en/?next=/tra-cuu/%3Fma%3D{dossier.code}")
    assert response.status_code == 302 and response["Location"] == f"/tra-cuu/?ma={dossier.code}"
    body = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in body and "Status" in body and "Trạng thái" not in body
    assert '<strong lang="en" aria-current="true">English</strong>' in body and 'hreflang="vi"' in body
