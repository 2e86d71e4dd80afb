"""Every registry imported through the one flow: errors naming row, column and reason, scope, re-import
unchanged, and the round trip export → edit → import changing exactly what was edited."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.imports.helpers import check, counts, errors, run, workbook
from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import Forbidden
from thongsuot.decentralisation.demo import catalogue_seed as task_catalogue_seed
from thongsuot.decentralisation.exports import TASKS
from thongsuot.decentralisation.models import DecentralisedTask
from thongsuot.geo.matching import AMBIGUOUS
from thongsuot.geo.models import Commune
from thongsuot.geo.selectors import unit_index
from thongsuot.imports.models import ImportRun
from thongsuot.procedures.catalogue import catalogue_seed
from thongsuot.procedures.exports import PROCEDURES
from thongsuot.procedures.models import Procedure
from thongsuot.staffing import rules
from thongsuot.staffing.exports import COMMUNE_FIGURES
from thongsuot.staffing.models import StaffingQuota


def exported(client, user, slug) -> list[list]:
    """The registry's export from the import page, as rows of values (header first)."""
    client.force_login(user)
    response = client.get(f"/nhap-excel/{slug}/xuat.xlsx")
    assert response.status_code == 200, response.content[:300]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = next(n for n, r in enumerate(rows) if r and r[0] is not None and str(r[0]) in
                 {str(COMMUNE_FIGURES.columns[0].header), str(PROCEDURES.columns[0].header),
                  str(TASKS.columns[0].header)})
    return [[cell for cell in r] for r in rows[start:] if any(c is not None for c in r)]


def figures_row(code, population, mountain="Không", island="Không"):
    return [None, code, None, population, mountain, island]


# -- commune population and flags ----------------------------------------------------------------

@pytest.mark.django_db
def test_commune_figures_import_recomputes_quotas_and_is_audited(persona):
    tinh = persona("demo.tinh")
    content = workbook([c.header for c in COMMUNE_FIGURES.columns],
                       [figures_row("00070", 60000), figures_row("Phường Ba Đình", "25.000", "Có")])
    done = run(tinh, "dan-so-xa", content)
    assert counts(done) == {"created": 0, "updated": 2, "unchanged": 0, "error": 0}
    hoan_kiem = Commune.objects.get(code="00070")
    assert hoan_kiem.population == 60000 and not hoan_kiem.figures_are_sample and hoan_kiem.version == 2
    total = sum(StaffingQuota.objects.filter(commune=hoan_kiem).values_list("default_headcount", flat=True))
    assert total == rules.default_quota_total(population=60000, kind=hoan_kiem.kind, mountainous=False)
    assert Commune.objects.get(code="00004").is_mountainous is True
    event = AuditEvent.objects.get(action="import", object_type="geo.commune")
    assert event.changes["updated"] == 2 and event.changes["sha256"] == done.sha256
    assert check(tinh, "dan-so-xa", content)["counts"] == {"created": 0, "updated": 0, "unchanged": 2, "error": 0}


@pytest.mark.django_db
def test_commune_figures_of_another_province_are_errors_and_communes_may_not_import(persona):
    content = workbook([c.header for c in COMMUNE_FIGURES.columns],
                       [figures_row("00070", 1000), figures_row("02683", 1000), figures_row("00070", "nhiều")])
    plan = check(persona("demo.tinh"), "dan-so-xa", content)
    found = errors(plan)
    assert found[0][:3] == (3, "Mã xã", "B") and "Lào Cai" in found[0][3] and "ngoài địa bàn" in found[0][3]
    assert found[1][:3] == (4, "Dân số", "D")
    with pytest.raises(Forbidden):
        check(persona("demo.xa"), "dan-so-xa", content)


@pytest.mark.django_db
def test_commune_figures_round_trip_changes_exactly_what_was_edited(client, persona):
    tinh = persona("demo.tinh")
    rows = exported(client, tinh, "dan-so-xa")
    assert len(rows) - 1 == Commune.objects.filter(province__code="01").count()
    assert check(tinh, "dan-so-xa", workbook(rows[0], rows[1:]))["counts"]["error"] == 0
    run(tinh, "dan-so-xa", workbook(rows[0], rows[1:]))          # the sample figures made official
    rows[5][3] = 77777
    plan = check(tinh, "dan-so-xa", workbook(rows[0], rows[1:]))
    assert plan["counts"] == {"created": 0, "updated": 1, "unchanged": len(rows) - 2, "error": 0}
    assert [r["changes"] for r in plan["rows"] if r["action"] == "updated"] == [{"Dân số": "77777"}]


