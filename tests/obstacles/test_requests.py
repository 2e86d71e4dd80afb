"""One written request (công văn đề nghị) covering cases of two communes: drafted by a province
officer, approved and numbered by the leader, answered as a whole by the ministry; its DOCX and PDF."""

import io
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from tests.obstacles.factories import ANSWER, pdf
from thongsuot.accounts.models import Agency, Membership, Role
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.models import NumberSequence
from thongsuot.obstacles import services
from thongsuot.obstacles.models import (
    CaseLevel,
    EscalationRequest,
    Obstacle,
    ObstacleEvent,
    Status,
)

TODAY = date(2025, 11, 24)      # a Monday


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: TODAY)


def _at_province(persona, officer: str, leader: str, title: str) -> Obstacle:
    case = services.obstacle_create(actor=persona(officer), title=title, domain="org_staff",
                                    description="Thiếu công chức địa chính - xây dựng.", severity="high")
    return services.obstacle_escalate(actor=persona(leader), obstacle=case, version=case.version,
                                      message="Vượt thẩm quyền cấp xã.")


@pytest.fixture
def two_cases(persona):
    """A Hoàn Kiếm case (demo.xa) and a Ba Đình case (demo.xa2), both at the province."""
    ba_dinh = Agency.objects.get(code="X00004")
    assert ba_dinh.name.endswith("Ba Đình")
    leader = get_user_model().objects.create_user(username="test.badinh.lanhdao", password="x" * 14,
                                                  full_name="Trần Văn Đình", job_title="Chủ tịch UBND Phường Ba Đình")
    Membership.objects.create(user=leader, agency=ba_dinh, role=Role.LEADER)
    return (_at_province(persona, "demo.xa", "demo.xa.lanhdao", "Thiếu công chức địa chính ở Hoàn Kiếm"),
            _at_province(persona, "demo.xa2", "test.badinh.lanhdao", "Thiếu công chức địa chính ở Ba Đình"))


