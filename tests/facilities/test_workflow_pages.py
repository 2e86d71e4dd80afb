"""Through HTTP: documents, history, procurement, outages, cancellation, and the finance ministry's view."""

import re
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thongsuot.accounts.middleware import SESSION_OK
from thongsuot.accounts.models import Agency, Membership, Role, User
from thongsuot.facilities import services
from thongsuot.facilities.models import (
    Facility,
    FacilityDocument,
    Outage,
    PlanState,
    ProcurementRequest,
    ProcurementState,
)

from .conftest import HOAN_KIEM

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_documents_are_checked_by_content_and_served_only_in_scope(client_for, make_facility):
    facility = make_facility()
    client = client_for("demo.xa")
    url = f"/co-so-vat-chat/tru-so/{facility.pk}/tai-lieu/"
    client.post(url, {"file": SimpleUploadedFile("anh.jpg", b"MZ not an image"), "title": "Ảnh"})
    assert not FacilityDocument.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("bien-ban.pdf", PDF), "title": "Biên bản kiểm kê"})
    document = FacilityDocument.objects.get()
    assert document.content_type == "application/pdf" and document.commune.code == HOAN_KIEM
    response = client.get(f"/co-so-vat-chat/tai-lieu/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_for("demo.xa2").get(f"/co-so-vat-chat/tai-lieu/{document.pk}/").status_code == 404
    assert client_for("demo.xa2").post(url, {"file": SimpleUploadedFile("b.pdf", PDF)}).status_code == 404


def test_history_page_follows_the_facility_scope(client_for, make_facility):
    facility = make_facility()
    url = reverse("audit:history", args=["facilities.facility", facility.pk])
    assert client_for("demo.xa").get(url).status_code == 200
    assert client_for("demo.xa2").get(url).status_code in (403, 404)


def test_procurement_through_the_pages(client_for):
    xa, tinh = client_for("demo.xa"), client_for("demo.tinh")
    response = xa.post("/co-so-vat-chat/de-nghi/them/", {"category": "may_tinh", "quantity": "0",
                                                         "justification": "Thiếu máy"})
    assert response.status_code == 400 and "Số lượng phải từ 1 trở lên." in response.content.decode()
    xa.post("/co-so-vat-chat/de-nghi/them/", {"category": "may_tinh", "quantity": "5", "justification": "Thiếu máy"})
    item = ProcurementRequest.objects.get()
    xa.post(f"/co-so-vat-chat/de-nghi/{item.pk}/chuyen/", {"to": "da_gui"})
    xa.post(f"/co-so-vat-chat/de-nghi/{item.pk}/chuyen/", {"to": "da_duyet"})
    assert ProcurementRequest.objects.get().state == ProcurementState.SUBMITTED
    tinh.post(f"/co-so-vat-chat/de-nghi/{item.pk}/chuyen/", {"to": "da_duyet"})
    assert ProcurementRequest.objects.get().state == ProcurementState.APPROVED
    assert client_for("demo.xa2").post(f"/co-so-vat-chat/de-nghi/{item.pk}/chuyen/",
                                       {"to": "da_cap"}).status_code == 404


def test_outage_closed_from_the_commune_page(client_for, persona, commune):
    outage = services.outage_record(actor=persona("demo.xa"), commune=commune(HOAN_KIEM),
                                    started_at=timezone.now() - timedelta(hours=3), cause="Mất điện")
    client = client_for("demo.xa")
    end = timezone.localtime(outage.started_at + timedelta(minutes=75)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/co-so-vat-chat/su-co/{outage.pk}/ket-thuc/", {"ended_at": end})
    assert response.status_code == 302
    assert Outage.objects.get().duration_minutes in (74, 75)  # the form drops seconds
    page = client.get("/co-so-vat-chat/su-co/").content.decode()
    assert "phút" in page and "Mất điện" in page


def test_cancel_form_needs_a_reason(client_for, make_facility, persona):
    facility = make_facility()
    plan = services.handling_plan_propose(actor=persona("demo.xa"), facility=facility, method="giu_lai",
                                          deadline=timezone.localdate() + timedelta(days=5))
    client = client_for("demo.xa")
    response = client.post(f"/co-so-vat-chat/phuong-an/{plan.pk}/huy/", {"note": ""})
    assert response.status_code == 400 and "Lý do hủy" in response.content.decode()
    client.post(f"/co-so-vat-chat/phuong-an/{plan.pk}/huy/", {"note": "Đổi phương án"})
    plan.refresh_from_db()
    assert plan.state == PlanState.CANCELLED


def test_finance_ministry_sees_national_figures_but_cannot_write(db, make_facility):
    make_facility()
    user = User.objects.create_user("btc.chuyenvien", password="x" * 12, full_name="Chuyên viên Bộ Tài chính")
    Membership.objects.create(user=user, agency=Agency.objects.get(code="BTC"), role=Role.OFFICER)
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_OK] = True
    session.save()
    assert "Hàng Bạc" in client.get("/co-so-vat-chat/tru-so/").content.decode()
    assert client.get("/co-so-vat-chat/tru-so/them/").status_code == 403


def test_a_resent_form_does_not_create_a_second_record(client_for):
    """A weak connection drops the answer; the browser resends the same form: still one premises."""
    client = client_for("demo.xa")
    form = client.get("/co-so-vat-chat/tru-so/them/").content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f]{32})"', form).group(1)
    data = {"submission_key": key, "name": "Trụ sở phường Chương Dương cũ", "kind": "tru_so",
            "address": "Chương Dương", "land_area_m2": "300", "floor_area_m2": "200", "condition": "kha",
            "status": "du_doi"}
    first = client.post("/co-so-vat-chat/tru-so/them/", data)
    second = client.post("/co-so-vat-chat/tru-so/them/", data)
    assert Facility.objects.count() == 1
    assert first["Location"] == second["Location"]
    # A new key from another session (the same session's same form is Back + resubmit: the first key).
    client_for("demo.xa").post("/co-so-vat-chat/tru-so/them/", {**data, "submission_key": "b" * 32})
    assert Facility.objects.count() == 2
