"""What people do through the pages: who sees names, recruiting, moving, overriding, exporting."""

from decimal import Decimal

import pytest
from django.urls import reverse

from thongsuot.audit.models import AuditEvent
from thongsuot.staffing import services
from thongsuot.staffing.models import PersonnelAction, StaffingQuota, StaffMember, TravelAllowancePolicy

from .conftest import quota

pytestmark = pytest.mark.django_db

RECRUIT = {"kind": "recruitment", "full_name": "Phạm Thị Số", "gender": "female", "birth_year": "1995",
           "category": "cong_chuc", "position": "Chuyên viên chuyển đổi số", "field": "it", "org_unit_kind": "office",
           "qualification": "Kỹ sư CNTT", "commute_km": "12", "decision_number": "45/QĐ-UBND",
           "decision_date": "01/08/2025", "effective_date": "15/08/2025"}


def test_commune_officer_recruits_an_it_specialist_and_the_province_sees_the_gap_close(client_for, hoan_kiem):
    province = client_for("demo.tinh")
    services.quotas_ensure(commune=hoan_kiem)
    gap = quota(hoan_kiem, "it").gap
    page = province.get("/nhan-su/thieu-hut/?field=it&q=hoan kiem").content.decode()
    assert 'data-commune="00070" data-field="it"' in page
    response = client_for("demo.xa").post("/nhan-su/can-bo/tuyen-dung/", RECRUIT)
    assert response.status_code == 302
    member = StaffMember.objects.get(full_name="Phạm Thị Số")
    assert member.commune == hoan_kiem and member.org_unit.name == "Văn phòng HĐND và UBND"
    assert quota(hoan_kiem, "it").gap == gap - 1
    page = province.get("/nhan-su/xa/00070/").content.decode()
    assert "Phạm Thị Số" not in page  # counts on the commune page; names on the staff list
    assert province.get("/nhan-su/can-bo/?commune=00070").content.decode().count("Phạm Thị Số") == 1


def test_resending_the_recruitment_form_creates_no_duplicate(client_for, hoan_kiem):
    client = client_for("demo.xa")
    assert client.post("/nhan-su/can-bo/tuyen-dung/", RECRUIT).status_code == 302
    again = client.post("/nhan-su/can-bo/tuyen-dung/", RECRUIT)
    assert again.status_code == 400
    assert "Quyết định số 45/QĐ-UBND cho Phạm Thị Số đã được ghi nhận trước đó." in again.content.decode()
    assert StaffMember.objects.filter(full_name="Phạm Thị Số").count() == 1


