"""Back then submit again makes no second record (core.resubmission.same_as_before).

The browser loads the form page again on Back (signed-in pages are `no-store`), so its hidden key is
new, and refills what was typed; the same fields sent again to the same address carry the first key.
The browser half, JavaScript on and off, is tests/browser/test_offline.py.
"""

import re

import pytest

from thongsuot.obstacles.models import Obstacle

pytestmark = pytest.mark.django_db

CASE = {"title": "Mất điện trụ sở phường", "domain": "hq_assets", "facility_subject": "premises", "severity": "high",
        "classification": "",
        "description": "Trạm biến áp hỏng, trụ sở mất điện từ sáng."}


def _key(client) -> str:
    page = client.get("/kho-khan/moi/").content.decode()
    return re.search(r'name="submission_key" value="([^"]+)"', page).group(1) if 'name="submission_key" value=' \
        in page else re.search(r'value="([^"]+)"[^>]*name="submission_key"', page).group(1)


def test_back_then_submit_again_returns_the_first_case(client_for):
    client = client_for("demo.xa")
    first = client.post("/kho-khan/moi/", {**CASE, "submission_key": _key(client)})
    # Back: the page comes again with a fresh key, the browser refills the fields, submit.
    again = client.post("/kho-khan/moi/", {**CASE, "submission_key": _key(client)})
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Obstacle.objects.filter(title=CASE["title"]).count() == 1


def test_a_different_form_or_another_session_is_a_new_case(client_for):
    client = client_for("demo.xa")
    first = client.post("/kho-khan/moi/", {**CASE, "submission_key": _key(client)})
    edited = client.post("/kho-khan/moi/", {**CASE, "description": "Thêm: máy phát cũng hỏng.",
                                            "submission_key": _key(client)})
    other = client_for("demo.xa")   # a new sign-in: its own session
    elsewhere = other.post("/kho-khan/moi/", {**CASE, "submission_key": _key(other)})
    assert len({first["Location"], edited["Location"], elsewhere["Location"]}) == 3
    assert Obstacle.objects.filter(title=CASE["title"]).count() == 3


def test_a_draft_id_from_the_browser_is_the_key(client_for):
    """An offline draft sends its own id (a UUID made in the browser): resent, it returns the first case."""
    client = client_for("demo.xa")
    draft = "0f8c2a4e-6b1d-4c1e-9b7a-3d2f1e0c9a88"
    first = client.post("/kho-khan/moi/", {**CASE, "submission_key": draft})
    again = client_for("demo.xa").post("/kho-khan/moi/", {**CASE, "submission_key": draft})
    assert first["Location"] == again["Location"]
    assert Obstacle.objects.get(submission_key=draft).title == CASE["title"]
