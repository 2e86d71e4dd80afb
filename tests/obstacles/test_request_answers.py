"""Answers to written requests: item by item (each case its own text; the request is answered once
every case is), the answer as a Decree 30 document, the signed scans, and the national leader's notice."""

import io
import shutil
import subprocess
import zipfile

import pytest

from tests.obstacles.factories import ANSWER, pdf
from tests.obstacles.test_register import ANSWER_DAY, _send
from tests.obstacles.test_requests import TODAY
from thongsuot.accounts.models import Agency
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.notifications.models import Notification
from thongsuot.obstacles import selectors, services
from thongsuot.obstacles.documents import signature_authority
from thongsuot.obstacles.models import EscalationRequest, Obstacle, RequestCase, RequestDaysTally, Status


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: TODAY)


def test_item_by_item_answers_complete_the_request_with_the_last_case(persona, two_cases, client_for, monkeypatch):
    hoan_kiem, ba_dinh = two_cases
    doc = _send(persona, two_cases)
    ministry = client_for("demo.bo")
    form = ministry.get(f"/kho-khan/cong-van/{doc.pk}/tra-loi/").content.decode()
    assert f'name="case_{hoan_kiem.pk}"' in form and f'name="case_{ba_dinh.pk}"' in form
    # Only Hoàn Kiếm's case is answered first: it goes back to the province with its own text.
    response = ministry.post(f"/kho-khan/cong-van/{doc.pk}/tra-loi/", {
        **ANSWER, "signed_on": "2025-11-24", "guidance": "", "version": doc.version,
        f"case_{hoan_kiem.pk}": "Bố trí công chức địa chính theo Nghị định 33/2023."})
    assert response.status_code == 302, response.content.decode()[:3000]
    doc.refresh_from_db()
    hoan_kiem.refresh_from_db()
    ba_dinh.refresh_from_db()
    assert (hoan_kiem.status, hoan_kiem.responsible_agency.code) == (Status.ANSWERED, "T01")
    assert (ba_dinh.status, ba_dinh.responsible_agency.code) == (Status.ESCALATED, "BNV")
    assert doc.answered_on is None and not RequestDaysTally.objects.exists()
    assert hoan_kiem.events.get(kind="answer").message == "Bố trí công chức địa chính theo Nghị định 33/2023."
    page = ministry.get(f"/kho-khan/cong-van/{doc.pk}/").content.decode()
    assert "Đã trả lời một phần" in page and "Trả lời công văn" in page
    # A text for a case already answered is refused by name; an empty answer is refused.
    with pytest.raises(DomainError, match="KK-"):
        services.request_answer(actor=persona("demo.bo"), request=doc, **{**ANSWER, "signed_on": TODAY},
                                case_guidance={hoan_kiem.pk: "lần nữa"})
    with pytest.raises(DomainError):
        services.request_answer(actor=persona("demo.bo"), request=doc, **{**ANSWER, "signed_on": TODAY},
                                case_guidance={ba_dinh.pk: "  "})
    # Ba Đình's answer later completes the request: its days are counted once.
    monkeypatch.setattr(services, "today", lambda: ANSWER_DAY)
    services.request_answer(actor=persona("demo.bo"), request=doc,
                            **{**ANSWER, "number": "460/BNV-CQĐP", "signed_on": ANSWER_DAY, "guidance": ""},
                            case_guidance={ba_dinh.pk: "Tuyển dụng bổ sung theo Đề án vị trí việc làm."})
    doc.refresh_from_db()
    assert (doc.answered_on, doc.days_taken, doc.answers.count()) == (ANSWER_DAY, 7, 2)
    assert list(RequestDaysTally.objects.values_list("days", "n")) == [(7, 1)]
    assert list(RequestCase.objects.filter(request=doc).order_by("position").values_list("guidance", flat=True)) == [
        "Bố trí công chức địa chính theo Nghị định 33/2023.", "Tuyển dụng bổ sung theo Đề án vị trí việc làm."]
    with pytest.raises(Exception, match="đã có văn bản trả lời"):
        services.request_answer(actor=persona("demo.bo"), request=doc, **{**ANSWER, "signed_on": ANSWER_DAY})
    # Each case finds the letter that answered it, with its own text, and passes it down with it.
    ba_dinh = Obstacle.objects.get(pk=ba_dinh.pk)
    assert selectors.latest_answer(ba_dinh).guidance == "Tuyển dụng bổ sung theo Đề án vị trí việc làm."
    ba_dinh = services.obstacle_transition(actor=persona("demo.tinh"), obstacle=ba_dinh, action="pass_down",
                                           version=ba_dinh.version, message="Đề nghị phường thực hiện.")
    assert ba_dinh.events.get(kind="pass_down").answer.number == "460/BNV-CQĐP"
    page = client_for("demo.xa2").get(f"/kho-khan/{ba_dinh.pk}/").content.decode()
    assert 'id="guidance"' in page and "Tuyển dụng bổ sung theo Đề án vị trí việc làm." in page