@pytest.mark.django_db
def test_commune_figures_form_saves_and_refuses_a_stale_version(client, persona):
    client.force_login(persona("demo.tinh"))
    commune = Commune.objects.get(code="00070")
    url = "/nhan-su/xa/00070/dan-so/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"population": 40000, "is_mountainous": "on", "version": commune.version})
    assert response.status_code == 302
    commune.refresh_from_db()
    assert commune.population == 40000 and commune.is_mountainous and commune.version == 2
    stale = client.post(url, {"population": 1, "version": 1})
    assert stale.status_code == 409
    client.force_login(persona("demo.xa"))
    assert client.post(url, {"population": 1, "version": 2}).status_code == 403


@pytest.mark.django_db
def test_an_ambiguous_former_name_is_a_question_and_the_answer_settles_it(persona):
    index = unit_index()
    hanoi = index.provinces["01"]
    text, candidates = next(
        (entries[0].name, index.commune(entries[0].name, hanoi).candidates)
        for (scope, _bare), entries in index.former_names.items()
        if scope == "01" and index.commune(entries[0].name, hanoi).status == AMBIGUOUS)
    tinh = persona("demo.tinh")
    content = workbook([c.header for c in COMMUNE_FIGURES.columns], [figures_row(text, 20000)])
    plan = check(tinh, "dan-so-xa", content)
    assert plan["counts"]["error"] == 1
    [question] = plan["questions"]
    assert question["text"] == text and [c[0] for c in question["choices"]] == [c.code for c in candidates]
    answered = check(tinh, "dan-so-xa", content, answers={question["key"]: candidates[1].code})
    assert answered["counts"]["error"] == 0 and answered["rows"][0]["label"].endswith(f"({candidates[1].code})")


# -- the national catalogues ---------------------------------------------------------------------

@pytest.mark.django_db
def test_procedure_catalogue_round_trip_and_errors(client, persona):
    catalogue_seed()
    nation = persona("demo.quocgia")
    rows = exported(client, nation, "thu-tuc")
    header, body = rows[0], rows[1:]
    assert check(nation, "thu-tuc", workbook(header, body))["counts"]["unchanged"] == len(body)
    name_at = PROCEDURES.keys.index("name")
    body[0][name_at] = "Tên thủ tục đã sửa"
    new = list(body[1])
    new[0], new[PROCEDURES.keys.index("time_limit_days")] = "9.999999", "không rõ"
    fixed = list(body[1])
    fixed[0] = "9.999998"
    plan = check(nation, "thu-tuc", workbook(header, [*body, new, fixed]))
    assert plan["counts"] == {"created": 1, "updated": 1, "unchanged": len(body) - 1, "error": 1}
    [(row, column, letter, reason)] = errors(plan)
    assert (row, column, letter) == (len(body) + 2, "Thời hạn (ngày làm việc)", "D")
    done = run(nation, "thu-tuc", workbook(header, [*body, fixed]))
    assert counts(done) == {"created": 1, "updated": 1, "unchanged": len(body) - 1, "error": 0}
    assert Procedure.objects.get(code=body[0][0]).name == "Tên thủ tục đã sửa"
    assert Procedure.objects.filter(code="9.999998").exists()
    with pytest.raises(Forbidden):
        check(persona("demo.tinh"), "thu-tuc", workbook(header, body))


