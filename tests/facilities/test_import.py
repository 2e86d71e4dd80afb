"""Facilities registries imported from spreadsheets: premises, plans, equipment, connectivity, platforms.

Dry run per row, scope, all-or-nothing, idempotence, one audit event, readiness kept, and the export of a
registry read back by its import (export → edit → import changes exactly what was edited).
"""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.core.exports import xlsx_bytes
from thongsuot.facilities import exports
from thongsuot.facilities.models import (
    CommuneReadiness,
    Connectivity,
    DigitalPlatform,
    EquipmentNeed,
    Facility,
    HandlingPlan,
)
from thongsuot.geo.models import Commune
from thongsuot.imports import services
from thongsuot.jobs.models import Job

from .conftest import BA_DINH, BAT_XAT, HOAN_KIEM

EQUIPMENT, CONNECTIVITY, PLATFORMS, PREMISES, PLANS = "thiet-bi", "ket-noi", "nen-tang", "tru-so", "phuong-an"


def workbook(spec, rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([str(spec.title).upper()])
    sheet.append([str(c.header) for c in spec.columns])
    for values in rows:
        sheet.append([values.get(c.key) for c in spec.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def exported(spec, objects) -> bytes:
    """The registry's own export, as the list's `?xuat=xlsx` writes it."""
    return xlsx_bytes(title=str(spec.title), headers=spec.headers, rows=list(spec.rows(objects)))


@pytest.fixture
def upload():
    """The file as stored by the one import flow: the content itself, staged when checked or run."""
    def write(content: bytes, name="tep.xlsx"):
        return content
    return write


class Checked:
    """A dry run of the one import flow, read as the tests need it."""

    def __init__(self, summary: dict):
        self.summary = summary
        self.counts = summary["counts"]
        self.rows = summary["rows"]
        self.errors = [(row["number"], *error) for row in self.rows for error in row["errors"]]


def _token(actor, content: bytes) -> str:
    return services.import_upload_store(actor=actor, upload=SimpleUploadedFile("tep.xlsx", content))


def check(*, actor, kind: str, path: bytes) -> Checked:
    return Checked(services.import_check(actor=actor, slug=kind, token=_token(actor, path), filename="tep.xlsx"))


def run(*, actor, kind: str, path: bytes, filename: str = "tep.xlsx", only_valid: bool = False) -> dict:
    done = services.import_file(actor=actor, slug=kind, token=_token(actor, path), filename=filename,
                                only_valid=only_valid)
    return {"created": done.created, "updated": done.updated, "unchanged": done.unchanged, "error": done.errors}


def equipment_rows():
    return [{"commune.code": code, "category": category, "required": 10, "available": available}
            for code in (HOAN_KIEM, BA_DINH) for category, available in (("Máy tính", 7), ("may_in", "3"))]


@pytest.mark.django_db
def test_equipment_dry_run_names_the_errors_and_writes_nothing(persona, upload):
    rows = equipment_rows()
    rows.append({"commune.name": "Bát Xát", "category": "Máy tính", "required": 5, "available": 1})   # row 7
    rows.append({"commune.code": HOAN_KIEM, "category": "Máy quét", "required": "nhiều", "available": 1})
    rows.append(dict(rows[0]))                                                                          # row 9
    plan = check(actor=persona("demo.tinh"), kind=EQUIPMENT,
                                           path=upload(workbook(exports.EQUIPMENT, rows)))
    assert plan.counts == {"created": 4, "updated": 0, "unchanged": 0, "error": 3}
    assert [e[:3] for e in plan.errors] == [
        (7, "Xã, phường, đặc khu", "C"), (8, "Cần có", "E"), (9, "", "")]
    assert "Lào Cai" in plan.errors[0][3] and "ngoài địa bàn" in plan.errors[0][3]
    assert "trùng với dòng 3" in plan.errors[2][3]
    assert not EquipmentNeed.objects.filter(commune__code__in=[HOAN_KIEM, BA_DINH], required=10).exists()
    with pytest.raises(DomainError, match="3 dòng lỗi"):
        run(actor=persona("demo.tinh"), kind=EQUIPMENT,
                                   path=upload(workbook(exports.EQUIPMENT, rows), "b.xlsx"))
    assert not EquipmentNeed.objects.filter(commune__code__in=[HOAN_KIEM, BA_DINH], required=10).exists()


@pytest.mark.django_db
def test_equipment_import_writes_through_services_audited_once_and_again_unchanged(persona, upload):
    EquipmentNeed.objects.filter(commune__code__in=[HOAN_KIEM, BA_DINH]).delete()
    path = upload(workbook(exports.EQUIPMENT, equipment_rows()))
    counts = run(actor=persona("demo.tinh"), kind=EQUIPMENT, path=path, filename="tb.xlsx")
    assert counts == {"created": 4, "updated": 0, "unchanged": 0, "error": 0}
    need = EquipmentNeed.objects.get(commune__code=BA_DINH, category="may_in")
    assert (need.required, need.available) == (10, 3)
    event = AuditEvent.objects.filter(action="import").get()
    assert event.object_type == "facilities.equipmentneed" and event.changes["created"] == 4
    assert len(event.changes["sha256"]) == 64 and event.changes["filename"] == "tb.xlsx"
    # One event for the import: the services' own events fold into it (issue #17).
    assert not AuditEvent.objects.filter(action="create", object_type="facilities.equipmentneed").exists()
    assert event.changes["writes"] == {"create": 4}
    readiness = CommuneReadiness.objects.get(commune__code=HOAN_KIEM)
    assert readiness.equipment_score > 0
    again = check(actor=persona("demo.tinh"), kind=EQUIPMENT, path=path)
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 4, "error": 0}


@pytest.mark.django_db
def test_equipment_export_edited_and_imported_changes_exactly_the_edit(persona, upload):
    tinh = persona("demo.tinh")
    run(actor=tinh, kind=EQUIPMENT, path=upload(workbook(exports.EQUIPMENT, equipment_rows()),
                                                                       "a.xlsx"))
    needs = list(EquipmentNeed.objects.filter(province__code="01").select_related("province", "commune")
                 .order_by("commune_id", "category")[:40])
    assert len(needs) >= 4
    book = load_workbook(io.BytesIO(exported(exports.EQUIPMENT, needs)))
    sheet = book.active
    header = [c.value for c in sheet[3]]
    available = header.index("Hiện có") + 1
    target = needs[2]
    before = target.available, target.version
    sheet.cell(row=6, column=available, value=target.available + 5)
    out = io.BytesIO()
    book.save(out)
    plan = check(actor=tinh, kind=EQUIPMENT, path=upload(out.getvalue()))
    assert plan.counts == {"created": 0, "updated": 1, "unchanged": len(needs) - 1, "error": 0}
    assert [(r["number"], r["changes"]) for r in plan.rows if r["action"] == "updated"] == [
        (6, {"Hiện có": str(target.available + 5)})]
    run(actor=tinh, kind=EQUIPMENT, path=upload(out.getvalue(), "b.xlsx"))
    target.refresh_from_db()
    assert (target.available, target.version) == (before[0] + 5, before[1] + 1)


@pytest.mark.django_db
def test_commune_officer_imports_only_their_commune(persona, upload):
    plan = check(actor=persona("demo.xa2"), kind=EQUIPMENT,
                                           path=upload(workbook(exports.EQUIPMENT, equipment_rows())))
    assert plan.counts["error"] == 2     # Hoàn Kiếm's rows, not Ba Đình's
    assert all("ngoài địa bàn" in e[3] for e in plan.errors)


@pytest.mark.django_db
def test_viewer_may_not_import(persona, upload):
    with pytest.raises(Forbidden):
        check(actor=persona("demo.xa.xem"), kind=EQUIPMENT,
                                        path=upload(workbook(exports.EQUIPMENT, equipment_rows())))


@pytest.mark.django_db
def test_connectivity_and_platforms_round_trip_and_update(persona, upload):
    tinh = persona("demo.tinh")
    rows = [{"commune.code": HOAN_KIEM, "broadband_mbps": "1.250,5", "mobile_coverage": "5G",
             "government_network": "có", "video_conference_ready": "x"},
            {"commune.name": "Phường Ba Đình", "broadband_mbps": 80, "mobile_coverage": "4g",
             "government_network": "Không", "video_conference_ready": 0}]
    run(actor=tinh, kind=CONNECTIVITY, path=upload(workbook(exports.CONNECTIVITY, rows)))
    hoan_kiem = Connectivity.objects.get(commune__code=HOAN_KIEM)
    assert hoan_kiem.broadband_mbps == Decimal("1250.5") and hoan_kiem.government_network
    assert CommuneReadiness.objects.get(commune__code=HOAN_KIEM).broadband_mbps == Decimal("1250.5")
    records = Connectivity.objects.filter(commune__code__in=[HOAN_KIEM, BA_DINH]).select_related("province",
                                                                                                 "commune")
    plan = check(actor=tinh, kind=CONNECTIVITY,
                                           path=upload(exported(exports.CONNECTIVITY, records), "c.xlsx"))
    assert plan.counts == {"created": 0, "updated": 0, "unchanged": 2, "error": 0}

    DigitalPlatform.objects.filter(commune__code=HOAN_KIEM).delete()
    platforms = [{"commune.code": HOAN_KIEM, "system": "Chữ ký số", "connected_to_province": "Có"},
                 {"commune.code": HOAN_KIEM, "system": "Hệ thống khác", "name": "Camera an ninh",
                  "connected_to_province": "Không"},
                 {"commune.code": HOAN_KIEM, "system": "Hệ thống khác", "connected_to_province": "Không"}]
    plan = check(actor=tinh, kind=PLATFORMS,
                                           path=upload(workbook(exports.PLATFORMS, platforms), "p.xlsx"))
    assert plan.counts["created"] == 3
    with pytest.raises(DomainError, match="Dòng 5: Cần ghi tên hệ thống khác"):
        run(actor=tinh, kind=PLATFORMS,
                                   path=upload(workbook(exports.PLATFORMS, platforms), "p.xlsx"))
    counts = run(actor=tinh, kind=PLATFORMS, only_valid=True,
                                        path=upload(workbook(exports.PLATFORMS, platforms), "p.xlsx"))
    assert counts == {"created": 2, "updated": 0, "unchanged": 0, "error": 1}
    platforms[1]["connected_to_province"] = "có"
    plan = check(actor=tinh, kind=PLATFORMS,
                                           path=upload(workbook(exports.PLATFORMS, platforms[:2]), "q.xlsx"))
    assert [r["action"] for r in plan.rows] == ["unchanged", "updated"]


@pytest.mark.django_db
def test_premises_round_trip_and_plans_proposed_from_a_file(persona, upload, make_facility):
    tinh = persona("demo.tinh")
    facility = make_facility()
    rows = [{"commune.code": BA_DINH, "name": "Nhà văn hóa tổ 5", "kind": "Nhà văn hóa, hội trường",
             "address": "5 Đội Cấn", "land_area_m2": "300", "floor_area_m2": "120,5", "year_built": 2005,
             "condition": "Tốt", "status": "Dôi dư"}]
    run(actor=tinh, kind=PREMISES, path=upload(workbook(exports.FACILITIES, rows)))
    created = Facility.objects.get(name="Nhà văn hóa tổ 5")
    assert created.floor_area_m2 == Decimal("120.5") and created.status == "du_doi" and created.kind == "nha_van_hoa"
    objects = Facility.objects.filter(pk__in=[facility.pk, created.pk]).select_related("province", "commune",
                                                                                       "former_unit")
    book = load_workbook(io.BytesIO(exported(exports.FACILITIES, objects)))
    sheet = book.active
    header = [c.value for c in sheet[3]]
    for row in range(4, 6):
        if sheet.cell(row=row, column=header.index("Tên cơ sở") + 1).value == facility.name:
            sheet.cell(row=row, column=header.index("Địa chỉ") + 1, value="14 Hàng Bạc")
    out = io.BytesIO()
    book.save(out)
    plan = check(actor=tinh, kind=PREMISES, path=upload(out.getvalue(), "e.xlsx"))
    assert plan.counts == {"created": 0, "updated": 1, "unchanged": 1, "error": 0}
    assert [r["changes"] for r in plan.rows if r["action"] == "updated"] == [{"Địa chỉ": "14 Hàng Bạc"}]

    deadline = timezone.localdate() + timedelta(days=90)
    plans = [{"commune.name": "Phường Ba Đình", "facility.name": "nha van hoa to 5", "method": "Cho thuê",
              "deadline": deadline.strftime("%d/%m/%Y"),
              "reason_not_priority": "Không có nhu cầu y tế, giáo dục ở khu vực này."},
             {"commune.name": "Phường Hoàn Kiếm", "facility.name": "Không có cơ sở này", "method": "Thu hồi",
              "deadline": deadline}]
    plan = check(actor=tinh, kind=PLANS, path=upload(workbook(exports.PLANS, plans), "f.xlsx"))
    assert plan.counts == {"created": 1, "updated": 0, "unchanged": 0, "error": 1}
    assert "không có cơ sở" in plan.errors[0][3]
    run(actor=tinh, kind=PLANS, only_valid=True,
                               path=upload(workbook(exports.PLANS, plans), "f.xlsx"))
    proposed = HandlingPlan.objects.get(facility=created)
    assert proposed.method == "cho_thue" and proposed.state == "de_xuat"
    created.refresh_from_db()
    assert created.plan_method == "cho_thue"
    plans[0]["state"] = "Đã phê duyệt"
    plan = check(actor=tinh, kind=PLANS,
                                           path=upload(workbook(exports.PLANS, plans[:1]), "g.xlsx"))
    assert plan.counts["error"] == 1 and "trang của phương án" in plan.errors[0][3]


@pytest.mark.django_db
def test_hanoi_equipment_all_communes_six_categories_in_one_file(persona, upload):
    """The issue's case: Hà Nội's equipment, every commune × 6 categories, one file, one import."""
    communes = list(Commune.objects.filter(province__code="01").order_by("code").values_list("code", flat=True))
    categories = ["Máy tính", "Máy in", "Máy quét", "Thiết bị mạng", "Phòng họp trực tuyến", "Xe ô tô"]
    rows = [{"commune.code": code, "category": c, "required": 12, "available": 9} for code in communes
            for c in categories]
    counts = run(actor=persona("demo.tinh"), kind=EQUIPMENT,
                                        path=upload(workbook(exports.EQUIPMENT, rows)))
    assert sum(counts.values()) == len(communes) * 6 and counts["error"] == 0
    assert EquipmentNeed.objects.filter(province__code="01", required=12, available=9).count() == len(communes) * 6
    assert AuditEvent.objects.filter(action="import").count() == 1


@pytest.mark.django_db
def test_template_has_drop_downs_communes_and_instructions(client, persona):
    client.force_login(persona("demo.tinh"))
    response = client.get("/nhap-excel/thiet-bi/mau.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:3] == ["Mã xã", "Xã, phường, đặc khu", "Loại thiết bị (*)"]
    assert sheet["C2"].value == "Máy tính"
    ranges = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert ranges >= {"B2", "C2"}
    cells = [c.value for ws in book.worksheets[1:] for row in ws.iter_rows() for c in row if c.value]
    assert "Phường Hoàn Kiếm" in cells and len(cells) > 100
    assert "Hướng dẫn nhập: Nhu cầu thiết bị của xã" in cells
    for slug in (EQUIPMENT, CONNECTIVITY, PLATFORMS, PREMISES, PLANS):
        assert client.get(f"/nhap-excel/{slug}/mau.xlsx").status_code == 200
    assert client.get("/nhap-excel/khong-co/").status_code == 404


@pytest.mark.django_db
def test_pages_upload_dry_run_annotated_confirm_as_a_job(client, persona, run_tasks):
    client.force_login(persona("demo.tinh"))
    lists = client.get("/co-so-vat-chat/thiet-bi/").content.decode()
    assert "/nhap-excel/thiet-bi/" in lists
    rows = equipment_rows() + [{"commune.code": BAT_XAT, "category": "Máy in", "required": 1, "available": 1}]
    response = client.post("/nhap-excel/thiet-bi/",
                           {"file": SimpleUploadedFile("tb.xlsx", workbook(exports.EQUIPMENT, rows))})
    assert response.status_code == 302
    text = client.get(response["Location"]).content.decode()
    assert "Lỗi: 1" in text and "Dòng 7, cột “Mã xã” (B)" in text
    annotated = client.get(response["Location"] + "loi.xlsx")
    sheet = load_workbook(io.BytesIO(annotated.content)).active
    assert "ngoài địa bàn" in sheet.cell(row=7, column=len(exports.EQUIPMENT.columns) + 1).value
    confirm = client.post(response["Location"], {"confirm": "1", "only_valid": "on"})
    assert confirm.status_code == 302 and "/cong-viec/" in confirm["Location"]
    run_tasks()
    job = Job.objects.get()
    assert job.status == "done" and job.result["error"] == 1 and job.done == job.total
    assert EquipmentNeed.objects.get(commune__code=BA_DINH, category="may_in").available == 3


@pytest.mark.django_db
def test_api_dry_run_then_confirm_gives_a_job(client, persona, run_tasks):
    client.force_login(persona("demo.tinh"))
    content = workbook(exports.CONNECTIVITY, [{"commune.code": HOAN_KIEM, "broadband_mbps": 300,
                                               "mobile_coverage": "5G", "government_network": "có",
                                               "video_conference_ready": "có"}])
    response = client.post("/api/imports/ket-noi/", {"file": SimpleUploadedFile("a.xlsx", content)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert sum(body["counts"].values()) == 1 and body["counts"]["error"] == 0
    confirm = client.post(f"/api/imports/ket-noi/{body['token']}/confirm/", {},
                          content_type="application/json")
    assert confirm.status_code == 202
    run_tasks()
    assert Job.objects.get(pk=confirm.json()["job"]).status == "done"
    assert Connectivity.objects.get(commune__code=HOAN_KIEM).broadband_mbps == 300
    assert client.post("/api/imports/khong-co/", {}).status_code == 404
    client.force_login(persona("demo.xa.xem"))
    refused = client.post("/api/imports/ket-noi/", {"file": SimpleUploadedFile("a.xlsx", content)})
    assert refused.status_code == 403


@pytest.mark.django_db
def test_each_registry_exports_its_territory_for_the_shared_flow(client, persona):
    client.force_login(persona("demo.tinh"))
    history = client.get("/nhap-excel/").content.decode()
    for slug in (EQUIPMENT, CONNECTIVITY, PLATFORMS, PREMISES, PLANS):
        assert f"/nhap-excel/{slug}/" in history
        response = client.get(f"/nhap-excel/{slug}/xuat.xlsx")
        assert response.status_code == 200, (slug, response.content[:300])
    client.force_login(persona("demo.xa.xem"))
    assert client.get("/nhap-excel/thiet-bi/").status_code == 403
