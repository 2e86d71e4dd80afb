"""Registry figures on the directive's matrix and in its Excel exports.

Same fixtures as test_registry_figures.py: task 1 is linked to the IT staffing shortage (compared
with its reported “Số công chức CNTT còn thiếu”) and to the computers gap. Per province the
registries hold: IT shortage Hà Nội 2 + 0 + 4 = 6, Lào Cai 1; computers gap Hà Nội 6 + 0 = 6,
Lào Cai 0. Reported (approved): Hà Nội 2 + 1 = 3, Lào Cai none.
"""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.directives import test_registry_figures as figures_tests
from thongsuot.directives import selectors, services
from thongsuot.facilities.models import EquipmentNeed
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing.models import StaffingQuota

pytestmark = pytest.mark.django_db

registries = figures_tests.registries
linked = figures_tests.linked

IT_SHORTAGE = "Biên chế còn thiếu — Công nghệ thông tin"
COMPUTERS = "Thiết bị còn thiếu — Máy tính"


def national(user, directive):
    matrix = selectors.directive_matrix(user=user, directive=directive)
    selectors.matrix_registry(user=user, matrix=matrix)
    return matrix


def registry_by_province(matrix, index=0):
    return {place.code: [value for _label, value, _unit in cells[index].registry] for place, cells in matrix.rows}


def from_the_registries(province_code):
    """The two linked figures of a province, read straight from the owning apps' tables."""
    quotas = StaffingQuota.objects.filter(province__code=province_code, field="it")
    shortage = sum(max(q.gap, 0) for q in quotas)
    needs = EquipmentNeed.objects.filter(province__code=province_code, category="may_tinh")
    gap = sum(max(n.required - n.available, 0) for n in needs)
    return [Decimal(shortage), Decimal(gap)]


def sheet_of(response):
    """Return the header row and {place: {header: value}}, figures as Decimals (the workbook holds
    numbers; reading them the same way on both databases)."""
    assert response.status_code == 200, response.status_code
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))

    def number(value):
        try:
            return Decimal(value)
        except (TypeError, ArithmeticError):
            return value

    return rows[0], {row[0]: {h: number(v) for h, v in zip(rows[0], row, strict=True)} for row in rows[1:]}


def test_national_matrix_carries_each_provinces_registry_figure(persona, linked):
    boss = persona("demo.quocgia")
    matrix = national(boss, linked.directive)
    assert registry_by_province(matrix) == {"01": from_the_registries("01"), "15": from_the_registries("15")}
    assert registry_by_province(matrix) == {"01": [Decimal(6), Decimal(6)], "15": [Decimal(1), Decimal(0)]}
    assert [label for label, _v, _u in matrix.rows[0][1][0].registry] == [IT_SHORTAGE, COMPUTERS]
    assert [v for _l, v, _u in matrix.total[0].registry] == [Decimal(7), Decimal(6)]   # the nation: the sum
    assert registry_by_province(matrix, index=1) == {"01": [], "15": []}               # task 2: no link
    assert [c.label for c in matrix.registry[linked.pk]] == [IT_SHORTAGE, COMPUTERS]
    assert linked.directive.tasks.get(position=2).pk not in matrix.registry


def _row(html: str, place: str) -> str:
    row = html[html.index(f"{place}</a>"):]
    return row[:row.index("</tr>")]


def test_the_matrix_shows_registry_figures_on_the_total_row_unless_asked_for_each_place(client_for, linked):
    html = client_for("demo.quocgia").get(f"/chi-dao/{linked.directive_id}/").content.decode()
    assert "Sổ đăng ký" not in _row(html, "Thành phố Hà Nội") and "Báo cáo ·" not in _row(html, "Thành phố Hà Nội")
    assert f"Sổ đăng ký · {IT_SHORTAGE}: 7 người" in html[html.index("Cả nước"):]
    assert 'href="?so-lieu=1" id="per-place"' in html
    drill = client_for("demo.quocgia").get(f"/chi-dao/{linked.directive_id}/tinh/01/").content.decode()
    assert "Sổ đăng ký ·" in drill.split("<tbody>")[1].split("</tbody>")[0]    # a province: each commune's
    assert 'id="per-place"' not in drill


def test_national_matrix_page_shows_registry_beside_the_reports(client_for, linked):
    html = client_for("demo.quocgia").get(f"/chi-dao/{linked.directive_id}/?so-lieu=1").content.decode()
    assert 'href="?" id="per-place"' in html
    hanoi = html[html.index("Thành phố Hà Nội</a>"):]
    hanoi = hanoi[:hanoi.index("</tr>")]
    assert "Báo cáo · Số công chức CNTT còn thiếu: 3 người" in hanoi
    assert f"Sổ đăng ký · {IT_SHORTAGE}: 6 người" in hanoi
    assert f"Sổ đăng ký · {COMPUTERS}: 6 chiếc" in hanoi
    laocai = html[html.index("Tỉnh Lào Cai</a>"):]
    laocai = laocai[:laocai.index("</tr>")]
    assert "Báo cáo · Số công chức CNTT còn thiếu: —<" in laocai and f"Sổ đăng ký · {IT_SHORTAGE}: 1 người" in laocai
    nation = html[html.index("Cả nước"):]
    assert f"Sổ đăng ký · {IT_SHORTAGE}: 7 người" in nation
    assert "Số liệu sổ đăng ký lấy trực tiếp" in html
    api = client_for("demo.quocgia").get(f"/api/directives/{linked.directive_id}/matrix/").json()
    hanoi_cell = next(r for r in api["rows"] if r["place"] == "01")["cells"][0]
    assert hanoi_cell["registry"] == [{"label": IT_SHORTAGE, "unit": "người", "value": "6.00"},
                                      {"label": COMPUTERS, "unit": "chiếc", "value": "6.00"}]