def test_answer_document_and_signed_scans(persona, two_cases, client_for, tmp_path):
    hoan_kiem, ba_dinh = two_cases
    doc = _send(persona, two_cases)
    answer = services.request_answer(
        actor=persona("demo.bo"), request=doc,
        **{**ANSWER, "signed_on": TODAY, "signer_name": "Nguyễn Văn Thứ", "signer_title": "Thứ trưởng Bộ Nội vụ",
           "guidance": ""},
        case_guidance={hoan_kiem.pk: "Hoàn Kiếm: bố trí theo Nghị định 33/2023.",
                       ba_dinh.pk: "Ba Đình: tuyển dụng bổ sung."})
    province = client_for("demo.tinh")
    docx = province.get(f"/kho-khan/cong-van/{doc.pk}/tra-loi/{answer.pk}.docx")
    assert docx.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    for text in ("BỘ NỘI VỤ", "456/BNV-CQĐP", "Kính gửi", "UBND Thành phố Hà Nội", "Công văn số 01/UBND-NV",
                 "Ba Đình: tuyển dụng bổ sung.", "Nguyễn Văn Thứ", "Nơi nhận"):
        assert text in xml, text
    response = province.get(f"/kho-khan/cong-van/{doc.pk}/tra-loi/{answer.pk}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        path = tmp_path / "tra-loi.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 456/BNV-CQĐP", "Kính gửi: UBND Thành phố Hà Nội",
                       "Ý kiến trả lời từng nội dung đề nghị", "Nguyễn Văn Thứ"):
            assert needle in text, needle
        assert text.index("KT. BỘ TRƯỞNG") < text.index("THỨ TRƯỞNG") < text.index("Nguyễn Văn Thứ")
    assert client_for("demo.tinh2").get(f"/kho-khan/cong-van/{doc.pk}/tra-loi/{answer.pk}.pdf").status_code == 404
    # The signed scans: the province's for its request, the ministry's for its answer; nobody else's.
    assert province.post(f"/kho-khan/cong-van/{doc.pk}/ban-ky/", {"file": pdf("12-UBND-NV.pdf")}).status_code == 302
    assert client_for("demo.bo").post(f"/kho-khan/cong-van/{doc.pk}/ban-ky/", {"file": pdf()}).status_code == 403
    assert province.post(f"/kho-khan/cong-van/{doc.pk}/tra-loi/{answer.pk}/ban-ky/",
                         {"file": pdf()}).status_code == 403
    assert client_for("demo.bo").post(f"/kho-khan/cong-van/{doc.pk}/tra-loi/{answer.pk}/ban-ky/",
                                      {"file": pdf("456.pdf")}).status_code == 302
    doc.refresh_from_db()
    answer.refresh_from_db()
    assert (doc.file_name, answer.file_name) == ("12-UBND-NV.pdf", "456.pdf")
    assert province.get(f"/kho-khan/cong-van/{doc.pk}/tra-loi/{answer.pk}/ban-ky/tai/").status_code == 200
    draft = services.request_draft(actor=persona("demo.tinh.chuyenvien"),
                                   cases=[services.obstacle_create(actor=persona("demo.tinh"), title="Trụ sở",
                                                                   domain="hq_assets", description="x")],
                                   to_agency=Agency.objects.get(code="BXD"), excerpt="x", content="y")
    with pytest.raises(Exception, match="dự thảo"):
        services.document_attach_scan(actor=persona("demo.tinh"), document=draft, file=pdf())
    with pytest.raises(Forbidden):
        services.document_attach_scan(actor=persona("demo.tinh2"), document=doc, file=pdf())


@pytest.mark.parametrize(("level", "title", "lines"), [
    ("province", "Phó Chủ tịch UBND Thành phố Hà Nội", ("TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch")),
    ("province", "Chủ tịch", ("TM. Ủy ban nhân dân", "Chủ tịch")),
    ("ministry", "Thứ trưởng Bộ Nội vụ", ("KT. Bộ trưởng", "Thứ trưởng")),
    ("ministry", "Bộ trưởng", ("Bộ trưởng",)),
    ("ministry", "Vụ trưởng Vụ Chính quyền địa phương", ("TL. Bộ trưởng", "Vụ trưởng Vụ Chính quyền địa phương")),
    ("central", "Phó Trưởng Ban Chỉ đạo", ("KT. Trưởng Ban", "Phó Trưởng Ban")),
])
def test_signature_authority_lines(level, title, lines):
    assert signature_authority(Agency(level=level), title) == lines


def test_the_national_leader_is_notified_when_a_case_reaches_the_national_level(persona, two_cases):
    hoan_kiem, _ba_dinh = two_cases
    draft = services.request_draft(actor=persona("demo.tinh"), cases=[hoan_kiem],
                                   to_agency=Agency.objects.get(code="BCD"), excerpt="đề nghị", content="Kính đề nghị.")
    own_before = Notification.objects.filter(user__username="demo.tinh").count()
    services.request_approve(actor=persona("demo.tinh"), request=draft, version=draft.version, number="03/UBND-NV",
                             signed_on=TODAY, signer_name="Hoàng Văn Tỉnh", signer_title="Phó Chủ tịch")
    notices = Notification.objects.filter(url=f"/kho-khan/{hoan_kiem.pk}/")
    assert notices.filter(user__username="demo.quocgia", title__contains="chuyển đến cơ quan bạn").count() == 1
    # Nobody is told of their own move: the leader who signed gets nothing new.
    assert Notification.objects.filter(user__username="demo.tinh").count() == own_before
    case = Obstacle.objects.get(pk=hoan_kiem.pk)
    assert (case.level, case.responsible_agency.code) == ("national", "BCD")
    assert EscalationRequest.objects.get(pk=draft.pk).to_level == "national"
