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


def test_a_resent_move_or_leaving_returns_the_first_decision(api_for, hoan_kiem, ba_dinh, recruit):
    member = recruit(hoan_kiem, field="finance")
    client = api_for("demo.tinh")
    move = {"kind": "transfer", "to_commune": "00004", "decision_number": "77/QĐ-UBND",
            "decision_date": "2025-09-01", "effective_date": "2025-09-01"}
    url = f"/api/staffing/members/{member.pk}/move/"
    first = client.post(url, move, format="json", HTTP_IDEMPOTENCY_KEY="m-1")
    again = client.post(url, move, format="json", HTTP_IDEMPOTENCY_KEY="m-1")
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    leave = {"decision_number": "78/QĐ-UBND", "decision_date": "2025-10-01", "effective_date": "2025-10-01"}
    url = f"/api/staffing/members/{member.pk}/leave/"
    first = client.post(url, {**leave, "submission_key": "l-1"}, format="json")
    again = client.post(url, {**leave, "submission_key": "l-1"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    assert member.actions.count() == 3


def test_the_leaving_form_sent_twice_records_one_decision(client_for, hoan_kiem, recruit):
    member = recruit(hoan_kiem, field="finance", by="demo.xa")
    form = {"decision_number": "9/QĐ-UBND", "decision_date": "01/09/2025", "effective_date": "01/09/2025",
            "submission_key": "x-1"}
    client = client_for("demo.xa")
    responses = [client.post(f"/nhan-su/can-bo/{member.pk}/nghi-viec/", form) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert member.actions.filter(kind="leaving").count() == 1


def test_the_add_unit_form_sent_twice_adds_one_unit(client_for, hoan_kiem):
    from thongsuot.staffing.models import OrgUnit

    client = client_for("demo.xa")
    assert 'name="submission_key"' in client.get("/nhan-su/xa/00070/them-don-vi/").content.decode()
    form = {"name": "Ban Chỉ huy Quân sự", "submission_key": "u-1"}
    first = client.post("/nhan-su/xa/00070/them-don-vi/", form)
    again = client.post("/nhan-su/xa/00070/them-don-vi/", form)
    assert first.status_code == again.status_code == 302, again.content.decode()[-600:]
    unit = OrgUnit.objects.get(commune=hoan_kiem, name="Ban Chỉ huy Quân sự")
    assert (unit.created_by.username, unit.submission_key) == ("demo.xa", "u-1")


def test_the_enrolment_form_sent_twice_enrols_once(client_for, hoan_kiem, recruit, persona):
    from datetime import date

    from thongsuot.staffing import services
    from thongsuot.staffing.models import Enrollment

    member = recruit(hoan_kiem, field="it", full_name="Tạ Thị Gửi")
    course = services.course_create(actor=persona("demo.tinh"), province=hoan_kiem.province, commune=None,
                                    title="Kỹ năng số", field="it", organiser="Sở KH&CN", starts_on=date(2025, 9, 1),
                                    ends_on=date(2025, 9, 5), mode="online", capacity=10)
    client = client_for("demo.xa")
    form = {"member": member.pk, "submission_key": "e-1"}
    first = client.post(f"/nhan-su/dao-tao/{course.pk}/", form)
    again = client.post(f"/nhan-su/dao-tao/{course.pk}/", form)
    assert first.status_code == again.status_code == 302, again.content.decode()[-600:]
    enrollment = Enrollment.objects.get(course=course, member=member)
    assert (enrollment.created_by.username, enrollment.submission_key) == ("demo.xa", "e-1")
    # A new key from another session (the same session's same form is Back + resubmit: the first key).
    fresh = client_for("demo.xa").post(f"/nhan-su/dao-tao/{course.pk}/", {"member": member.pk, "submission_key": "e-2"})
    assert fresh.status_code == 400 and "đã đăng ký khóa học này" in fresh.content.decode()