def test_without_links_the_matrix_is_unchanged(client_for, issued):
    html = client_for("demo.quocgia").get(f"/chi-dao/{issued.pk}/").content.decode()
    assert "Sổ đăng ký" not in html and "Báo cáo ·" not in html


def test_each_viewer_sees_what_the_registries_let_it_see(persona, linked):
    # A province: its own row, and a total that is its own figure.
    for username, code in (("demo.tinh", "01"), ("demo.tinh2", "15")):
        matrix = national(persona(username), linked.directive)
        assert registry_by_province(matrix) == {code: from_the_registries(code)}
        assert [v for _l, v, _u in matrix.total[0].registry] == from_the_registries(code)
    # Nội vụ: the staffing registry, not the facilities one.
    matrix = national(persona("demo.bo"), linked.directive)
    assert registry_by_province(matrix) == {"01": [Decimal(6), None], "15": [Decimal(1), None]}


def test_national_export_has_the_registry_columns(client_for, linked):
    headers, rows = sheet_of(client_for("demo.quocgia").get(f"/chi-dao/{linked.directive_id}/?xuat=xlsx"))
    it_column, computers_column = f"{IT_SHORTAGE} (người) (sổ đăng ký)", f"{COMPUTERS} (chiếc) (sổ đăng ký)"
    reported = headers.index("Số công chức CNTT còn thiếu (người)")
    assert headers[reported + 2:reported + 4] == (it_column, computers_column)   # after the reported sums
    assert [(place, row["Số công chức CNTT còn thiếu (người)"], row[it_column], row[computers_column])
            for place, row in rows.items()] == [("Thành phố Hà Nội", 3, 6, 6), ("Tỉnh Lào Cai", None, 1, 0),
                                                ("Tổng hợp", 3, 7, 6)]
    assert sum(1 for h in headers if "(sổ đăng ký)" in h) == 2     # task 2 has no link, no column


def test_a_province_export_shows_only_its_own_units(client_for, linked, registries):
    it_column = f"{IT_SHORTAGE} (người) (sổ đăng ký)"
    _headers, rows = sheet_of(client_for("demo.tinh2").get(f"/chi-dao/{linked.directive_id}/?xuat=xlsx"))
    assert {place: row[it_column] for place, row in rows.items()} == {"Tỉnh Lào Cai": 1, "Tổng hợp": 1}
    # Hà Nội's drill-down: its own assignment (no registry value), its communes, the whole province.
    client = client_for("demo.tinh")
    _headers, rows = sheet_of(client.get(f"/chi-dao/{linked.directive_id}/tinh/01/?xuat=xlsx"))
    assert {place: row[it_column] for place, row in rows.items()} == {
        "Cấp tỉnh (tự thực hiện)": None, "Phường Ba Đình": 0, "Phường Hoàn Kiếm": 2, "Tổng hợp": 6}
    assert client_for("demo.tinh2").get(f"/chi-dao/{linked.directive_id}/tinh/01/?xuat=xlsx").status_code == 404


def test_export_headers_in_english(client_for, linked):
    client = client_for("demo.quocgia")
    client.cookies["django_language"] = "en"
    headers, _rows = sheet_of(client.get(f"/chi-dao/{linked.directive_id}/?xuat=xlsx"))
    assert any(h.endswith("(registry)") for h in headers if h)


def test_queries_do_not_grow_with_the_number_of_provinces(client_for, persona, linked):
    boss = persona("demo.quocgia")

    def queries():
        national(boss, linked.directive)      # warm: the user's scope and the calendar are cached
        with CaptureQueriesContext(connection) as captured:
            matrix = national(boss, linked.directive)
        with CaptureQueriesContext(connection) as page:
            assert client_for("demo.quocgia").get(f"/chi-dao/{linked.directive_id}/").status_code == 200
        return len(captured), len(page), len(matrix.rows)

    small = queries()
    assert small[2] == 2
    services.task_assign(actor=boss, task=linked)          # now all 34 provinces
    for province in Province.objects.exclude(code__in=["01", "15"]):   # and a registry row in each
        commune = Commune.objects.filter(province=province).order_by("code").first()
        figures_tests.quota(commune, "it", 2, 1)
    large = queries()
    assert large[2] == 34
    assert large[:2] == small[:2]
    # Tasks, figures, the roll-up (2), the provinces; the links (1) and one grouped query per linked figure (2).
    assert small[0] == 8
    matrix = national(boss, linked.directive)
    shortage = StaffingQuota.objects.filter(field="it", gap__gt=0).values("province__code").annotate(g=Sum("gap"))
    assert {code: values[0] for code, values in registry_by_province(matrix).items()} == {
        row["province__code"]: Decimal(row["g"]) for row in shortage}


def test_a_provinces_matrix_pages_its_communes_and_keeps_the_provinces_total(client_for, linked, monkeypatch):
    from thongsuot.directives.views import directives as views
    monkeypatch.setattr(views, "MATRIX_ROWS_PER_PAGE", 1)
    url = f"/chi-dao/{linked.directive_id}/tinh/01/"
    pages = [client_for("demo.quocgia").get(url, {"page": n}).content.decode() for n in (1, 2, 3)]
    bodies = [page.split("<tbody>")[1].split("</tbody>")[0] for page in pages]
    assert [body.count('<th scope="row">') for body in bodies] == [1, 1, 1]
    assert "Cấp tỉnh (tự thực hiện)" in bodies[0]                       # the province's own row first
    assert len(set(bodies)) == 3                                          # each page its own place
    assert all("Trang" in page and f"Sổ đăng ký · {IT_SHORTAGE}: 6 người" in page.split("<tfoot>")[1]
               for page in pages)                                         # the total stays the province's