def test_bad_recruitment_input_names_the_field(client_for, hoan_kiem):
    response = client_for("demo.xa").post("/nhan-su/can-bo/tuyen-dung/", {
        **RECRUIT, "decision_date": "31/02/2025", "birth_year": "1930", "field": "astrology"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ngày quyết định: Ngày không hợp lệ (dùng dạng ngày/tháng/năm)." in body
    assert "Năm sinh: Năm sinh từ 1940 trở đi." in body
    assert "Lĩnh vực chuyên môn:" in body
    assert not StaffMember.objects.exists()


def test_province_recruits_only_into_its_own_communes(client_for, bat_xat):
    response = client_for("demo.tinh").post("/nhan-su/can-bo/tuyen-dung/", {**RECRUIT, "commune": "02683"})
    assert response.status_code == 400
    assert "Không có xã, phường mã “02683” trong phạm vi của bạn." in response.content.decode()


def test_names_are_for_the_commune_and_its_province_only(client_for, hoan_kiem, recruit):
    member = recruit(hoan_kiem, field="land", full_name="Đặng Văn Đất")
    assert "Đặng Văn Đất" in client_for("demo.xa").get("/nhan-su/can-bo/").content.decode()
    assert client_for("demo.tinh").get(f"/nhan-su/can-bo/{member.pk}/").status_code == 200
    assert client_for("demo.xa2").get(f"/nhan-su/can-bo/{member.pk}/").status_code == 404
    assert "Đặng Văn Đất" not in client_for("demo.xa2").get("/nhan-su/can-bo/").content.decode()
    assert client_for("demo.tinh2").get(f"/nhan-su/can-bo/{member.pk}/").status_code == 404
    for national in ("demo.bo", "demo.quocgia"):
        assert client_for(national).get("/nhan-su/can-bo/").status_code == 403
        assert client_for(national).get(f"/nhan-su/can-bo/{member.pk}/").status_code == 403
        counts = client_for(national).get("/nhan-su/thieu-hut/?q=hoan kiem&field=land")
        assert counts.status_code == 200 and 'data-commune="00070" data-field="land"' in counts.content.decode()
        assert "Đặng Văn Đất" not in client_for(national).get("/nhan-su/xa/00070/").content.decode()


def test_exporting_staff_is_an_audited_personal_data_event(client_for, hoan_kiem, recruit):
    recruit(hoan_kiem, field="land")
    response = client_for("demo.xa").get("/nhan-su/can-bo/?xuat=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    event = AuditEvent.objects.filter(action="export", object_type="staffing.staffmember").get()
    assert event.changes["filters"]["personal_data"] is True and event.changes["rows"] == 1
    assert client_for("demo.bo").get("/nhan-su/can-bo/?xuat=xlsx").status_code == 403


def test_shortage_export_is_filtered_and_audited(client_for, hoan_kiem):
    services.quotas_ensure(commune=hoan_kiem)
    response = client_for("demo.tinh").get("/nhan-su/thieu-hut/?q=hoan kiem&xuat=xlsx")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="export", object_type="staffing.staffingquota").get()
    assert event.changes["rows"] == 11  # every field of Hoàn Kiếm is short while nobody is employed


def test_province_overrides_a_quota_and_the_commune_may_not(client_for, hoan_kiem):
    services.quotas_ensure(commune=hoan_kiem)
    row = quota(hoan_kiem, "other")
    assert client_for("demo.xa").get(f"/nhan-su/dinh-bien/{row.pk}/").status_code == 403
    assert client_for("demo.tinh2").get(f"/nhan-su/dinh-bien/{row.pk}/").status_code == 404
    bad = client_for("demo.tinh").post(f"/nhan-su/dinh-bien/{row.pk}/", {"headcount": "-2", "reason": ""})
    assert bad.status_code == 400 and "Định biên không được nhỏ hơn 0." in bad.content.decode()
    ok = client_for("demo.tinh").post(f"/nhan-su/dinh-bien/{row.pk}/", {"headcount": "1", "reason": "Ít việc khác",
                                                                             "version": "1"})
    assert ok.status_code == 302
    row.refresh_from_db()
    assert (row.headcount, row.is_override, row.override_reason) == (1, True, "Ít việc khác")


def test_province_transfers_between_communes_and_both_see_the_decision(client_for, hoan_kiem, ba_dinh, recruit):
    member = recruit(hoan_kiem, field="finance", full_name="Vũ Thị Chuyển")
    response = client_for("demo.tinh").post(f"/nhan-su/can-bo/{member.pk}/dieu-dong/", {
        "kind": "transfer", "to_commune": "00004", "decision_number": "88/QĐ-UBND",
        "decision_date": "01/09/2025", "effective_date": "01/09/2025"})
    assert response.status_code == 302
    assert PersonnelAction.objects.filter(member=member, kind="transfer", to_commune=ba_dinh).exists()
    for username in ("demo.xa", "demo.xa2", "demo.tinh"):
        assert "88/QĐ-UBND" in client_for(username).get("/nhan-su/quyet-dinh/").content.decode(), username
    assert "88/QĐ-UBND" not in client_for("demo.xa3").get("/nhan-su/quyet-dinh/").content.decode()
    # Ba Đình now employs the person and may see them, but only the province moves people.
    assert client_for("demo.xa2").get(f"/nhan-su/can-bo/{member.pk}/dieu-dong/").status_code == 403


def test_transfer_outside_the_province_is_refused_on_the_form(client_for, hoan_kiem, recruit):
    member = recruit(hoan_kiem)
    response = client_for("demo.tinh").post(f"/nhan-su/can-bo/{member.pk}/dieu-dong/", {
        "kind": "transfer", "to_commune": "02683", "decision_number": "89/QĐ-UBND",
        "decision_date": "01/09/2025", "effective_date": "01/09/2025"})
    assert response.status_code == 400
    assert "Không có xã, phường mã “02683” trong phạm vi của bạn." in response.content.decode()


def test_province_adopts_a_travel_policy_through_the_form(client_for, hoan_kiem, recruit):
    member = recruit(hoan_kiem, commute_km=Decimal(35))
    bad = client_for("demo.tinh").post("/nhan-su/phu-cap-di-lai/moi/", {
        "name": "Hỗ trợ", "valid_from": "01/07/2025", "mountain_reduction_km": "5", "bands": "20-30 3000000"})
    assert bad.status_code == 400 and "Dòng 1 không đúng mẫu" in bad.content.decode()
    response = client_for("demo.tinh").post("/nhan-su/phu-cap-di-lai/moi/", {
        "name": "Hỗ trợ đi lại cán bộ cấp xã", "valid_from": "01/07/2025", "valid_to": "30/06/2027",
        "mountain_reduction_km": "5", "bands": "20-30: 3.000.000\n30-40: 3.700.000\n40-50: 4.500.000\n50+: 5.200.000"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.travel_allowance == 3_700_000
    page = client_for("demo.tinh").get("/nhan-su/phu-cap-di-lai/").content.decode()
    assert 'title="3.700.000 đồng">3,7<' in page
    assert client_for("demo.xa").get("/nhan-su/phu-cap-di-lai/moi/").status_code == 403
    national = client_for("demo.quocgia").get("/nhan-su/phu-cap-di-lai/").content.decode()
    assert "Chi hỗ trợ đi lại theo tỉnh" in national and "Thành phố Hà Nội" in national
    assert TravelAllowancePolicy.objects.count() == 1


def test_pages_answer_for_every_level(client_for, hoan_kiem):
    for username in ("demo.quocgia", "demo.bo", "demo.tinh", "demo.xa", "demo.xa.xem"):
        client = client_for(username)
        for url in ("/", "/nhan-su/", "/nhan-su/thieu-hut/", "/nhan-su/dao-tao/", "/nhan-su/phu-cap-di-lai/"):
            assert client.get(url).status_code == 200, (username, url)
    assert client_for("demo.xa2").get("/nhan-su/xa/00070/").status_code == 404
    assert client_for("demo.xa").get("/nhan-su/xa/00070/").status_code == 200


def test_commune_adds_an_org_unit_within_the_limit(client_for, hoan_kiem):
    client = client_for("demo.xa")
    assert client.post("/nhan-su/xa/00070/them-don-vi/", {"name": "Ban Chỉ huy Quân sự"}).status_code == 302
    refused = client.post("/nhan-su/xa/00070/them-don-vi/", {"name": "Tổ công nghệ"})
    assert refused.status_code == 400
    assert "Tỉnh cho phép tối đa 6 đơn vị mỗi xã; Phường Hoàn Kiếm đã đủ." in refused.content.decode()


def test_province_recomputes_quotas_after_a_population_change(client_for, hoan_kiem):
    services.quotas_ensure(commune=hoan_kiem)
    hoan_kiem.population = 100_000
    hoan_kiem.save()
    assert client_for("demo.xa").post("/nhan-su/xa/00070/tinh-lai-dinh-bien/").status_code == 403
    assert client_for("demo.tinh").post("/nhan-su/xa/00070/tinh-lai-dinh-bien/").status_code == 302
    from thongsuot.staffing.models import StaffingQuota
    assert sum(StaffingQuota.objects.filter(commune=hoan_kiem).values_list("headcount", flat=True)) == 70


def test_commune_edits_a_member_and_the_field_counter_follows(client_for, hoan_kiem, recruit):
    member = recruit(hoan_kiem, field="other", full_name="Lương Văn Sửa")
    response = client_for("demo.xa").post(f"/nhan-su/can-bo/{member.pk}/sua/", {
        "full_name": "Lương Văn Sửa", "gender": "male", "birth_year": "1990", "position": "Chuyên viên CNTT",
        "field": "it", "qualification": "Kỹ sư", "commute_km": "3", "version": member.version})
    assert response.status_code == 302
    assert (quota(hoan_kiem, "other").active_count, quota(hoan_kiem, "it").active_count) == (0, 1)
    assert client_for("demo.xa2").get(f"/nhan-su/can-bo/{member.pk}/sua/").status_code == 404


def test_commune_enrols_its_staff_and_the_province_marks_completion(client_for, hoan_kiem, recruit, persona):
    from datetime import date

    from thongsuot.staffing.models import Enrollment

    member = recruit(hoan_kiem, field="it", full_name="Tạ Thị Học")
    course = services.course_create(actor=persona("demo.tinh"), province=hoan_kiem.province, commune=None,
                                    title="Kỹ năng số", field="it", organiser="Sở KH&CN", starts_on=date(2025, 9, 1),
                                    ends_on=date(2025, 9, 5), mode="online", capacity=10)
    assert client_for("demo.xa").post(f"/nhan-su/dao-tao/{course.pk}/", {"member": member.pk}).status_code == 302
    other = client_for("demo.xa2").post(f"/nhan-su/dao-tao/{course.pk}/", {"member": member.pk})
    assert other.status_code == 400 and "Người đã chọn không có trong danh sách." in other.content.decode()
    enrollment = Enrollment.objects.get(course=course, member=member)
    client_for("demo.tinh").post(f"/nhan-su/dao-tao/{course.pk}/", {"enrollment": enrollment.pk, "status": "completed"})
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
    page = client_for("demo.tinh").get("/nhan-su/dao-tao/").content.decode()
    assert "Kỹ năng số" in page
    assert client_for("demo.tinh2").get(f"/nhan-su/dao-tao/{course.pk}/").status_code == 404


def test_member_history_is_visible_to_whoever_may_see_the_member(client_for, hoan_kiem, recruit):
    member = recruit(hoan_kiem, field="land")
    url = reverse("audit:history", args=["staffing.staffmember", member.pk])
    assert client_for("demo.xa").get(url).status_code == 200
    assert client_for("demo.xa2").get(url).status_code == 404


def test_province_edits_its_quota_rule_through_the_form(client_for, hoan_kiem):
    assert client_for("demo.xa").get("/nhan-su/cong-thuc-dinh-bien/").status_code == 403
    form = {"base": "32", "threshold": "16000", "step_mountain": "1000", "step_lowland": "2000", "cap_xa": "50",
            "cap_urban": "70", "version": "0"}
    refused = client_for("demo.tinh").post("/nhan-su/cong-thuc-dinh-bien/", {**form, "reason": ""})
    assert refused.status_code == 400 and "Căn cứ, lý do:" in refused.content.decode()
    ok = client_for("demo.tinh").post("/nhan-su/cong-thuc-dinh-bien/", {**form, "cap_urban": "34",
                                                                          "reason": "Thử khung thấp"})
    assert ok.status_code == 302
    assert sum(StaffingQuota.objects.filter(commune=hoan_kiem).values_list("headcount", flat=True)) == 34