@pytest.mark.django_db
def test_task_catalogue_round_trip_and_errors(client, persona):
    task_catalogue_seed(random.Random(1))
    nation = persona("demo.quocgia")
    rows = exported(client, nation, "nhiem-vu-phan-cap")
    header, body = rows[0], rows[1:]
    assert check(nation, "nhiem-vu-phan-cap", workbook(header, body))["counts"]["unchanged"] == len(body)
    guidance = TASKS.keys.index("guidance_document")
    body[0][guidance] = "Thông tư 01/2026/TT-BNV"
    bad = list(body[1])
    bad[0], bad[TASKS.keys.index("owning_ministry")] = "NV-MOI", "Bộ Không Có"
    plan = check(nation, "nhiem-vu-phan-cap", workbook(header, [*body, bad]))
    assert plan["counts"] == {"created": 0, "updated": 1, "unchanged": len(body) - 1, "error": 1}
    assert errors(plan)[0][:3] == (len(body) + 2, "Bộ, ngành chủ trì", "D")
    run(nation, "nhiem-vu-phan-cap", workbook(header, body))
    task = DecentralisedTask.objects.get(code=body[0][0])
    assert task.guidance_issued and task.guidance_document == "Thông tư 01/2026/TT-BNV"
    with pytest.raises(Forbidden):
        check(persona("demo.tinh"), "nhiem-vu-phan-cap", workbook(header, body))


# -- the history ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_history_is_scoped_and_offers_the_file(client, persona):
    content = workbook([c.header for c in COMMUNE_FIGURES.columns], [figures_row("00070", 30000)])
    mine = run(persona("demo.tinh"), "dan-so-xa", content)
    client.force_login(persona("demo.tinh.chuyenvien"))
    page = client.get("/nhap-excel/").content.decode()
    assert f"/nhap-excel/lich-su/{mine.pk}/" in page and "Dân số, vùng của xã" in page
    detail = client.get(f"/nhap-excel/lich-su/{mine.pk}/").content.decode()
    assert "Phường Hoàn Kiếm (00070)" in detail and "30000" in detail
    assert b"".join(client.get(f"/nhap-excel/lich-su/{mine.pk}/tep").streaming_content) == content
    client.force_login(persona("demo.tinh2"))
    assert f"/nhap-excel/lich-su/{mine.pk}/" not in client.get("/nhap-excel/").content.decode()
    assert client.get(f"/nhap-excel/lich-su/{mine.pk}/").status_code == 404
    client.force_login(persona("demo.quocgia"))
    assert client.get(f"/nhap-excel/lich-su/{mine.pk}/").status_code == 200
    assert ImportRun.objects.get().changes[0]["changes"] == {"Dân số": "30000"}


@pytest.mark.django_db
def test_api_dry_run_answers_and_confirm(client, persona, run_tasks):
    client.force_login(persona("demo.tinh"))
    content = workbook([c.header for c in COMMUNE_FIGURES.columns], [figures_row("00070", 45000)])
    body = client.post("/api/imports/dan-so-xa/", {"file": SimpleUploadedFile("a.xlsx", content)}).json()
    assert body["counts"]["updated"] == 1 and body["rows"][0]["changes"] == {"Dân số": "45000"}
    again = client.get(f"/api/imports/dan-so-xa/{body['token']}/")
    assert again.status_code == 200 and again.json()["sha256"] == body["sha256"]
    confirm = client.post(f"/api/imports/dan-so-xa/{body['token']}/confirm/", {}, content_type="application/json")
    assert confirm.status_code == 202
    run_tasks()
    assert Commune.objects.get(code="00070").population == 45000
    assert client.get("/api/imports/").json()["results"][0]["updated"] == 1


# -- templates -----------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("slug", "username"), [
    ("can-bo", "demo.tinh"), ("dan-so-xa", "demo.tinh"), ("don-vi-to-chuc", "demo.tinh"), ("dinh-bien", "demo.tinh"),
    ("hoc-vien", "demo.tinh"), ("thu-tuc", "demo.quocgia"), ("nhiem-vu-phan-cap", "demo.quocgia")])
def test_every_registry_has_a_template_with_drop_downs_and_instructions(client, persona, slug, username):
    client.force_login(persona(username))
    response = client.get(f"/nhap-excel/{slug}/mau.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value.endswith("(*)") and any(cell.value is not None for cell in sheet[2])
    assert sheet.data_validations.dataValidation, "closed lists and communes get drop-downs"
    assert book["Hướng dẫn"]["A1"].value.startswith("Hướng dẫn nhập")
    assert client.get(f"/nhap-excel/{slug}/").status_code == 200
