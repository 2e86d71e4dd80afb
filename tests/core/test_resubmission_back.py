"""Back then submit again makes no second record: the key travels in an input the browser refills.

A browser refills a page's text inputs when the user goes Back to it, never a `type=hidden` one;
so the key is a hidden-by-attribute text input without `autocomplete=off`, and the resent form
carries the first key (the browser half is tests/browser/test_offline.py, JavaScript off).
"""

import re

import pytest

from thongsuot.obstacles.models import Obstacle

pytestmark = pytest.mark.django_db

CASE = {"title": "Mất điện trụ sở phường", "domain": "hq_assets", "severity": "high", "classification": "",
        "description": "Trạm biến áp hỏng, trụ sở mất điện từ sáng."}


def _key_input(html: str) -> str:
    return re.search(r'<input[^>]*name="submission_key"[^>]*>', html).group(0)


def test_the_key_is_an_input_the_browser_refills_on_back(client_for):
    tag = _key_input(client_for("demo.xa").get("/kho-khan/moi/").content.decode())
    assert 'type="text"' in tag and " hidden" in tag
    assert "autocomplete" not in tag


def test_a_client_provided_key_resent_after_back_returns_the_first_case(client_for):
    client = client_for("demo.xa")
    page = client.get("/kho-khan/moi/").content.decode()
    key = re.search(r'value="([^"]+)"', _key_input(page)).group(1)
    first = client.post("/kho-khan/moi/", {**CASE, "submission_key": key})
    # Back: the page is loaded again (a fresh key in it), the browser refills the old one, submit.
    client.get("/kho-khan/moi/")
    again = client.post("/kho-khan/moi/", {**CASE, "submission_key": key})
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Obstacle.objects.filter(title=CASE["title"]).count() == 1
    # A draft's own id (a UUID made in the browser) is accepted as the key too.
    draft = client.post("/kho-khan/moi/", {**CASE, "submission_key": "0f8c2a4e-6b1d-4c1e-9b7a-3d2f1e0c9a88"})
    assert draft["Location"] != first["Location"]
    assert Obstacle.objects.filter(submission_key="0f8c2a4e-6b1d-4c1e-9b7a-3d2f1e0c9a88").count() == 1
