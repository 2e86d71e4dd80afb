"""What a signed-in user sees, and every API answer, is kept out of caches; public pages and static
files keep their own caching."""

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient


def test_a_signed_in_page_is_not_stored(client_for):
    xa = client_for("demo.xa")
    for url in ("/", "/kho-khan/"):
        response = xa.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "no-store"


def test_an_api_answer_is_not_stored(api_for):
    response = api_for("demo.xa").get("/api/obstacles/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    refused = APIClient().get("/api/obstacles/")
    assert refused.status_code == 401 and refused["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_anonymous_public_pages_keep_their_own_caching():
    lookup = Client().get("/tra-cuu/")
    assert lookup["Cache-Control"] == "no-store"
    sign_in = Client().get("/dang-nhap/")
    assert sign_in.status_code == 200
    assert "Cache-Control" not in sign_in  # as before: only signed-in answers are marked


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_static_files_keep_whitenoise_caching_even_for_a_signed_in_user(client_for):
    for client in (Client(), client_for("demo.xa")):
        response = client.get("/static/thongsuot/site.css")
        assert response.status_code == 200
        assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]
