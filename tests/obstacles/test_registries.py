"""Cases tied to the registries: a staffing case names its specialty and headcount, a facilities case
what it concerns; the case page shows the commune's registry figure for it; resolving can name the
registry record that settled it, chosen among the case's commune's records."""

from datetime import date
from decimal import Decimal

import pytest

from thongsuot.facilities import services as facilities_services
from thongsuot.geo.models import Commune
from thongsuot.obstacles import services
from thongsuot.obstacles.models import ResolutionLink
from thongsuot.staffing import selectors as staffing_selectors
from thongsuot.staffing import services as staffing_services
from thongsuot.staffing.models import StaffingQuota

STAFF_CASE = {"title": "Thiếu công chức công nghệ thông tin", "domain": "org_staff", "severity": "high",
              "classification": "", "description": "Phường còn thiếu công chức công nghệ thông tin.",
              "staff_field": "it", "headcount_needed": "1", "submission_key": "registry-1"}


def _recruit(persona, code: str, name: str, number: str, field="it"):
    commune = Commune.objects.get(code=code)
    return staffing_services.staff_recruit(
        actor=persona("demo.tinh"), province=commune.province, commune=commune, full_name=name, gender="female",
        birth_year=1995, category="cong_chuc", position="Chuyên viên", field=field, decision_number=number,
        decision_date=date(2025, 8, 1), effective_date=date(2025, 8, 1), commute_km=Decimal("0"))


def _staff_case(persona, **extra):
    fields = {"title": "Thiếu công chức công nghệ thông tin", "description": "Phường thiếu 1 công chức CNTT.",
              "domain": "org_staff", "severity": "high", "staff_field": "it", "headcount_needed": 1, **extra}
    return services.obstacle_create(actor=persona("demo.xa"), **fields)


def _resolvable(persona, obstacle):
    return services.obstacle_transition(actor=persona("demo.xa.lanhdao"), obstacle=obstacle, action="acknowledge",
                                        version=obstacle.version)


# ---------------------------------------------------------------- filing names the subject


@pytest.mark.parametrize(("missing", "message"), [
    ("staff_field", "Khó khăn về tổ chức bộ máy, cán bộ cần chọn chuyên ngành cần bố trí."),
    ("headcount_needed", "Khó khăn về tổ chức bộ máy, cán bộ cần ghi số người cần bổ sung"),
])
def test_the_filing_form_asks_a_staffing_case_for_its_specialty_and_headcount(client_for, missing, message):
    response = client_for("demo.xa").post("/kho-khan/moi/", {**STAFF_CASE, missing: ""})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_filing_form_files_a_staffing_case_with_its_specialty(client_for):
    response = client_for("demo.xa").post("/kho-khan/moi/", STAFF_CASE)
    assert response.status_code == 302
    page = client_for("demo.xa").get(response["Location"]).content.decode()
    assert "Công nghệ thông tin: cần bổ sung 1 người" in page


def test_the_api_refuses_a_staffing_case_without_specialty_naming_the_field(api_for):
    response = api_for("demo.xa").post("/api/obstacles/", {
        "title": "Thiếu công chức", "description": "Thiếu người.", "domain": "org_staff"}, format="json")
    assert response.status_code == 400
    assert response.data["field"] == "staff_field"
    assert "chuyên ngành cần bố trí" in response.data["detail"]


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"domain": "equipment_it"}, "facility_subject", "cần chọn nội dung liên quan"),
    ({"domain": "equipment_it", "facility_subject": "premises"}, "facility_subject", "Nội dung liên quan phải là"),
    ({"domain": "hq_assets", "facility_subject": "equipment"}, "equipment_category", "cần chọn loại thiết bị"),
    ({"domain": "hq_assets", "facility_subject": "equipment", "equipment_category": "may_bay"}, "equipment_category",
     "Loại thiết bị “may_bay” không có trong danh mục."),
])
def test_the_api_asks_a_facilities_case_what_it_concerns(api_for, body, field, message):
    response = api_for("demo.xa").post("/api/obstacles/", {
        "title": "Thiếu thiết bị", "description": "Thiếu.", **body}, format="json")
    assert response.status_code == 400
    assert response.data["field"] == field and message in response.data["detail"]


