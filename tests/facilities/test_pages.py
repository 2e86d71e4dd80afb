"""Through HTTP: the pages, forms with their messages, exports, and who sees what."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from thongsuot.facilities import services
from thongsuot.facilities.models import Facility, HandlingPlan, PlanState

from .conftest import BA_DINH, BAT_XAT, HOAN_KIEM, days_ago

PAGES = ["/co-so-vat-chat/", "/co-so-vat-chat/san-sang/", "/co-so-vat-chat/tru-so/", "/co-so-vat-chat/phuong-an/",
         "/co-so-vat-chat/thiet-bi/", "/co-so-vat-chat/de-nghi/", "/co-so-vat-chat/ket-noi/xa/00070/",
         "/co-so-vat-chat/su-co/", "/co-so-vat-chat/nen-tang/", "/co-so-vat-chat/tru-so/them/",
         "/co-so-vat-chat/thiet-bi/cap-nhat/", "/co-so-vat-chat/de-nghi/them/"]


@pytest.mark.parametrize("username", ["demo.xa", "demo.tinh", "demo.quocgia"])
def test_pages_open_for_each_level(client_for, make_facility, username):
    make_facility()
    client = client_for(username)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/").status_code == 200


def test_ministry_outside_the_sector_sees_nothing(client_for, make_facility):
    facility = make_facility()
    client = client_for("demo.bo")
    assert client.get("/co-so-vat-chat/").status_code == 404
    assert client.get(f"/co-so-vat-chat/tru-so/{facility.pk}/").status_code == 404


def test_other_commune_cannot_see_the_premises(client_for, make_facility):
    facility = make_facility(name="Trụ sở phường Hàng Đào cũ")
    xa2 = client_for("demo.xa2")
    assert xa2.get(f"/co-so-vat-chat/tru-so/{facility.pk}/").status_code == 404
    assert "Hàng Đào" not in xa2.get("/co-so-vat-chat/tru-so/").content.decode()
    assert xa2.get(f"/co-so-vat-chat/tru-so/{facility.pk}/sua/").status_code == 404
    assert xa2.get("/co-so-vat-chat/ket-noi/xa/00070/").status_code == 404
    assert "Hàng Đào" in client_for("demo.xa").get("/co-so-vat-chat/tru-so/").content.decode()


def test_lao_cai_sees_nothing_from_ha_noi(client_for, make_facility, persona, commune):
    facility = make_facility()
    services.connectivity_set(actor=persona("demo.xa"), commune=commune(HOAN_KIEM), broadband_mbps="50",
                              mobile_coverage="4g", government_network=True, video_conference_ready=True)
    make_facility(BAT_XAT, by="demo.xa3", name="Trụ sở xã Bản Vược cũ", address="Thôn Bản Vược")
    tinh2 = client_for("demo.tinh2")
    listing = tinh2.get("/co-so-vat-chat/tru-so/").content.decode()
    assert "Bản Vược" in listing and "Hàng Bạc" not in listing
    assert tinh2.get(f"/co-so-vat-chat/tru-so/{facility.pk}/").status_code == 404
    readiness = tinh2.get("/co-so-vat-chat/san-sang/?tinh=01").content.decode()
    assert "Hoàn Kiếm" not in readiness
    assert "Hoàn Kiếm" not in tinh2.get("/co-so-vat-chat/ket-noi/").content.decode()


def test_commune_records_a_surplus_headquarters_through_the_form(client_for):
    client = client_for("demo.xa")
    response = client.post("/co-so-vat-chat/tru-so/them/", {
        "name": "Trụ sở phường Lý Thái Tổ cũ", "kind": "tru_so", "address": "1 Lý Thái Tổ", "land_area_m2": "-5",
        "floor_area_m2": "300", "condition": "kha", "status": "du_doi"})
    assert response.status_code == 400
    assert "Diện tích đất không được âm." in response.content.decode()
    assert not Facility.objects.exists()
    response = client.post("/co-so-vat-chat/tru-so/them/", {
        "name": "Trụ sở phường Lý Thái Tổ cũ", "kind": "tru_so", "address": "1 Lý Thái Tổ", "land_area_m2": "450",
        "floor_area_m2": "300", "condition": "kha", "status": "du_doi"})
    facility = Facility.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/co-so-vat-chat/tru-so/{facility.pk}/"
    assert facility.commune.code == HOAN_KIEM


def test_province_names_a_commune_of_its_own(client_for):
    client = client_for("demo.tinh.chuyenvien")
    data = {"commune_code": BAT_XAT, "name": "Kho cũ", "kind": "khac", "address": "x", "land_area_m2": "1",
            "floor_area_m2": "1", "condition": "kha", "status": "du_doi"}
    response = client.post("/co-so-vat-chat/tru-so/them/", data)
    assert response.status_code == 400 and "Không có xã, phường, đặc khu mã “02683”" in response.content.decode()
    response = client.post("/co-so-vat-chat/tru-so/them/", {**data, "commune_code": BA_DINH})
    assert response.status_code == 302 and Facility.objects.get().commune.code == BA_DINH


def test_plan_forms_and_sale_reason_message(client_for, make_facility):
    facility = make_facility()
    client = client_for("demo.xa")
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(f"/co-so-vat-chat/tru-so/{facility.pk}/phuong-an/", {"method": "dau_gia",
                                                                                   "deadline": deadline})
    assert response.status_code == 400 and "phải ghi rõ lý do không bố trí" in response.content.decode()
    response = client.post(f"/co-so-vat-chat/tru-so/{facility.pk}/phuong-an/", {"method": "chuyen_y_te",
                                                                                   "deadline": deadline})
    assert response.status_code == 302
    plan = HandlingPlan.objects.get()
    # The commune cannot approve: that is the city's decision.
    response = client.post(f"/co-so-vat-chat/phuong-an/{plan.pk}/phe-duyet/", {
        "decision_number": "1/QĐ", "approval_date": days_ago(1).isoformat()})
    assert response.status_code == 403
    tinh = client_for("demo.tinh")
    response = tinh.post(f"/co-so-vat-chat/phuong-an/{plan.pk}/phe-duyet/", {
        "decision_number": "15/QĐ-UBND", "approval_date": days_ago(3).isoformat()})
    assert response.status_code == 302
    response = client.post(f"/co-so-vat-chat/phuong-an/{plan.pk}/hoan-thanh/", {"done_date": days_ago(5).isoformat()})
    assert response.status_code == 400 and "không được trước ngày phê duyệt" in response.content.decode()
    response = client.post(f"/co-so-vat-chat/phuong-an/{plan.pk}/hoan-thanh/", {"done_date": days_ago(0).isoformat()})
    assert response.status_code == 302 and HandlingPlan.objects.get().state == PlanState.DONE
    page = client.get(f"/co-so-vat-chat/tru-so/{facility.pk}/").content.decode()
    assert "15/QĐ-UBND" in page and "Hoàn thành xử lý" in page


def test_province_overview_counts_surplus_and_handled(client_for, make_facility, approved_plan, persona):
    make_facility(name="A")
    plan = approved_plan()
    services.handling_plan_complete(actor=persona("demo.xa"), plan=plan, done_date=days_ago(1))
    page = client_for("demo.tinh").get("/co-so-vat-chat/").content.decode()
    assert 'id="surplus-total">2<' in page and 'id="surplus-handled">1<' in page
    assert 'id="surplus-remaining">1<' in page
    page2 = client_for("demo.tinh2").get("/co-so-vat-chat/").content.decode()
    assert 'id="surplus-total">0<' in page2


def test_excel_export_of_facilities_is_scoped_and_audited(client_for, make_facility):
    make_facility(name="Trụ sở phường Hàng Gai cũ")
    make_facility(BA_DINH, by="demo.xa2", name="Trụ sở phường Phúc Xá cũ")
    response = client_for("demo.xa").get("/co-so-vat-chat/tru-so/?xuat=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[3] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert names == ["Trụ sở phường Hàng Gai cũ"]
    from thongsuot.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="export", object_type="facilities.facility").count() == 1


@pytest.mark.parametrize("url", ["/co-so-vat-chat/san-sang/", "/co-so-vat-chat/phuong-an/", "/co-so-vat-chat/thiet-bi/",
                                 "/co-so-vat-chat/de-nghi/", "/co-so-vat-chat/ket-noi/", "/co-so-vat-chat/su-co/",
                                 "/co-so-vat-chat/nen-tang/"])
def test_every_list_exports(client_for, url):
    response = client_for("demo.tinh").get(url + "?xuat=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_outage_form_refuses_end_before_start(client_for):
    client = client_for("demo.xa")
    response = client.post("/co-so-vat-chat/ket-noi/xa/00070/", {
        "form": "su-co", "started_at": "2025-10-02T10:00", "ended_at": "2025-10-02T09:00", "cause": "Mất điện"})
    assert response.status_code == 400
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu." in response.content.decode()


def test_viewer_cannot_post(client_for):
    response = client_for("demo.xa.xem").post("/co-so-vat-chat/ket-noi/xa/00070/", {
        "form": "ket-noi", "broadband_mbps": "50", "mobile_coverage": "4g"})
    assert response.status_code == 403


def test_readiness_page_shows_the_formula(client_for):
    page = client_for("demo.xa").get("/co-so-vat-chat/san-sang/").content.decode()
    assert "Công thức tính điểm" in page and "10 × tốc độ ÷ 100 Mbps" in page


LISTS = ["/co-so-vat-chat/tru-so/", "/co-so-vat-chat/phuong-an/", "/co-so-vat-chat/thiet-bi/",
         "/co-so-vat-chat/de-nghi/", "/co-so-vat-chat/ket-noi/", "/co-so-vat-chat/su-co/", "/co-so-vat-chat/nen-tang/",
         "/co-so-vat-chat/san-sang/"]


def test_no_list_or_export_leaks_ha_noi_to_lao_cai(client_for, persona, commune, make_facility):
    xa, hk = persona("demo.xa"), commune(HOAN_KIEM)
    facility = make_facility()
    services.handling_plan_propose(actor=xa, facility=facility, method="giu_lai",
                                   deadline=timezone.localdate() + timedelta(days=9))
    services.equipment_need_set(actor=xa, commune=hk, category="may_in", required=3, available=1)
    services.procurement_request_create(actor=xa, commune=hk, category="may_in", quantity=2, justification="Thiếu")
    services.connectivity_set(actor=xa, commune=hk, broadband_mbps="80", mobile_coverage="4g",
                              government_network=True, video_conference_ready=True)
    services.outage_record(actor=xa, commune=hk, started_at=timezone.now() - timedelta(hours=1), cause="Mất điện")
    services.platform_set(actor=xa, commune=hk, system="mot_cua", connected_to_province=True)
    tinh, tinh2 = client_for("demo.tinh"), client_for("demo.tinh2")
    for url in LISTS:
        assert "Hoàn Kiếm" in tinh.get(url).content.decode(), url
        assert "Hoàn Kiếm" not in tinh2.get(url).content.decode(), url
        sheet = load_workbook(BytesIO(tinh2.get(url + "?xuat=xlsx").content)).active
        assert sheet.max_row == 3, url  # title, subtitle, headers: no rows
        sheet = load_workbook(BytesIO(tinh.get(url + "?xuat=xlsx").content)).active
        assert sheet.max_row >= 4, url


def test_pages_read_in_english_too(client_for):
    client = client_for("demo.tinh")
    client.get("/ngon-ngu/en/?next=/")
    page = client.get("/co-so-vat-chat/").content.decode()
    assert "Surplus premises" in page and "Least ready" in page
    assert "Scoring formula (100 points)" in client.get("/co-so-vat-chat/san-sang/").content.decode()
