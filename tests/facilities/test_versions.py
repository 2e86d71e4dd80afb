"""No silent overwrite: every edited facilities record carries the version its editor read.

For each record: someone else saves first, then an edit from the older version is refused with 409
on the page (the typed values stay on it) and in the API, and nothing changes; an edit from the
current version goes through and counts one more version.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from thongsuot.facilities import services
from thongsuot.facilities.models import Connectivity, PlanMethod

from .conftest import HOAN_KIEM

STALE = "Bản ghi đã được người khác sửa lúc"
DEADLINE = (timezone.localdate() + timedelta(days=60)).isoformat()


@dataclass
class Case:
    make: Callable            # (persona, commune, make_facility) -> record at version 1
    other: Callable           # (persona, record) -> someone else's save from version 1
    page: Callable            # record -> URL of the edit page
    form: Callable            # (value, version) -> POST data
    api: tuple                # (method, URL of record)
    body: Callable            # (value, version) -> JSON body
    read: Callable            # record -> the edited value, comparable with what was sent
    values: tuple             # (someone else's, typed on the page, sent by the API)


FACILITY_FORM = {"kind": "tru_so", "address": "12 Hàng Bạc", "land_area_m2": "540", "floor_area_m2": "820.5",
                 "year_built": "1998", "condition": "kha", "status": "du_doi", "current_use": "", "manager": ""}

CASES = {
    "premises": Case(
        make=lambda persona, commune, make_facility: make_facility(),
        other=lambda persona, r: services.facility_update(actor=persona("demo.xa"), facility=r, version=1,
                                                          name="Tên do đồng nghiệp sửa"),
        page=lambda r: f"/co-so-vat-chat/tru-so/{r.pk}/sua/",
        form=lambda value, version: {**FACILITY_FORM, "name": value, "version": version},
        api=("patch", lambda r: f"/api/facilities/facilities/{r.pk}/"),
        body=lambda value, version: {"name": value, "version": version},
        read=lambda r: r.name,
        values=("Tên do đồng nghiệp sửa", "Tên gõ trên trang", "Tên gửi qua API")),
    "handling plan": Case(
        make=lambda persona, commune, make_facility: services.handling_plan_propose(
            actor=persona("demo.xa"), facility=make_facility(), method=PlanMethod.KEEP, deadline=DEADLINE),
        other=lambda persona, r: services.handling_plan_update(actor=persona("demo.xa"), plan=r, version=1,
                                                               method=PlanMethod.KEEP, deadline=DEADLINE,
                                                               note="Ghi chú của đồng nghiệp"),
        page=lambda r: f"/co-so-vat-chat/phuong-an/{r.pk}/sua/",
        form=lambda value, version: {"method": "giu_lai", "deadline": DEADLINE, "note": value, "version": version},
        api=("put", lambda r: f"/api/facilities/plans/{r.pk}/"),
        body=lambda value, version: {"method": "giu_lai", "deadline": DEADLINE, "note": value, "version": version},
        read=lambda r: r.note,
        values=("Ghi chú của đồng nghiệp", "Ghi chú gõ trên trang", "Ghi chú gửi qua API")),
    "equipment line": Case(
        make=lambda persona, commune, make_facility: services.equipment_need_set(
            actor=persona("demo.xa"), commune=commune(HOAN_KIEM), category="may_in", required=10, available=2),
        other=lambda persona, r: services.equipment_need_set(actor=persona("demo.xa"), commune=r.commune,
                                                             category="may_in", required=10, available=2,
                                                             note="Đồng nghiệp ghi", version=1),
        page=lambda r: "/co-so-vat-chat/thiet-bi/cap-nhat/",
        form=lambda value, version: {"category": "may_in", "required": "10", "available": "2", "note": value,
                                     "version": version},
        api=("post", lambda r: "/api/facilities/equipment/"),
        body=lambda value, version: {"category": "may_in", "required": 10, "available": 2, "note": value,
                                     "version": version},
        read=lambda r: r.note,
        values=("Đồng nghiệp ghi", "Ghi chú gõ trên trang", "Ghi chú gửi qua API")),
    "connection": Case(
        make=lambda persona, commune, make_facility: services.connectivity_set(
            actor=persona("demo.xa"), commune=commune(HOAN_KIEM), broadband_mbps="50", mobile_coverage="4g",
            government_network=True, video_conference_ready=True),
        other=lambda persona, r: services.connectivity_set(actor=persona("demo.xa"), commune=r.commune,
                                                           broadband_mbps="61.5", mobile_coverage="4g",
                                                           government_network=True, video_conference_ready=True,
                                                           version=1),
        page=lambda r: f"/co-so-vat-chat/ket-noi/xa/{HOAN_KIEM}/",
        form=lambda value, version: {"form": "ket-noi", "broadband_mbps": value, "mobile_coverage": "4g",
                                     "government_network": "on", "version": version},
        api=("put", lambda r: f"/api/facilities/connectivity/{HOAN_KIEM}/"),
        body=lambda value, version: {"broadband_mbps": value, "mobile_coverage": "4g", "government_network": True,
                                     "version": version},
        read=lambda r: str(r.broadband_mbps),
        values=("61.5", "77.5", "88.5")),
    "digital platform": Case(
        make=lambda persona, commune, make_facility: services.platform_set(
            actor=persona("demo.xa"), commune=commune(HOAN_KIEM), system="mot_cua", connected_to_province=False),
        other=lambda persona, r: services.platform_set(actor=persona("demo.xa"), commune=r.commune, system="mot_cua",
                                                       connected_to_province=True, version=1),
        page=lambda r: f"/co-so-vat-chat/ket-noi/xa/{HOAN_KIEM}/",
        form=lambda value, version: {"form": "nen-tang", "system": "mot_cua", "version": version,
                                     **({"connected_to_province": "on"} if value else {})},
        api=("post", lambda r: "/api/facilities/platforms/"),
        body=lambda value, version: {"system": "mot_cua", "connected_to_province": value, "version": version},
        read=lambda r: r.connected_to_province,
        values=(True, False, True)),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_a_stale_edit_is_refused_on_the_page_and_in_the_api_and_a_fresh_one_counts(
        kind, persona, commune, make_facility, client_for, api_for):
    case = CASES[kind]
    record = case.make(persona, commune, make_facility)
    assert record.version == 1
    case.other(persona, record)
    record.refresh_from_db()
    theirs, typed, sent = case.values
    assert (record.version, case.read(record)) == (2, theirs)

    page = client_for("demo.xa").post(case.page(record), case.form(typed, 1))
    assert page.status_code == 409
    html = page.content.decode()
    assert STALE in html and "Hãy tải lại trang" in html
    if isinstance(typed, str):
        assert typed in html  # what the user typed stays on the page
    method, url = case.api
    answer = getattr(api_for("demo.xa"), method)(url(record), case.body(sent, 1), format="json")
    assert answer.status_code == 409
    assert answer.json()["code"] == "stale" and answer.json()["detail"].startswith(STALE)
    record.refresh_from_db()
    assert (record.version, case.read(record)) == (2, theirs)  # nothing overwritten

    assert client_for("demo.xa").post(case.page(record), case.form(typed, 2)).status_code == 302
    record.refresh_from_db()
    assert (record.version, case.read(record)) == (3, typed)
    answer = getattr(api_for("demo.xa"), method)(url(record), case.body(sent, 3), format="json")
    assert answer.status_code == 200 and answer.json()["version"] == 4
    record.refresh_from_db()
    assert (record.version, case.read(record)) == (4, sent)


def test_the_edit_pages_hand_out_the_version_they_were_loaded_with(persona, commune, make_facility, client_for):
    facility = make_facility()
    services.facility_update(actor=persona("demo.xa"), facility=facility, version=1, manager="Văn phòng")
    page = client_for("demo.xa").get(f"/co-so-vat-chat/tru-so/{facility.pk}/sua/").content.decode()
    assert 'name="version" value="2"' in page
    services.equipment_need_set(actor=persona("demo.xa"), commune=commune(HOAN_KIEM), category="may_in", required=4,
                                available=1)
    page = client_for("demo.xa").get("/co-so-vat-chat/thiet-bi/cap-nhat/?category=may_in").content.decode()
    assert 'name="version" value="1"' in page and 'name="required" value="4"' in page


def test_a_connection_recorded_in_between_is_not_overwritten_by_a_first_entry(persona, commune, api_for):
    """Version 0 says "none recorded yet": a row someone made meanwhile is refused, not replaced."""
    services.connectivity_set(actor=persona("demo.xa"), commune=commune(HOAN_KIEM), broadband_mbps="50",
                              mobile_coverage="4g", government_network=False, video_conference_ready=False)
    answer = api_for("demo.xa").put(f"/api/facilities/connectivity/{HOAN_KIEM}/",
                                    {"broadband_mbps": "5", "mobile_coverage": "3g", "version": 0}, format="json")
    assert answer.status_code == 409
    assert Connectivity.objects.get(commune__code=HOAN_KIEM).broadband_mbps == 50


def test_an_api_edit_without_its_version_is_refused(make_facility, api_for):
    facility = make_facility()
    answer = api_for("demo.xa").patch(f"/api/facilities/facilities/{facility.pk}/", {"name": "Không phiên bản"},
                                      format="json")
    assert answer.status_code == 400 and "Cần gửi kèm phiên bản đã đọc (version)." in answer.content.decode()
    facility.refresh_from_db()
    assert (facility.name, facility.version) == ("Trụ sở UBND phường Hàng Bạc cũ", 1)
