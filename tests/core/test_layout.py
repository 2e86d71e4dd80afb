"""The public layout rendered once (core.layout), the language links, texts translated once."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from thongsuot.core import layout
from thongsuot.core.i18n import Texts, translate_once


def test_the_layout_is_rendered_once_per_language(monkeypatch):
    monkeypatch.setattr(layout, "_layouts", {})
    with translation.override("vi"):
        first = layout.anonymous_layout("Tra cứu hồ sơ")
        assert layout.anonymous_layout("Tra cứu hồ sơ") is first
    with translation.override("en"):
        english = layout.anonymous_layout("Look up a dossier")
    assert english is not first and 'lang="en"' in "".join(english.parts)
    assert set(layout._layouts) == {("vi", "Tra cứu hồ sơ"), ("en", "Look up a dossier")}


@pytest.mark.django_db
def test_anonymous_visitors_get_no_cookie_and_no_token():
    response = Client().get("/tra-cuu/?ma=X00070-251103-9999")
    assert response.status_code == 200 and not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_visitor_with_waiting_messages_gets_the_full_render(db):
    request = RequestFactory().get("/tra-cuu/")
    assert layout.may_use_anonymous_layout(request)
    for cookie in ("sessionid", "messages"):
        request = RequestFactory().get("/tra-cuu/")
        request.COOKIES[cookie] = "x"
        assert not layout.may_use_anonymous_layout(request)


# --- the language links ------------------------------------------------------------------------------------

def test_a_language_link_sets_the_cookie_and_returns(db):
    response = Client().get("/ngon-ngu/en/?next=/tra-cuu/")
    cookie = response.cookies["django_language"]
    assert response.status_code == 302 and response["Location"] == "/tra-cuu/"
    assert cookie.value == "en" and cookie["samesite"] == "Lax"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_a_language_link_never_leaves_the_site(db, next_url):
    response = Client().get("/ngon-ngu/vi/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_or_a_post_is_refused(db):
    assert Client().get("/ngon-ngu/fr/?next=/").status_code == 404
    assert Client().post("/ngon-ngu/en/?next=/").status_code == 405


# --- texts translated once --------------------------------------------------------------------------------------

def test_texts_are_translated_per_language_and_escaped():
    texts = Texts(heading="Tra cứu hồ sơ", tag="<Hồ sơ> & \"mã\"")
    with translation.override("vi"):
        assert texts.current()["heading"] == "Tra cứu hồ sơ"
        assert texts.current()["tag"] == "&lt;Hồ sơ&gt; &amp; &quot;mã&quot;"
    with translation.override("en"):
        assert texts.current()["heading"] == "Dossier lookup"
        assert translate_once("Trạng thái") == "Status"
    with translation.override("vi"):
        assert translate_once("Trạng thái") == "Trạng thái"
