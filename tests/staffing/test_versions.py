"""No silent overwrite: staff members, a province's quota rule and travel policies carry the version
their editor read. Someone else saves first; an edit from the older version answers 409 on the page
(typed values kept) and in the API and changes nothing; one from the current version counts."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from thongsuot.staffing import services
from thongsuot.staffing.models import QuotaRule

pytestmark = pytest.mark.django_db

STALE = "Bản ghi đã được người khác sửa lúc"
BANDS = [(Decimal(20), Decimal(30), 3_000_000), (Decimal(30), None, 3_700_000)]
RULE = {"base": 32, "threshold": 16000, "step_mountain": 1000, "step_lowland": 2000, "cap_xa": 50, "cap_urban": 70}


@dataclass
class Case:
    editor: str
    make: Callable            # (persona, hoan_kiem, recruit) -> record at version 1
    other: Callable           # (persona, record) -> someone else's save from version 1
    page: Callable            # record -> URL of the edit page
    form: Callable            # (value, version) -> POST data
    api: tuple                # (method, record -> URL)
    body: Callable            # (value, version) -> JSON body
    read: Callable            # record -> the edited value
    values: tuple             # (someone else's, typed on the page, sent by the API)


MEMBER_FORM = {"full_name": "Nguyễn Văn Thử 1", "gender": "male", "birth_year": "1990", "field": "it",
               "qualification": "", "commute_km": "0"}
POLICY_FORM = {"legal_basis": "", "valid_from": "2025-07-01", "valid_to": "", "mountain_reduction_km": "0",
               "bands": "20-30: 3000000\n30+: 3700000"}
POLICY_BODY = {"legal_basis": "", "valid_from": "2025-07-01", "valid_to": None, "mountain_reduction_km": "0",
               "bands": [{"min_km": "20", "max_km": "30", "amount": 3000000}, {"min_km": "30", "amount": 3700000}]}


def _policy(persona, province, name="Hỗ trợ đi lại"):
    return services.policy_create(actor=persona("demo.tinh"), province=province, name=name,
                                  valid_from=date(2025, 7, 1), valid_to=None, mountain_reduction_km=Decimal(0),
                                  bands=BANDS)


CASES = {
    "staff member": Case(
        editor="demo.xa",
        make=lambda persona, hk, recruit: recruit(hk),
        other=lambda persona, r: services.staff_update(actor=persona("demo.xa"), member=r, version=1,
                                                       position="Chuyên viên do đồng nghiệp sửa"),
        page=lambda r: f"/nhan-su/can-bo/{r.pk}/sua/",
        form=lambda value, version: {**MEMBER_FORM, "position": value, "version": version},
        api=("patch", lambda r: f"/api/staffing/members/{r.pk}/"),
        body=lambda value, version: {"position": value, "version": version},
        read=lambda r: r.position,
        values=("Chuyên viên do đồng nghiệp sửa", "Chức vụ gõ trên trang", "Chức vụ gửi qua API")),
    "quota rule": Case(
        editor="demo.tinh",
        make=lambda persona, hk, recruit: services.quota_rule_set(actor=persona("demo.tinh"), province=hk.province,
                                                                  reason="Nghị quyết HĐND", version=0, **RULE),
        other=lambda persona, r: services.quota_rule_set(actor=persona("demo.tinh"), province=r.province,
                                                         reason="Nghị quyết sửa đổi", version=1,
                                                         **{**RULE, "base": 31}),
        page=lambda r: "/nhan-su/cong-thuc-dinh-bien/",
        form=lambda value, version: {**RULE, "base": value, "reason": "Điều chỉnh khung", "version": version},
        api=("put", lambda r: "/api/staffing/provinces/01/quota-rule/"),
        body=lambda value, version: {**RULE, "base": value, "reason": "Điều chỉnh khung", "version": version},
        read=lambda r: r.base,
        values=(31, 29, 28)),
    "travel policy": Case(
        editor="demo.tinh",
        make=lambda persona, hk, recruit: _policy(persona, hk.province),
        other=lambda persona, r: services.policy_update(actor=persona("demo.tinh"), policy=r, version=1,
                                                        name="Tên do đồng nghiệp sửa", valid_from=date(2025, 7, 1),
                                                        valid_to=None, mountain_reduction_km=Decimal(0), bands=BANDS),
        page=lambda r: f"/nhan-su/phu-cap-di-lai/{r.pk}/sua/",
        form=lambda value, version: {**POLICY_FORM, "name": value, "version": version},
        api=("put", lambda r: f"/api/staffing/travel-policies/{r.pk}/"),
        body=lambda value, version: {**POLICY_BODY, "name": value, "version": version},
        read=lambda r: r.name,
        values=("Tên do đồng nghiệp sửa", "Tên gõ trên trang", "Tên gửi qua API")),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_a_stale_edit_is_refused_on_the_page_and_in_the_api_and_a_fresh_one_counts(
        kind, persona, hoan_kiem, recruit, client_for, api_for):
    case = CASES[kind]
    record = case.make(persona, hoan_kiem, recruit)
    assert record.version == 1
    case.other(persona, record)
    record.refresh_from_db()
    theirs, typed, sent = case.values
    assert (record.version, case.read(record)) == (2, theirs)

    page = client_for(case.editor).post(case.page(record), case.form(typed, 1))
    assert page.status_code == 409
    html = page.content.decode()
    assert STALE in html and "Hãy tải lại trang" in html and str(typed) in html
    method, url = case.api
    answer = getattr(api_for(case.editor), method)(url(record), case.body(sent, 1), format="json")
    assert answer.status_code == 409
    assert answer.json()["code"] == "stale" and answer.json()["detail"].startswith(STALE)
    record.refresh_from_db()
    assert (record.version, case.read(record)) == (2, theirs)  # nothing overwritten

    assert client_for(case.editor).post(case.page(record), case.form(typed, 2)).status_code == 302
    record.refresh_from_db()
    assert (record.version, case.read(record)) == (3, typed)
    answer = getattr(api_for(case.editor), method)(url(record), case.body(sent, 3), format="json")
    assert answer.status_code == 200 and answer.json()["version"] == 4
    record.refresh_from_db()
    assert (record.version, case.read(record)) == (4, sent)


def test_a_province_frame_made_in_between_is_not_overwritten_by_a_first_entry(persona, hoan_kiem, api_for):
    """Version 0 says "the province had no frame of its own": one made meanwhile is refused, not replaced."""
    services.quota_rule_set(actor=persona("demo.tinh"), province=hoan_kiem.province, reason="Nghị quyết HĐND",
                            **{**RULE, "base": 30})
    answer = api_for("demo.tinh").put("/api/staffing/provinces/01/quota-rule/",
                                      {**RULE, "reason": "Khung khác", "version": 0}, format="json")
    assert answer.status_code == 409
    assert QuotaRule.objects.get(province=hoan_kiem.province).base == 30


def test_a_member_patch_without_its_version_is_refused(recruit, hoan_kiem, api_for):
    member = recruit(hoan_kiem)
    answer = api_for("demo.xa").patch(f"/api/staffing/members/{member.pk}/", {"position": "Không phiên bản"},
                                      format="json")
    assert answer.status_code == 400 and "Cần gửi kèm phiên bản đã đọc (version)." in answer.content.decode()
    member.refresh_from_db()
    assert (member.position, member.version) == ("Chuyên viên", 1)
