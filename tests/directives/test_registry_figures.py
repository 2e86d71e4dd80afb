"""Registry figures beside the reports: live values from the staffing and facilities registries,
per assignee, on hand-checked fixtures, within each viewer's territory, in one query per figure.

The fixtures (Hà Nội: Hoàn Kiếm and Ba Đình are given the task, a third commune is not;
Lào Cai: Bát Xát):

| commune      | IT quota − active = gap | land gap | computers req − avail | readiness | connectivity | surplus − handled |
|--------------|-------------------------|----------|-----------------------|-----------|--------------|-------------------|
| Hoàn Kiếm    | 3 − 1 = 2               | 4 − 1 = 3| 10 − 4 = 6            | 40.0      | 12 (weak)    | 3 − 1 = 2         |
| Ba Đình      | 2 − 3 = −1 → 0          |          | 2 − 5 → 0             | 61.0      | 20           | 1 − 1 = 0         |
| third (HN)   | 4 − 0 = 4               |          |                       |           |              |                   |
| Bát Xát (LC) | 3 − 2 = 1               |          | 8 − 8 = 0             | 30.5      | 10 (weak)    | 0                 |

So the IT shortage is Hà Nội 2 + 0 + 4 = 6 and Lào Cai 1; Hà Nội's readiness is (40 + 61) / 2 = 50.5.
Reported (approved) IT gaps: Hoàn Kiếm 2, Ba Đình 1 → Hà Nội 3; Lào Cai none.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError
from thongsuot.directives import registry_figures, selectors, services
from thongsuot.directives.models import RegistryLink
from thongsuot.facilities.models import CommuneReadiness, EquipmentNeed
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing.models import StaffingQuota

pytestmark = pytest.mark.django_db

START, END = date(2025, 11, 24), date(2025, 11, 30)


def quota(commune, field, headcount, active):
    StaffingQuota.objects.create(province_id=commune.province_id, commune=commune, field=field, headcount=headcount,
                                 default_headcount=headcount, active_count=active, gap=headcount - active)


@pytest.fixture
def registries(db):
    hoan_kiem, ba_dinh, bat_xat = (Commune.objects.get(code=c) for c in ("00070", "00004", "02683"))
    third = Commune.objects.filter(province__code="01").exclude(code__in=["00070", "00004"]).order_by("code").first()
    quota(hoan_kiem, "it", 3, 1)
    quota(hoan_kiem, "land", 4, 1)
    quota(ba_dinh, "it", 2, 3)
    quota(third, "it", 4, 0)
    quota(bat_xat, "it", 3, 2)
    for commune, required, available in ((hoan_kiem, 10, 4), (ba_dinh, 2, 5), (bat_xat, 8, 8)):
        EquipmentNeed.objects.create(province_id=commune.province_id, commune=commune, category="may_tinh",
                                     required=required, available=available)
    for commune, total, connectivity, surplus, handled in ((hoan_kiem, "40.0", "12.0", 3, 1),
                                                           (ba_dinh, "61.0", "20.0", 1, 1),
                                                           (bat_xat, "30.5", "10.0", 0, 0)):
        CommuneReadiness.objects.create(province_id=commune.province_id, commune=commune, total=Decimal(total),
                                        connectivity_score=Decimal(connectivity), surplus_count=surplus,
                                        surplus_handled=handled)
    return {"hoan_kiem": hoan_kiem, "ba_dinh": ba_dinh, "bat_xat": bat_xat, "third": third}


@pytest.fixture
def linked(cascaded, registries, persona):
    """Task 1 linked to the IT shortage (compared with its IT-gap figure) and to the computers gap;
    Hoàn Kiếm reported 2 and Ba Đình 1, both approved."""
    task = cascaded.task
    it_gap, hired = task.figures.all()
    boss = persona("demo.quocgia")
    services.task_registry_link(actor=boss, task=task, source="staffing.shortage:it", figure=it_gap)
    services.task_registry_link(actor=boss, task=task, source="facilities.equipment_gap:may_tinh")
    for code, user, leader, value in (("00070", "demo.xa", "demo.xa.lanhdao", 2), ("00004", "demo.xa2", None, 1)):
        assignment = cascaded.children.get(commune__code=code)
        report = services.report_submit(actor=persona(user), assignment=assignment, period_start=START,
                                        period_end=END, narrative="x", progress=50,
                                        figures={it_gap.pk: value, hired.pk: 0})
        if leader is None:   # Ba Đình's leader is not a persona: approve as a leader of that commune
            from thongsuot.accounts.models import Membership, User

            leader_user = User.objects.create(username="lanhdao.badinh", full_name="Lãnh đạo Ba Đình")
            Membership.objects.create(user=leader_user, agency=assignment.agency, role="leader")
            services.report_approve(actor=leader_user, report=report)
        else:
            services.report_approve(actor=persona(leader), report=report)
    return task


def rows_by_agency(user, task):
    assignments = selectors.assignment_list(user=user).filter(task=task, parent__isnull=True)
    columns, table = selectors.task_registry(user=user, task=task, assignments=assignments)
    return [c.label for c in columns], {a.agency.code: [(reported, live) for _c, reported, live in table[a.pk]]
                                        for a in assignments}


def test_national_task_page_compares_each_province_with_its_registry(persona, linked):
    labels, rows = rows_by_agency(persona("demo.quocgia"), linked)
    assert labels == ["Biên chế còn thiếu — Công nghệ thông tin", "Thiết bị còn thiếu — Máy tính"]
    assert rows == {"T01": [(Decimal(3), Decimal(6)), (None, Decimal(6))],
                    "T15": [(None, Decimal(1)), (None, Decimal(0))]}


def test_task_page_shows_the_columns(client_for, linked):
    html = client_for("demo.quocgia").get(f"/chi-dao/nhiem-vu/{linked.pk}/").content.decode()
    assert "Biên chế còn thiếu — Công nghệ thông tin (người)" in html
    assert "Thiết bị còn thiếu — Máy tính (chiếc)" in html
    hanoi_row = html[html.index("UBND Thành phố Hà Nội"):]
    hanoi_row = hanoi_row[:hanoi_row.index("</tr>")]
    assert [cell.split(">")[-1] for cell in hanoi_row.split("</td>")[4:7]] == ["3", "6", "6"]


def test_a_province_and_a_commune_see_only_their_own_figures(client_for, persona, linked):
    assert rows_by_agency(persona("demo.tinh2"), linked)[1] == {"T15": [(None, Decimal(1)), (None, Decimal(0))]}
    assert rows_by_agency(persona("demo.tinh"), linked)[1] == {"T01": [(Decimal(3), Decimal(6)), (None, Decimal(6))]}
    html = client_for("demo.xa").get(f"/chi-dao/nhiem-vu/{linked.pk}/").content.decode()
    assert "UBND Phường Hoàn Kiếm" in html and "UBND Phường Ba Đình" not in html
    assert "UBND tỉnh Lào Cai" not in html and "UBND Thành phố Hà Nội" not in html
    commune = persona("demo.xa")
    mine = selectors.assignment_list(user=commune).filter(task=linked)
    _columns, table = selectors.task_registry(user=commune, task=linked, assignments=mine)
    assert [(r, v) for _c, r, v in table[mine.get().pk]] == [(Decimal(2), Decimal(2)), (None, Decimal(6))]
    # Asked about places outside their territory, the registries answer nothing.
    link = linked.registry_links.get(source="staffing.shortage")
    assert registry_figures.values(user=commune, link=link, group="commune_id") == {
        linked.assignments.get(agency__code="X00070").commune_id: Decimal(2)}
    assert registry_figures.values(user=persona("demo.tinh2"), link=link, group="province_id") == {
        Province.objects.get(code="15").pk: Decimal(1)}


def test_a_ministry_sees_what_each_registry_lets_it_see(persona, linked):
    # Nội vụ follows every staffing field but not the facilities registry.
    _labels, rows = rows_by_agency(persona("demo.bo"), linked)
    assert rows == {"T01": [(Decimal(3), Decimal(6)), (None, None)], "T15": [(None, Decimal(1)), (None, None)]}


def test_drill_down_shows_each_communes_registry_figure_and_the_provinces(client_for, persona, linked, registries):
    html = client_for("demo.tinh").get(f"/chi-dao/{linked.directive_id}/tinh/01/").content.decode()
    assert "Sổ đăng ký · Biên chế còn thiếu — Công nghệ thông tin: 2 người" in html      # Hoàn Kiếm
    assert "Sổ đăng ký · Biên chế còn thiếu — Công nghệ thông tin: 0 người" in html      # Ba Đình
    assert "Sổ đăng ký · Biên chế còn thiếu — Công nghệ thông tin: 6 người" in html      # the whole province
    matrix = selectors.province_matrix(user=persona("demo.tinh"), directive=linked.directive,
                                       province=Province.objects.get(code="01"))
    selectors.matrix_registry(user=persona("demo.tinh"), matrix=matrix, province=Province.objects.get(code="01"))
    rows = {place.code if place else None: cells[0].registry for place, cells in matrix.rows}
    assert rows[None] == []                # the province's own row: registries are kept per commune
    assert [v for _l, v, _u in rows["00070"]] == [Decimal(2), Decimal(6)]
    assert [v for _l, v, _u in rows["00004"]] == [Decimal(0), Decimal(0)]
    assert [v for _l, v, _u in matrix.total[0].registry] == [Decimal(6), Decimal(6)]
    assert matrix.rows[0][1][1].registry == []   # task 2 has no registry figure
    drill = client_for("demo.tinh2").get(f"/chi-dao/{linked.directive_id}/tinh/01/")
    assert drill.status_code == 404
    api = client_for("demo.tinh").get(f"/api/directives/{linked.directive_id}/matrix/01/").json()
    hoan_kiem = next(r for r in api["rows"] if r["place"] == "00070")["cells"][0]
    assert hoan_kiem["registry"] == [
        {"label": "Biên chế còn thiếu — Công nghệ thông tin", "unit": "người", "value": "2.00"},
        {"label": "Thiết bị còn thiếu — Máy tính", "unit": "chiếc", "value": "6.00"}]


def test_each_source_on_hand_checked_values(persona, issued, registries):
    task = issued.tasks.get(position=2)
    boss = persona("demo.quocgia")
    hanoi, laocai = Province.objects.get(code="01").pk, Province.objects.get(code="15").pk
    hk, bd, bx = (registries[k].pk for k in ("hoan_kiem", "ba_dinh", "bat_xat"))
    expected = {
        "staffing.shortage": ({hanoi: 9, laocai: 1}, {hk: 5, bd: 0}),          # all fields: land counts too
        "staffing.shortage:it": ({hanoi: 6, laocai: 1}, {hk: 2, bd: 0}),
        "facilities.equipment_gap:may_tinh": ({hanoi: 6, laocai: 0}, {hk: 6, bd: 0}),
        "facilities.readiness": ({hanoi: Decimal("50.5"), laocai: Decimal("30.5")},
                                 {hk: Decimal("40.0"), bd: Decimal("61.0")}),
        "facilities.poorly_connected": ({hanoi: 1, laocai: 1}, {hk: 1, bd: 0}),
        "facilities.surplus_remaining": ({hanoi: 2, laocai: 0}, {hk: 2, bd: 0}),
    }
    for code, (by_province, by_commune) in expected.items():
        link = services.task_registry_link(actor=boss, task=task, source=code)
        assert registry_figures.values(user=boss, link=link, group="province_id") == by_province, code
        communes = registry_figures.values(user=boss, link=link, group="commune_id", province_id=hanoi)
        assert {k: v for k, v in communes.items() if k in (hk, bd)} == by_commune, code
        assert registry_figures.combine(link, communes.values()) == by_province[hanoi], code


def test_one_query_per_figure_whatever_the_number_of_rows(persona, linked):
    boss = persona("demo.quocgia")

    def queries():
        assignments = list(selectors.assignment_list(user=boss).filter(task=linked, parent__isnull=True))
        with CaptureQueriesContext(connection) as captured:
            selectors.task_registry(user=boss, task=linked, assignments=assignments)
        return len(captured), len(assignments)

    assert queries() == (4, 2)       # the links, one per registry figure (2), the reported figures
    services.task_assign(actor=boss, task=linked)      # now all 34 provinces
    assert queries() == (4, 34)


def test_linking_is_for_the_issuer_and_checked(client_for, persona, linked):
    task = linked
    boss = persona("demo.quocgia")
    with pytest.raises(DomainError) as refused:
        services.task_registry_link(actor=persona("demo.tinh"), task=task, source="facilities.readiness")
    assert refused.value.code == "forbidden"
    for source, message in (("facilities.khong_co", "Số liệu sổ đăng ký này không có trên nền tảng."),
                            ("facilities.equipment_gap", "Cần chọn đúng loại cho số liệu “Thiết bị còn thiếu”."),
                            ("staffing.shortage:bay_bong", "Cần chọn đúng loại cho số liệu “Biên chế còn thiếu”."),
                            ("staffing.shortage:it", "Nhiệm vụ đã liên kết số liệu này.")):
        with pytest.raises(DomainError) as refused:
            services.task_registry_link(actor=boss, task=task, source=source)
        assert refused.value.message == message, source
    other_figure = task.directive.tasks.get(position=1).figures.first()
    second = task.directive.tasks.get(position=2)
    with pytest.raises(DomainError) as refused:
        services.task_registry_link(actor=boss, task=second, source="facilities.readiness", figure=other_figure)
    assert refused.value.field == "figure"
    event = AuditEvent.objects.filter(object_type="directives.task", action="link").first()
    assert event.changes["registry"] == "staffing.shortage:it"
    assert client_for("demo.tinh").post(f"/chi-dao/nhiem-vu/{task.pk}/so-lieu-so-dang-ky/",
                                        {"source": "facilities.readiness"}).status_code == 403


def test_link_and_unlink_through_the_task_page(client_for, issued, registries):
    client = client_for("demo.quocgia")
    task = issued.tasks.get(position=2)
    page = client.get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()
    assert '<option value="facilities.surplus_remaining">Trụ sở, cơ sở dôi dư chưa xử lý xong (cơ sở)</option>' in page
    response = client.post(f"/chi-dao/nhiem-vu/{task.pk}/so-lieu-so-dang-ky/", {"source": "facilities.surplus_remaining"})
    assert response.status_code == 302
    link = task.registry_links.get()
    html = client.get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()
    assert "Trụ sở, cơ sở dôi dư chưa xử lý xong (cơ sở)" in html and "Bỏ liên kết" in html
    assert client_for("demo.tinh").post(
        f"/chi-dao/nhiem-vu/{task.pk}/so-lieu-so-dang-ky/{link.pk}/bo/").status_code == 403
    assert client.post(f"/chi-dao/nhiem-vu/{task.pk}/so-lieu-so-dang-ky/{link.pk}/bo/").status_code == 302
    assert not RegistryLink.objects.exists()
    assert AuditEvent.objects.filter(object_type="directives.task", action="unlink").exists()
    assert "Bỏ liên kết" not in client_for("demo.tinh").get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()


def test_registry_over_the_api(api_for, linked):
    boss = api_for("demo.quocgia")
    url = f"/api/directives/tasks/{linked.pk}/registry/"
    data = boss.get(url).json()
    assert [(d["source"], d["figure"] is not None) for d in data] == [("staffing.shortage:it", True),
                                                                     ("facilities.equipment_gap:may_tinh", False)]
    assert [(v["agency"], v["reported"], v["registry"]) for v in data[0]["values"]] == [
        ("T01", "3.00", "6.00"), ("T15", None, "1.00")]
    assert [(v["agency"], v["registry"]) for v in api_for("demo.tinh2").get(url).json()[0]["values"]] == [
        ("T15", "1.00")]
    choices = boss.get("/api/directives/registry-sources/").json()
    assert any(c["source"] == "staffing.shortage:it" for group in choices for c in group["choices"])
    response = boss.post(url, {"source": "facilities.readiness"}, format="json")
    assert response.status_code == 201 and [d["source"] for d in response.json()][-1] == "facilities.readiness"
    refused = boss.post(url, {"source": "facilities.equipment_gap"}, format="json")
    assert refused.status_code == 400 and refused.json()["detail"] == ("Cần chọn đúng loại cho số liệu "
                                                                      "“Thiết bị còn thiếu”.")
    link_id = response.json()[-1]["id"]
    assert api_for("demo.tinh").delete(f"{url}{link_id}/").status_code == 403
    assert boss.delete(f"{url}{link_id}/").status_code == 204
    assert [(v["commune"], v["reported"], v["registry"]) for v in api_for("demo.xa2").get(url).json()[0]["values"]] \
        == [("00004", "1.00", "0.00")]       # a commune: its own assignment only


def test_task_page_speaks_english_when_asked(client_for, linked):
    from django.utils import translation

    client = client_for("demo.quocgia")
    client.cookies["django_language"] = "en"
    with translation.override("vi"):
        html = client.get(f"/chi-dao/nhiem-vu/{linked.pk}/").content.decode()
        edit = client.get(f"/chi-dao/nhiem-vu/{linked.pk}/sua/").content.decode()
    assert "Staffing shortage — " in html and "Registry figures beside the reports" in html
    assert "Edit task" in html and "Sửa nhiệm vụ" not in html
    assert "Figure 1: name" in edit and "Save task" in edit