def test_one_request_covers_two_communes_cases_from_draft_to_answer(two_cases, client_for, persona):
    hoan_kiem, ba_dinh = two_cases
    officer = client_for("demo.tinh.chuyenvien")
    queue = officer.get("/kho-khan/cho-xu-ly/").content.decode()
    assert 'id="draft-request"' in queue and f'name="case" value="{hoan_kiem.pk}"' in queue

    form = officer.get(f"/kho-khan/cong-van/moi/?case={hoan_kiem.pk}&case={ba_dinh.pk}").content.decode()
    assert "Phường Hoàn Kiếm: Thiếu công chức địa chính ở Hoàn Kiếm" in form        # the page lists the cases
    assert "Phường Ba Đình: Thiếu công chức địa chính ở Ba Đình" in form
    # The body refers to the table the document prints instead of listing the cases twice.
    assert "chi tiết tại Danh sách kèm theo công văn này" in form
    assert "1. Phường Hoàn Kiếm" not in form
    # The ministry in charge of the cases' domain is proposed, and the body is addressed to it.
    assert "Kính đề nghị Bộ Nội vụ xem xét" in form and 'value="BNV" selected' in form
    response = officer.post("/kho-khan/cong-van/moi/", {
        "cases": [hoan_kiem.pk, ba_dinh.pk], "to": "BNV", "answer_days": 15,
        "excerpt": "đề nghị hướng dẫn bố trí công chức địa chính cấp xã",
        "content": "UBND Thành phố Hà Nội kính đề nghị Bộ Nội vụ hướng dẫn bố trí công chức địa chính."})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = EscalationRequest.objects.get(from_agency__code="T01", state=EscalationRequest.State.DRAFT)
    assert (doc.number, doc.signed_on, sorted(doc.cases.values_list("pk", flat=True))) == (
        "", None, sorted([hoan_kiem.pk, ba_dinh.pk]))
    hoan_kiem.refresh_from_db()
    assert hoan_kiem.level == CaseLevel.PROVINCE            # nothing moves before the leader signs

    # The officer cannot approve; the leader's form is pre-filled from the yearly sequence and his name.
    assert officer.get(f"/kho-khan/cong-van/{doc.pk}/duyet/").status_code == 403
    NumberSequence.objects.create(issuer=doc.from_agency.code, series="CV", year=2025, last=11)
    leader = client_for("demo.tinh")
    page = leader.get(f"/kho-khan/cong-van/{doc.pk}/duyet/").content.decode()
    assert 'value="12/UBND-NV"' in page and 'value="Hoàng Văn Tỉnh"' in page
    assert 'value="Phó Chủ tịch UBND Thành phố Hà Nội"' in page
    response = leader.post(f"/kho-khan/cong-van/{doc.pk}/duyet/", {
        "number": "12/UBND-NV", "signed_on": "2025-11-24", "signer_name": "Hoàng Văn Tỉnh",
        "signer_title": "Phó Chủ tịch UBND Thành phố Hà Nội", "version": doc.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc.refresh_from_db()
    assert (doc.state, doc.number, doc.approved_by.username, doc.answer_due) == (
        EscalationRequest.State.SENT, "12/UBND-NV", "demo.tinh", date(2025, 12, 15))
    assert NumberSequence.objects.get(issuer=doc.from_agency.code, series="CV", year=2025).last == 12
    for case in (hoan_kiem, ba_dinh):
        case.refresh_from_db()
        assert (case.status, case.level, case.responsible_agency.code, case.ministry.code, case.due_date) == (
            Status.ESCALATED, CaseLevel.MINISTRY, "BNV", "BNV", date(2025, 12, 15))
        assert case.events.filter(kind=ObstacleEvent.Kind.ESCALATE, actor__username="demo.tinh").count() == 1

    # The ministry answers the whole request from its page: both cases go back to the province.
    ministry = client_for("demo.bo")
    detail = ministry.get(f"/kho-khan/cong-van/{doc.pk}/").content.decode()
    assert "Thiếu công chức địa chính ở Ba Đình" in detail and "Trả lời công văn" in detail
    response = ministry.post(f"/kho-khan/cong-van/{doc.pk}/tra-loi/", {**ANSWER, "signed_on": "2025-11-24",
                                                                       "version": doc.version,
                                                                       "file": pdf()})
    assert response.status_code == 302, response.content.decode()[:2000]
    for case in (hoan_kiem, ba_dinh):
        case.refresh_from_db()
        assert (case.status, case.level, case.responsible_agency.code) == (
            Status.ANSWERED, CaseLevel.PROVINCE, "T01")
        assert case.events.get(kind=ObstacleEvent.Kind.ANSWER).answer.number == "456/BNV-CQĐP"
    # The case page links the request; each commune sees its case's request.
    page = client_for("demo.xa2").get(f"/kho-khan/{ba_dinh.pk}/").content.decode()
    assert f"/kho-khan/cong-van/{doc.pk}/" in page and "12/UBND-NV" in page


def _sent_request(persona, two_cases) -> EscalationRequest:
    hoan_kiem, ba_dinh = two_cases
    draft = services.request_draft(actor=persona("demo.tinh.chuyenvien"), cases=[hoan_kiem, ba_dinh],
                                   to_agency=Agency.objects.get(code="BNV"),
                                   excerpt="đề nghị hướng dẫn bố trí công chức địa chính cấp xã",
                                   content="UBND Thành phố Hà Nội kính đề nghị Bộ Nội vụ hướng dẫn.")
    return services.request_approve(actor=persona("demo.tinh"), request=draft, version=draft.version,
                                    number="01/UBND-NV", signed_on=TODAY, signer_name="Hoàng Văn Tỉnh",
                                    signer_title="Phó Chủ tịch")


def test_answering_from_one_case_page_answers_every_covered_case(persona, two_cases):
    doc = _sent_request(persona, two_cases)
    hoan_kiem, ba_dinh = (Obstacle.objects.get(pk=c.pk) for c in two_cases)
    services.obstacle_answer(actor=persona("demo.bo"), obstacle=ba_dinh, version=ba_dinh.version,
                             **{**ANSWER, "signed_on": TODAY})
    hoan_kiem.refresh_from_db()
    assert (hoan_kiem.status, hoan_kiem.responsible_agency.code) == (Status.ANSWERED, "T01")
    assert doc.answer.obstacle_id in (hoan_kiem.pk, ba_dinh.pk)


def test_permissions_and_other_territories(persona, client_for, two_cases):
    hoan_kiem, ba_dinh = two_cases
    with pytest.raises(Forbidden):      # a commune does not write to ministries
        services.request_draft(actor=persona("demo.xa"), cases=[hoan_kiem], to_agency=Agency.objects.get(code="BNV"),
                               excerpt="x", content="y")
    other = services.obstacle_create(actor=persona("demo.tinh2"), title="Lào Cai", domain="org_staff",
                                     description="Thiếu người.")
    with pytest.raises(DomainError):    # another province's case is not ours to put in a request
        services.request_draft(actor=persona("demo.tinh.chuyenvien"), cases=[hoan_kiem, other],
                               to_agency=Agency.objects.get(code="BNV"), excerpt="x", content="y")
    draft = services.request_draft(actor=persona("demo.tinh.chuyenvien"), cases=[hoan_kiem, ba_dinh],
                                   to_agency=Agency.objects.get(code="BNV"), excerpt="x", content="y")
    with pytest.raises(Forbidden):      # an officer drafts, only a leader signs
        services.request_approve(actor=persona("demo.tinh.chuyenvien"), request=draft, version=draft.version,
                                 number="01/UBND-NV", signed_on=TODAY, signer_name="A", signer_title="B")
    for outsider in ("demo.tinh2", "demo.xa3", "demo.bo"):      # drafts are the drafter's; other provinces 404
        assert client_for(outsider).get(f"/kho-khan/cong-van/{draft.pk}/").status_code == 404
        assert client_for(outsider).get(f"/kho-khan/cong-van/{draft.pk}.pdf").status_code == 404
    services.request_approve(actor=persona("demo.tinh"), request=draft, version=draft.version,
                             number="01/UBND-NV", signed_on=TODAY, signer_name="Hoàng Văn Tỉnh", signer_title="B")
    assert client_for("demo.tinh2").get(f"/kho-khan/cong-van/{draft.pk}/").status_code == 404
    assert client_for("demo.xa").get(f"/kho-khan/cong-van/{draft.pk}/").status_code == 200
    assert client_for("demo.bo").get(f"/kho-khan/cong-van/{draft.pk}/").status_code == 200
    assert client_for("demo.xa").get(f"/kho-khan/cong-van/{draft.pk}/tra-loi/").status_code == 403
    again = services.request_draft(actor=persona("demo.tinh.chuyenvien"),
                                   cases=[_at_province(persona, "demo.xa", "demo.xa.lanhdao", "Thiếu máy chủ")],
                                   to_agency=Agency.objects.get(code="BNV"), excerpt="x", content="y")
    with pytest.raises(DomainError) as refused:    # the same number twice in a year is refused
        services.request_approve(actor=persona("demo.tinh"), request=again, version=again.version,
                                 number="01/UBND-NV", signed_on=TODAY, signer_name="A", signer_title="B")
    assert refused.value.field == "number"
    assert NumberSequence.objects.get(issuer="T01", series="CV", year=TODAY.year).last == 1


def test_docx_and_pdf_of_the_request(persona, client_for, two_cases, tmp_path):
    doc = _sent_request(persona, two_cases)
    client = client_for("demo.tinh")
    docx = client.get(f"/kho-khan/cong-van/{doc.pk}.docx")
    assert docx.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    for text in ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "01/UBND-NV", "Kính gửi", "Bộ Nội vụ",
                 "Thiếu công chức địa chính ở Ba Đình", "Phường Hoàn Kiếm", "Nơi nhận", "Hoàng Văn Tỉnh",
                 "V/v đề nghị hướng dẫn bố trí công chức địa chính cấp xã"):
        assert text in xml, text
    pdf = client.get(f"/kho-khan/cong-van/{doc.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "cong-van.pdf"
        path.write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 01/UBND-NV", "Kính gửi: Bộ Nội vụ",
                       "Thiếu công chức địa chính ở", "Ba Đình", "Nơi nhận", "Hoàng Văn Tỉnh",
                       "ngày 24 tháng 11 năm 2025", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
            assert needle in text, needle
        # A vice-chairman signs for the committee on the chairman's behalf (Decree 30/2020).
        assert text.index("TM. ỦY BAN NHÂN DÂN") < text.index("KT. CHỦ TỊCH") < text.index("PHÓ CHỦ TỊCH") \
            < text.index("Hoàng Văn Tỉnh")


def test_the_migration_moves_the_request_numbers_into_the_one_register(db):
    """obstacles 0017: the rows of the old register (agency, year, last) land in core's, series CV; a
    number core already holds that is higher is kept."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps as django_apps

    old_rows = [SimpleNamespace(agency=SimpleNamespace(code="T01"), year=2025, last=11),
                SimpleNamespace(agency=SimpleNamespace(code="T79"), year=2025, last=3)]
    old_register = SimpleNamespace(objects=SimpleNamespace(select_related=lambda *names: old_rows))
    NumberSequence.objects.create(issuer="T79", series="CV", year=2025, last=7)
    apps = SimpleNamespace(get_model=lambda app, name: old_register if name == "DocumentSequence"
                           else django_apps.get_model(app, name))
    import_module("thongsuot.obstacles.migrations.0017_request_numbers_in_core").to_core(apps, None)
    assert dict(NumberSequence.objects.filter(series="CV").values_list("issuer", "last")) == {"T01": 11, "T79": 7}
    assert services.proposed_number(Agency.objects.get(code="T01"), 2025) == "12/UBND-NV"
