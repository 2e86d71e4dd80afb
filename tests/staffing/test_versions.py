"""No silent overwrite: staff members, a province's quota rule, a commune's quota overrides, its
organisation units, a province's organisation limits and travel policies carry the version their
editor read. Someone else saves first; an edit from the older version answers 409 on the page
(typed values kept) and in the API and changes nothing; one from the current version counts."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from thongsuot.staffing import services
from thongsuot.staffing.models import OrgUnit, QuotaRule, StaffingQuota

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
    api: tuple | None         # (method, record -> URL), None for an edit the API does not offer
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


def _it_quota(commune):
    services.quotas_ensure(commune=commune)
    return StaffingQuota.objects.get(commune=commune, field="it")


def _unit(commune):
    return services.org_units_ensure(commune=commune)[0]


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
    "quota override": Case(
        editor="demo.tinh",
        make=lambda persona, hk, recruit: _it_quota(hk),
        other=lambda persona, r: services.quota_override(actor=persona("demo.tinh"), quota=r, headcount=2,
                                                         reason="Đồng nghiệp điều chỉnh", version=1),
        page=lambda r: f"/nhan-su/dinh-bien/{r.pk}/",
        form=lambda value, version: {"headcount": value, "reason": "Điều chỉnh trên trang", "version": version},
        api=("post", lambda r: f"/api/staffing/quotas/{r.pk}/override/"),
        body=lambda value, version: {"headcount": value, "reason": "Điều chỉnh qua API", "version": version},
        read=lambda r: r.headcount,
        values=(2, 3, 4)),
    "organisation unit": Case(
        editor="demo.xa",
        make=lambda persona, hk, recruit: _unit(hk),
        other=lambda persona, r: services.org_unit_rename(actor=persona("demo.xa"), unit=r, version=1,
                                                          name="Tên do đồng nghiệp đặt"),
        page=lambda r: f"/nhan-su/don-vi/{r.pk}/doi-ten/",
        form=lambda value, version: {"name": value, "version": version},
        api=None, body=None,
        read=lambda r: r.name,
        values=("Tên do đồng nghiệp đặt", "Tên gõ trên trang", None)),
    "organisation limits": Case(
        editor="demo.tinh",
        make=lambda persona, hk, recruit: services.org_settings_set(actor=persona("demo.tinh"),
                                                                    province=hk.province, max_units_per_commune=7,
                                                                    version=0),
        other=lambda persona, r: services.org_settings_set(actor=persona("demo.tinh"), province=r.province,
                                                           max_units_per_commune=8, version=1),
        page=lambda r: "/nhan-su/gioi-han-to-chuc/",
        form=lambda value, version: {"max_units_per_commune": value, "version": version},
        api=None, body=None,
        read=lambda r: r.max_units_per_commune,
        values=(8, 9, None)),
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
    if case.api is not None:
        method, url = case.api
        answer = getattr(api_for(case.editor), method)(url(record), case.body(sent, 1), format="json")
        assert answer.status_code == 409
        assert answer.json()["code"] == "stale" and answer.json()["detail"].startswith(STALE)
    record.refresh_from_db()
    assert (record.version, case.read(record)) == (2, theirs)  # nothing overwritten

    assert client_for(case.editor).post(case.page(record), case.form(typed, 2)).status_code == 302
    record.refresh_from_db()
    assert (record.version, case.read(record)) == (3, typed)
    if case.api is None:
        return
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


def test_the_edit_pages_carry_the_version_they_were_read_at(hoan_kiem, persona, client_for):
    quota = _it_quota(hoan_kiem)
    unit = _unit(hoan_kiem)
    pages = {"demo.tinh": [f"/nhan-su/dinh-bien/{quota.pk}/", "/nhan-su/gioi-han-to-chuc/"],
             "demo.xa": [f"/nhan-su/don-vi/{unit.pk}/doi-ten/"]}
    for username, urls in pages.items():
        for url in urls:
            html = client_for(username).get(url).content.decode()
            assert 'name="version"' in html, url
    limits = client_for("demo.tinh").get("/nhan-su/gioi-han-to-chuc/").content.decode()
    assert 'name="version" value="0"' in limits  # the province has set no limits of its own yet


def test_a_quota_reset_from_a_stale_page_or_call_changes_nothing(hoan_kiem, persona, client_for, api_for):
    row = _it_quota(hoan_kiem)
    services.quota_override(actor=persona("demo.tinh"), quota=row, headcount=3, reason="Lý do đủ dài", version=1)
    services.quota_override(actor=persona("demo.tinh"), quota=row, headcount=2, reason="Lý do khác nữa", version=2)
    page = client_for("demo.tinh").post(f"/nhan-su/dinh-bien/{row.pk}/", {"reset": "1", "version": 2}, follow=True)
    assert STALE in page.content.decode()
    answer = api_for("demo.tinh").post(f"/api/staffing/quotas/{row.pk}/reset/", {"version": 2}, format="json")
    assert answer.status_code == 409 and answer.json()["code"] == "stale"
    assert api_for("demo.tinh").post(f"/api/staffing/quotas/{row.pk}/reset/", {}, format="json").status_code == 400
    row.refresh_from_db()
    assert (row.headcount, row.is_override, row.version) == (2, True, 3)
    answer = api_for("demo.tinh").post(f"/api/staffing/quotas/{row.pk}/reset/", {"version": 3}, format="json")
    assert answer.status_code == 200 and answer.json()["is_override"] is False and answer.json()["version"] == 4


def test_a_recomputed_default_makes_an_open_override_page_stale(hoan_kiem, persona, client_for):
    """A new default changes what the override page showed: the row counts a version."""
    row = _it_quota(hoan_kiem)
    hoan_kiem.population = 60_000
    hoan_kiem.save()
    services.quotas_recompute(actor=persona("demo.tinh"), commune=hoan_kiem)
    row.refresh_from_db()
    assert row.version == 2
    stale = client_for("demo.tinh").post(f"/nhan-su/dinh-bien/{row.pk}/",
                                         {"headcount": 1, "reason": "Lý do đủ dài", "version": 1})
    assert stale.status_code == 409


def test_a_rename_keeps_the_unit_s_other_fields(hoan_kiem, persona):
    unit = _unit(hoan_kiem)
    services.org_unit_rename(actor=persona("demo.xa"), unit=unit, name="Văn phòng mới", version=1)
    unit = OrgUnit.objects.get(pk=unit.pk)
    assert (unit.name, unit.version, unit.is_statutory) == ("Văn phòng mới", 2, True)
