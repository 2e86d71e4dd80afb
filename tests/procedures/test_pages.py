"""What users do through the pages: intake, processing, rights, the public lookup, printed forms."""

from datetime import date

import pytest
from django.test import Client
from rest_framework.test import APIClient

from thongsuot.audit.models import AuditEvent
from thongsuot.procedures.models import Dossier, DossierEvent, Procedure, Status
from thongsuot.procedures.services import dossier_transition

from .conftest import at

APPLICANT = ("Nguyễn Thị Hoa", "0912345678", "12 Hàng Bạc, Hoàn Kiếm")


def test_desk_officer_receives_a_dossier_through_the_form(client_for, procedure):
    procedure(3, code="1.001193")
    client = client_for("demo.xa")
    page = client.get("/thu-tuc/ho-so/tiep-nhan/")
    assert page.status_code == 200
    key = page.context["form"]["submission_key"].initial
    data = {"procedure": "1.001193", "channel": "1", "applicant_name": "Trần Văn Bình", "applicant_phone": "0987654321",
            "submission_key": key}
    response = client.post("/thu-tuc/ho-so/tiep-nhan/", data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/thu-tuc/ho-so/{dossier.code}/"
    assert dossier.status == Status.RECEIVED and dossier.created_by.username == "demo.xa"
    # The same form sent again after a dropped connection finds the same dossier.
    again = client.post("/thu-tuc/ho-so/tiep-nhan/", data)
    assert again["Location"] == response["Location"]
    assert Dossier.objects.count() == 1


def test_intake_form_names_the_bad_field_and_saves_nothing(client_for, procedure):
    response = client_for("demo.xa").post("/thu-tuc/ho-so/tiep-nhan/", {
        "procedure": "9.999999", "channel": "1", "applicant_name": ""})
    assert response.status_code == 400          # core.forms.submit: a refused form answers 400
    body = response.content.decode()
    assert "Chưa lưu được" in body
    assert "Không có thủ tục đang áp dụng với mã này." in body
    assert "Họ và tên người nộp" in body
    assert Dossier.objects.count() == 0


def test_intake_page_is_for_commune_staff_only(client_for):
    for username in ("demo.tinh", "demo.quocgia", "demo.xa.xem"):
        assert client_for(username).get("/thu-tuc/ho-so/tiep-nhan/").status_code == 404


def test_processing_through_the_page(client_for, intake):
    dossier = intake()
    client = client_for("demo.xa")
    page = client.get(f"/thu-tuc/ho-so/{dossier.code}/")
    assert page.status_code == 200
    assert [kind for kind, _label in page.context["steps"]] == [
        DossierEvent.Kind.PROCESS, DossierEvent.Kind.SUPPLEMENT_REQUEST, DossierEvent.Kind.AWAIT_FEES,
        DossierEvent.Kind.WITHDRAW, DossierEvent.Kind.FINISH]
    url = f"/thu-tuc/ho-so/{dossier.code}/xu-ly/"
    refused = client.post(url, {"kind": "supplement_request", "version": dossier.version, "note": ""}, follow=True)
    assert "Vui lòng nhập lý do, nội dung." in refused.content.decode()
    client.post(url, {"kind": "supplement_request", "version": dossier.version, "note": "Thiếu bản sao giấy khai sinh"})
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT
    stale = client.post(url, {"kind": "supplement_received", "version": dossier.version - 1}, follow=True)
    assert "đã được người khác thay đổi" in stale.content.decode()
    wrong = client.post(url, {"kind": "return_result", "version": dossier.version}, follow=True)
    assert "Không thể “Trả kết quả” khi hồ sơ đang ở trạng thái “Yêu cầu bổ sung”." in wrong.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == Status.SUPPLEMENT


def test_applicant_data_is_shown_only_to_the_receiving_commune(client_for, intake):
    dossier = intake()
    own = client_for("demo.xa").get(f"/thu-tuc/ho-so/{dossier.code}/").content.decode()
    assert all(value in own for value in APPLICANT)
    province = client_for("demo.tinh").get(f"/thu-tuc/ho-so/{dossier.code}/")
    assert province.status_code == 200
    assert not any(value in province.content.decode() for value in APPLICANT)
    assert client_for("demo.tinh").get(f"/thu-tuc/ho-so/{dossier.code}/bien-nhan.pdf").status_code == 404
    central = client_for("demo.quocgia").get(f"/thu-tuc/ho-so/{dossier.code}/").content.decode()
    assert not any(value in central for value in APPLICANT)


@pytest.mark.parametrize("username", ["demo.xa2", "demo.xa3", "demo.tinh2", "demo.bo"])
def test_others_cannot_see_the_dossier_at_all(client_for, intake, username):
    dossier = intake()
    client = client_for(username)
    assert client.get(f"/thu-tuc/ho-so/{dossier.code}/").status_code == 404
    assert client.get(f"/thu-tuc/ho-so/{dossier.code}/ho-so-khong-co/").status_code == 404
    assert dossier.code not in client.get("/thu-tuc/ho-so/").content.decode()
    response = client.post(f"/thu-tuc/ho-so/{dossier.code}/xu-ly/", {"kind": "process", "version": dossier.version})
    assert response.status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED


def test_province_sees_its_communes_dossiers_in_the_list(client_for, intake):
    hanoi = intake(user="demo.xa")
    laocai = intake(user="demo.xa3")
    body = client_for("demo.tinh").get("/thu-tuc/ho-so/").content.decode()
    assert hanoi.code in body and laocai.code not in body


def test_receipt_and_apology_letter_are_pdfs(client_for, persona, intake):
    dossier = intake(days=1, when=at(2025, 11, 3))
    client = client_for("demo.xa")
    receipt = client.get(f"/thu-tuc/ho-so/{dossier.code}/bien-nhan.pdf")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF") and b"LiberationSerif" in receipt.content
    dossier_transition(actor=persona("demo.xa.lanhdao"), dossier=dossier, kind=DossierEvent.Kind.EXTEND,
                       note="Cần xác minh thực địa", new_appointment=date(2025, 11, 10), at=at(2025, 11, 4))
    event = dossier.events.get(kind=DossierEvent.Kind.EXTEND)
    apology = client.get(f"/thu-tuc/ho-so/{dossier.code}/xin-loi/{event.pk}.pdf")
    assert apology.status_code == 200 and apology.content.startswith(b"%PDF")


def test_dossier_list_exports_to_excel_with_an_audit_event(client_for, intake):
    intake()
    response = client_for("demo.xa").get("/thu-tuc/ho-so/?xuat=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="export", object_type="procedures.dossier").count() == 1


def test_catalogue_and_proposals(client_for, procedure):
    procedure(5, code="1.004227")
    assert "1.004227" in client_for("demo.xa").get("/thu-tuc/?q=thu+nghiem").content.decode()
    client_for("demo.xa").post("/thu-tuc/1.004227/de-xuat/", {"kind": "simplify", "content": "Bỏ bản sao công chứng"})
    proposal = client_for("demo.xa").get("/thu-tuc/1.004227/").context["proposals"][0]
    assert proposal.state == "proposed" and proposal.proposed_by.code == "X00070"
    client_for("demo.tinh").post(f"/thu-tuc/de-xuat/{proposal.pk}/xu-ly/", {"state": "accepted"})
    proposal.refresh_from_db()
    assert proposal.state == "proposed"          # only the national level decides
    client_for("demo.quocgia").post(f"/thu-tuc/de-xuat/{proposal.pk}/xu-ly/", {"state": "accepted", "note": "Đồng ý"})
    proposal.refresh_from_db()
    assert proposal.state == "accepted"


def test_figures_page_per_level(client_for, intake):
    intake(when=at(2025, 11, 3))
    intake(when=at(2025, 11, 4), user="demo.xa3")
    national = client_for("demo.quocgia").get("/thu-tuc/so-lieu/?start=2025-11-01&end=2025-11-30")
    assert national.context["total"].received == 2
    assert {f.label for f in national.context["rows"]} == {"Thành phố Hà Nội", "Tỉnh Lào Cai"}
    province = client_for("demo.tinh").get("/thu-tuc/so-lieu/?start=2025-11-01&end=2025-11-30")
    assert province.context["total"].received == 1
    assert [f.label for f in province.context["rows"]] == ["Phường Hoàn Kiếm"]
    ministry = client_for("demo.bo").get("/thu-tuc/so-lieu/?start=2025-11-01&end=2025-11-30")
    assert ministry.context["total"].received == 2
    other = client_for("demo.xa2").get("/thu-tuc/so-lieu/?start=2025-11-01&end=2025-11-30")
    assert other.context["total"].received == 0
    assert client_for("demo.tinh").get("/thu-tuc/so-lieu/?province=15").status_code == 404


# --- Public lookup ---------------------------------------------------------------------------------------------

def test_public_lookup_shows_status_and_dates_without_login(intake, persona):
    dossier = intake(days=3, when=at(2025, 11, 3))
    dossier_transition(actor=persona("demo.xa"), dossier=dossier, kind=DossierEvent.Kind.SUPPLEMENT_REQUEST,
                       note=f"Ông/bà {APPLICANT[0]} bổ sung giấy tờ", at=at(2025, 11, 4))
    response = Client().get(f"/tra-cuu/?ma={dossier.code.lower()}")
    assert response.status_code == 200
    body = response.content.decode()
    assert dossier.code in body and "Yêu cầu bổ sung" in body and "06/11/2025" in body
    for secret in (*APPLICANT, "bổ sung giấy tờ", "Ngô Thị Xuân", "demo.xa"):
        assert secret not in body


def test_public_lookup_of_an_unknown_code_reveals_nothing(intake):
    dossier = intake()
    pages = [Client().get(f"/tra-cuu/?ma={code}").content.decode()
             for code in ("X00070-251103-9999", "không-phải-mã", "X00004-251103-0001")]
    assert all("Không tìm thấy hồ sơ với mã đã nhập." in page for page in pages)
    strip = [page.replace(code, "") for page, code in zip(pages, ("X00070-251103-9999", "không-phải-mã",
                                                                  "X00004-251103-0001"), strict=True)]
    assert strip[0] == strip[2]
    assert dossier.code not in pages[0]


def test_public_lookup_is_rate_limited(intake, monkeypatch):
    from thongsuot.procedures.throttling import PublicLookupThrottle

    monkeypatch.setattr(PublicLookupThrottle, "THROTTLE_RATES", {"public_lookup": "3/min"})
    monkeypatch.setattr(PublicLookupThrottle, "timer", lambda self: 1_800_000_030.0)   # mid-window
    client = Client()
    codes = [client.get("/tra-cuu/?ma=X00070-251103-0001").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "Bạn tra cứu quá nhiều lần" in client.get("/tra-cuu/?ma=X").content.decode()
    assert client.get("/tra-cuu/").status_code == 200     # the empty form is never limited
    assert APIClient().get("/api/procedures/lookup/X00070-251103-0001/").status_code == 429
    monkeypatch.setattr(PublicLookupThrottle, "timer", lambda self: 1_800_000_090.0)   # the next minute
    assert client.get("/tra-cuu/?ma=X00070-251103-0001").status_code == 200


def test_national_staff_maintain_the_catalogue(client_for):
    data = {"code": "1.009999", "name": "Cấp giấy xác nhận thử nghiệm", "sector": "khac", "time_limit_days": "0",
            "fee": "0", "online_level": "full", "version": "0"}
    client = client_for("demo.quocgia")
    refused = client.post("/thu-tuc/them/", data)
    assert refused.status_code == 400 and "Chưa lưu được" in refused.content.decode()
    assert not Procedure.objects.filter(code="1.009999").exists()
    response = client.post("/thu-tuc/them/", {**data, "time_limit_days": "4"})
    assert response.status_code == 302
    procedure = Procedure.objects.get(code="1.009999")
    assert procedure.time_limit_days == 4
    assert 'name="version" value="1"' in client.get("/thu-tuc/1.009999/sua/").content.decode()
    client.post("/thu-tuc/1.009999/sua/", {**data, "time_limit_days": "6", "is_active": "on", "version": "1"})
    procedure.refresh_from_db()
    assert (procedure.time_limit_days, procedure.version) == (6, 2)
    stale = client.post("/thu-tuc/1.009999/sua/", {**data, "time_limit_days": "9", "is_active": "on", "version": "1"})
    assert stale.status_code == 409 and "Bản ghi đã được người khác sửa" in stale.content.decode()
    procedure.refresh_from_db()
    assert (procedure.time_limit_days, procedure.version) == (6, 2)
    assert AuditEvent.objects.filter(object_type="procedures.procedure", object_id=str(procedure.pk)).count() == 2
    for username in ("demo.tinh", "demo.xa", "demo.bo"):
        assert client_for(username).get("/thu-tuc/them/").status_code == 404
        assert client_for(username).post("/thu-tuc/1.009999/sua/", {**data, "time_limit_days": "1"}).status_code == 404
    procedure.refresh_from_db()
    assert procedure.time_limit_days == 6


def test_an_oversized_export_is_refused_with_a_message(client_for, intake, monkeypatch):
    from thongsuot.audit import exports

    intake()
    intake()
    monkeypatch.setattr(exports, "EXPORT_ROW_CAP", 1)
    response = client_for("demo.xa").get("/thu-tuc/ho-so/?xuat=xlsx", follow=True)
    assert "vui lòng lọc bớt" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_history_and_personal_data_views_are_audited(client_for, intake):
    dossier = intake()
    client_for("demo.xa").get(f"/thu-tuc/ho-so/{dossier.code}/")
    client_for("demo.xa").get(f"/thu-tuc/ho-so/{dossier.code}/bien-nhan.pdf")
    client_for("demo.tinh").get(f"/thu-tuc/ho-so/{dossier.code}/")        # no personal data shown: no trace
    views = AuditEvent.objects.filter(action="view_personal", object_id=str(dossier.pk))
    assert sorted(v.changes["view"] for v in views) == ["detail", "receipt"]
    assert {v.actor_name for v in views} == {"demo.xa"}
    history = client_for("demo.tinh").get(f"/nhat-ky/procedures.dossier/{dossier.pk}/")
    assert history.status_code == 200
    assert "Nguyễn Thị Hoa" not in history.content.decode()
    assert client_for("demo.xa2").get(f"/nhat-ky/procedures.dossier/{dossier.pk}/").status_code == 404


def test_public_lookup_survives_a_dropped_database_connection(intake, monkeypatch):
    """A persistent connection the server closed (a restart): the lookup reconnects and answers."""
    from django.db import connection

    from thongsuot.procedures import selectors

    if connection.vendor != "postgresql":
        pytest.skip("the reconnecting path is PostgreSQL's")
    dossier = intake()
    calls = []
    real = connection.ensure_connection

    def flaky():
        real()
        if not calls:
            calls.append(1)
            from django.db import OperationalError
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "ensure_connection", flaky)
    monkeypatch.setattr(selectors, "_may_retry", lambda: True)
    monkeypatch.setattr(connection, "close", lambda: None)     # the test's transaction must survive
    assert selectors.public_lookup(dossier.code)["code"] == dossier.code
    assert calls == [1]


# --- Public figures ----------------------------------------------------------------------------------------------

def test_public_figures_show_counts_by_province_and_commune_without_sign_in(intake):
    from django.core.cache import cache
    from django.utils import timezone

    cache.clear()
    now = timezone.now()
    intake(when=now)
    intake(when=now, user="demo.xa3")
    anonymous = Client()
    page = anonymous.get("/tra-cuu/so-lieu/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Thành phố Hà Nội" in body and "Tỉnh Lào Cai" in body
    assert APPLICANT[0] not in body and "0912345678" not in body
    assert page["Cache-Control"].startswith("public")
    province = anonymous.get("/tra-cuu/so-lieu/?tinh=01&ky=thang")
    assert "Phường Hoàn Kiếm" in province.content.decode()
    assert "Tỉnh Lào Cai" not in province.content.decode()
    assert anonymous.get("/tra-cuu/so-lieu/?tinh=99").status_code == 404
    assert anonymous.get("/tra-cuu/so-lieu/?ky=bogus").status_code == 200


def test_public_figures_are_computed_once_per_period_and_kept(intake, django_assert_max_num_queries):
    from django.core.cache import cache
    from django.utils import timezone

    from thongsuot.procedures.selectors import public_figures

    cache.clear()
    intake(when=timezone.now())
    today = timezone.localdate()
    total, rows = public_figures(start=today.replace(day=1), end=today)
    assert total.received == 1 and [r.label for r in rows] == ["Thành phố Hà Nội"]
    with django_assert_max_num_queries(1):       # the cache read only (the database cache is one query)
        again, _rows = public_figures(start=today.replace(day=1), end=today)
    assert again.received == 1
