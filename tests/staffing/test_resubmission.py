"""A resent recruitment, course or policy returns the record the first one made."""

import pytest

from thongsuot.staffing.models import StaffMember, TrainingCourse

from .test_api import RECRUIT as API_RECRUIT
from .test_pages import RECRUIT as FORM_RECRUIT

pytestmark = pytest.mark.django_db


def test_the_recruitment_form_sent_twice_takes_one_person_on(client_for, hoan_kiem):
    client = client_for("demo.xa")
    form = {**FORM_RECRUIT, "submission_key": "a1b2c3"}
    first = client.post("/nhan-su/can-bo/tuyen-dung/", form)
    again = client.post("/nhan-su/can-bo/tuyen-dung/", form)
    member = StaffMember.objects.get(full_name="Phạm Thị Số")
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/nhan-su/can-bo/{member.pk}/"
    assert (member.created_by.username, member.submission_key) == ("demo.xa", "a1b2c3")
    assert member.actions.count() == 1


def test_the_recruitment_form_carries_a_new_key_on_each_load(client_for, hoan_kiem):
    client = client_for("demo.xa")
    pages = [client.get("/nhan-su/can-bo/tuyen-dung/").content.decode() for _ in range(2)]
    assert all('name="submission_key"' in page for page in pages)
    assert pages[0] != pages[1]


def test_the_api_answers_a_resent_recruitment_with_the_first_person(api_for, hoan_kiem):
    client = api_for("demo.xa")
    first = client.post("/api/staffing/members/", API_RECRUIT, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/staffing/members/", API_RECRUIT, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 200), (first.json(), again.json())
    assert first.json()["id"] == again.json()["id"]
    assert StaffMember.objects.filter(full_name=API_RECRUIT["full_name"]).count() == 1
    by_body = client.post("/api/staffing/members/", {**API_RECRUIT, "submission_key": "k-1"}, format="json")
    assert (by_body.status_code, by_body.json()["id"]) == (200, first.json()["id"])


def test_the_same_key_from_another_user_is_another_submission(api_for, hoan_kiem):
    first = api_for("demo.xa").post("/api/staffing/members/", API_RECRUIT, format="json", HTTP_IDEMPOTENCY_KEY="k")
    other = api_for("demo.tinh").post("/api/staffing/members/", {**API_RECRUIT, "commune": "00070"},
                                      format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert first.status_code == 201
    assert other.status_code == 400  # not the commune's record: the province's own try, refused as a duplicate decision


def test_a_resent_course_returns_the_first_course(api_for, hoan_kiem):
    course = {"title": "Chuyển đổi số cấp xã", "field": "it", "organiser": "Sở KH&CN", "starts_on": "2025-09-01",
              "ends_on": "2025-09-05", "mode": "online", "capacity": 30, "submission_key": "c-1"}
    client = api_for("demo.tinh")
    first = client.post("/api/staffing/courses/", course, format="json")
    again = client.post("/api/staffing/courses/", course, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and "submission_key" not in first.json()
    assert TrainingCourse.objects.count() == 1
