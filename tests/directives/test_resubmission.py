"""A resent directive draft returns the draft the first one made (core.resubmission, as everywhere)."""

import pytest

from thongsuot.directives.models import Directive

pytestmark = pytest.mark.django_db

DRAFT = {"number": "31/CĐ-BCĐ", "issued_on": "2025-11-23", "urgency": "thuong_khan", "title": "Thử gửi lại",
         "signer_name": "Nguyễn Văn Quốc", "signer_title": "Phó Trưởng Ban"}


def test_the_directive_form_sent_twice_makes_one_draft(client_for):
    client = client_for("demo.quocgia")
    assert 'name="submission_key"' in client.get("/chi-dao/moi/").content.decode()
    form = {**DRAFT, "issued_on": "23/11/2025", "submission_key": "d-1"}
    first = client.post("/chi-dao/moi/", form)
    again = client.post("/chi-dao/moi/", form)
    directive = Directive.objects.get(number="31/CĐ-BCĐ")
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == directive.get_absolute_url()
    assert (directive.created_by.username, directive.submission_key) == ("demo.quocgia", "d-1")


def test_the_api_answers_a_resent_draft_with_the_first_one(api_for):
    client = api_for("demo.quocgia")
    first = client.post("/api/directives/", DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/directives/", DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 200), (first.json(), again.json())
    assert first.json()["id"] == again.json()["id"]
    by_body = client.post("/api/directives/", {**DRAFT, "submission_key": "k-1"}, format="json")
    assert (by_body.status_code, by_body.json()["id"]) == (200, first.json()["id"])
    fresh = client.post("/api/directives/", DRAFT, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert fresh.status_code == 400 and "31/CĐ-BCĐ" in str(fresh.json())   # a new submission: the number is taken
    assert Directive.objects.filter(number="31/CĐ-BCĐ").count() == 1