def test_a_case_of_another_domain_keeps_no_registry_subject(api_for):
    created = api_for("demo.xa").post("/api/obstacles/", {
        "title": "Thiếu kinh phí", "description": "Thiếu.", "domain": "finance", "staff_field": "it",
        "headcount_needed": 3}, format="json")
    assert created.status_code == 201
    detail = api_for("demo.xa").get(f"/api/obstacles/{created.data['id']}/").data
    assert (detail["staff_field"], detail["headcount_needed"]) == ("", None)


# ---------------------------------------------------------------- the registry figure beside the case


def test_the_case_page_shows_the_communes_shortage_for_the_specialty(persona, client_for):
    """The figure is the one the shortage table shows for (Hoàn Kiếm, IT)."""
    _recruit(persona, "00070", "Trần Thị Số", "1/QĐ-UBND")
    obstacle = _staff_case(persona)
    row = StaffingQuota.objects.get(commune__code="00070", field="it")
    shown = staffing_selectors.shortage_list(user=persona("demo.tinh"), filters={"all": True}).get(pk=row.pk)
    page = client_for("demo.xa").get(obstacle.get_absolute_url()).content.decode()
    assert "Số liệu nhân sự của Phường Hoàn Kiếm: Công nghệ thông tin" in page
    if shown.gap > 0:
        assert f"Thiếu {shown.gap} người" in page
    else:
        assert "Không thiếu" in page
    assert f"Định biên: <strong>{shown.headcount}</strong>" in page
    assert f"Đang làm việc: <strong>{shown.active_count}</strong>" in page


def test_the_case_page_shows_the_equipment_gap_for_the_category(persona, client_for):
    commune = Commune.objects.get(code="00070")
    facilities_services.equipment_need_set(actor=persona("demo.xa"), commune=commune, category="may_tinh",
                                           required=9, available=4)
    obstacle = services.obstacle_create(actor=persona("demo.xa"), title="Thiếu máy tính", description="Thiếu.",
                                        domain="equipment_it", facility_subject="equipment",
                                        equipment_category="may_tinh")
    page = client_for("demo.xa").get(obstacle.get_absolute_url()).content.decode()
    assert "Số liệu thiết bị của Phường Hoàn Kiếm: Máy tính" in page and "Thiếu 5 thiết bị" in page


def test_the_case_page_shows_the_connectivity_status(persona, client_for):
    commune = Commune.objects.get(code="00070")
    facilities_services.connectivity_set(actor=persona("demo.xa"), commune=commune, broadband_mbps=Decimal("40"),
                                         mobile_coverage="4g", government_network=False, video_conference_ready=True)
    obstacle = services.obstacle_create(actor=persona("demo.xa"), title="Mạng chập chờn", description="Mất mạng.",
                                        domain="equipment_it", facility_subject="connectivity")
    page = client_for("demo.xa").get(obstacle.get_absolute_url()).content.decode()
    assert "Hiện trạng kết nối của Phường Hoàn Kiếm" in page and "40.0 Mbps" in page


# ---------------------------------------------------------------- the record that settled it


def test_resolving_links_the_personnel_action_that_settled_the_case(persona, client_for):
    member = _recruit(persona, "00070", "Lê Văn Tuyển", "7/QĐ-UBND")
    action = member.actions.get()
    obstacle = _resolvable(persona, _staff_case(persona))
    leader = client_for("demo.xa.lanhdao")
    page = leader.get(obstacle.get_absolute_url()).content.decode()
    assert f'value="personnel_action:{action.pk}"' in page and "Lê Văn Tuyển" in page
    response = leader.post(f"/kho-khan/{obstacle.pk}/thao-tac/resolve/", {
        "version": obstacle.version, "message": "Đã tuyển 1 công chức CNTT.", "links": f"personnel_action:{action.pk}"})
    assert response.status_code == 302
    link = ResolutionLink.objects.get(obstacle=obstacle)
    assert (link.kind, link.object_id, link.event.kind) == ("personnel_action", action.pk, "resolve")
    page = client_for("demo.xa").get(obstacle.get_absolute_url()).content.decode()
    assert f'href="/nhan-su/can-bo/{member.pk}/"' in page
    assert "Tuyển dụng số 7/QĐ-UBND ngày 01/08/2025: Lê Văn Tuyển (Công nghệ thông tin)" in page


def test_free_text_resolution_stays_possible(persona, client_for):
    obstacle = _resolvable(persona, _staff_case(persona))
    response = client_for("demo.xa.lanhdao").post(f"/kho-khan/{obstacle.pk}/thao-tac/resolve/", {
        "version": obstacle.version, "message": "Đã bố trí kiêm nhiệm."})
    assert response.status_code == 302
    assert not ResolutionLink.objects.filter(obstacle=obstacle).exists()


def test_a_record_of_another_commune_cannot_settle_the_case(persona, client_for):
    other = _recruit(persona, "00004", "Phạm Ba Đình", "8/QĐ-UBND").actions.get()
    obstacle = _resolvable(persona, _staff_case(persona))
    response = client_for("demo.xa.lanhdao").post(f"/kho-khan/{obstacle.pk}/thao-tac/resolve/", {
        "version": obstacle.version, "message": "Đã tuyển.", "links": f"personnel_action:{other.pk}"})
    assert response.status_code == 400
    assert "không phải hồ sơ của địa bàn khó khăn này" in response.content.decode()
    obstacle.refresh_from_db()
    assert obstacle.status == "acknowledged" and not ResolutionLink.objects.exists()


def test_the_api_lists_the_communes_records_and_resolves_with_them(persona, api_for):
    mine = _recruit(persona, "00070", "Lê Văn Tuyển", "7/QĐ-UBND").actions.get()
    _recruit(persona, "00004", "Phạm Ba Đình", "8/QĐ-UBND")
    obstacle = _resolvable(persona, _staff_case(persona))
    leader = api_for("demo.xa.lanhdao")
    records = leader.get(f"/api/obstacles/{obstacle.pk}/resolution-records/")
    assert records.status_code == 200
    assert [r["token"] for r in records.data] == [f"personnel_action:{mine.pk}"]
    assert api_for("demo.xa").get(f"/api/obstacles/{obstacle.pk}/resolution-records/").data == []  # not theirs now
    assert api_for("demo.xa2").get(f"/api/obstacles/{obstacle.pk}/resolution-records/").status_code == 404
    done = leader.post(f"/api/obstacles/{obstacle.pk}/transitions/", {
        "action": "resolve", "version": obstacle.version, "message": "Đã tuyển.",
        "links": [f"personnel_action:{mine.pk}"]}, format="json")
    assert done.status_code == 200
    assert done.data["resolution_links"][0]["kind"] == "personnel_action"
    assert done.data["resolution_links"][0]["object_id"] == mine.pk


def test_links_are_refused_on_a_move_other_than_resolving(persona, api_for):
    obstacle = _staff_case(persona)
    response = api_for("demo.xa.lanhdao").post(f"/api/obstacles/{obstacle.pk}/transitions/", {
        "action": "acknowledge", "version": obstacle.version, "links": ["personnel_action:1"]}, format="json")
    assert response.status_code == 400 and response.data["field"] == "links"


def test_the_resolving_form_offers_the_personnel_actions_of_the_cases_specialty(persona, client_for):
    it = _recruit(persona, "00070", "Lê Văn Tin", "9/QĐ-UBND").actions.get()
    land = _recruit(persona, "00070", "Đỗ Thị Đất", "10/QĐ-UBND", field="land").actions.get()
    obstacle = _resolvable(persona, _staff_case(persona))
    page = client_for("demo.xa.lanhdao").get(obstacle.get_absolute_url()).content.decode()
    assert f'value="personnel_action:{it.pk}"' in page and f'value="personnel_action:{land.pk}"' not in page
