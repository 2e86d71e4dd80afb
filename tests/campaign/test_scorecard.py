"""The campaign scorecard: who sees which place, figures that match the records, live after a change."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thongsuot.campaign.models import CampaignSnapshot
from thongsuot.campaign.services import snapshot_backfill
from thongsuot.campaign.views import SCORECARD_ROWS_PER_PAGE
from thongsuot.geo.models import Commune, Province
from thongsuot.obstacles import services as obstacle_services
from thongsuot.obstacles.models import Obstacle
from thongsuot.obstacles.selectors import OPEN_STATUSES

pytestmark = pytest.mark.django_db

NATION, HANOI, LAO_CAI = "/chien-dich/", "/chien-dich/01/", "/chien-dich/15/"
HOAN_KIEM, BA_DINH = "/chien-dich/01/00070/", "/chien-dich/01/00004/"


def _figure(html: str, key: str) -> str:
    block = re.search(rf'id="figure-{key}".*?<span class="n"><a href="([^"]*)">([^<]*)</a>', html, re.S)
    assert block, key
    return block.group(2), block.group(1)


def _file(persona, title="Thiếu công chức địa chính"):
    return obstacle_services.obstacle_create(actor=persona("demo.xa"), title=title, description="Cần bổ sung",
                                             domain="org_staff")


@pytest.mark.parametrize(("username", "allowed", "refused"), [
    ("demo.quocgia", [NATION, HANOI, LAO_CAI, HOAN_KIEM, "/chien-dich/bieu-do/", "/chien-dich/ban-do/"], []),
    ("demo.tinh", [HANOI, HOAN_KIEM, BA_DINH, "/chien-dich/bieu-do/01/", "/chien-dich/ban-do/01/"],
     [LAO_CAI, "/chien-dich/15/02683/", "/chien-dich/bieu-do/15/", "/chien-dich/ban-do/15/"]),
    ("demo.xa", [HOAN_KIEM, "/chien-dich/bieu-do/01/00070/"],
     [HANOI, BA_DINH, LAO_CAI, "/chien-dich/bieu-do/01/", "/chien-dich/ban-do/01/", "/chien-dich/ban-do/"]),
])
def test_each_level_sees_its_own_places_and_gets_404_for_the_others(client_for, letter, username, allowed, refused):
    client = client_for(username)
    for url in allowed:
        assert client.get(url).status_code == 200, url
    for url in refused:
        assert client.get(url).status_code == 404, url


def test_a_ministry_sees_the_national_picture_of_its_own_domain(client_for, persona, letter):
    """The Ministry of Home Affairs sees every place, but counts only the cases addressed to it."""
    _file(persona)
    ministry = client_for("demo.bo")
    for url in (NATION, HANOI, HOAN_KIEM, "/chien-dich/bieu-do/", "/chien-dich/ban-do/01/"):
        assert ministry.get(url).status_code == 200, url
    value, _link = _figure(ministry.get(NATION).content.decode(), "open_cases")
    addressed = Obstacle.objects.filter(ministry__code="BNV", status__in=OPEN_STATUSES).count()
    assert int(value.replace(".", "")) == addressed < Obstacle.objects.filter(status__in=OPEN_STATUSES).count()


@pytest.mark.parametrize(("username", "own"), [("demo.tinh", HANOI), ("demo.xa", HOAN_KIEM)])
def test_the_national_address_takes_a_province_or_commune_to_its_own_place(client_for, letter, username, own):
    answer = client_for(username).get(NATION)
    assert answer.status_code == 302 and answer["Location"] == own


def test_anonymous_visitors_are_sent_to_sign_in(client, letter):
    answer = client.get(NATION)
    assert answer.status_code == 302 and "/dang-nhap/" in answer["Location"]


def test_a_case_filed_by_the_commune_shows_nationally_on_the_next_page_load(client_for, persona, letter):
    national = client_for("demo.quocgia")
    before, _link = _figure(national.get(NATION).content.decode(), "open_cases")
    _file(persona)
    after, link = _figure(national.get(NATION).content.decode(), "open_cases")
    assert int(after.replace(".", "")) == int(before.replace(".", "")) + 1
    assert link == "/kho-khan/?open=on"


def test_figures_match_the_records_behind_them(client_for, persona, letter):
    _file(persona)
    _file(persona, "Thiếu máy tính")
    hanoi = Province.objects.get(code="01")
    expected = Obstacle.objects.filter(province=hanoi, status__in=OPEN_STATUSES).count()
    html = client_for("demo.tinh").get(HANOI).content.decode()
    value, link = _figure(html, "open_cases")
    assert int(value.replace(".", "")) == expected
    assert link == "/kho-khan/?province=01&amp;open=on"
    commune = client_for("demo.xa").get(HOAN_KIEM).content.decode()
    value, link = _figure(commune, "open_cases")
    assert int(value) == Obstacle.objects.filter(commune__code="00070", status__in=OPEN_STATUSES).count() >= 2
    assert link == "/kho-khan/?province=01&amp;commune=00070&amp;open=on"


def test_the_page_states_the_rules_the_deadline_and_the_time_of_the_figures(client_for, letter):
    html = client_for("demo.quocgia").get(NATION).content.decode()
    assert "Cách xác định trạng thái" in html and "không có số liệu" in html
    assert "15/CĐ-BCĐ" in html and re.search(r"còn \d+ ngày làm việc", html)
    assert html.count("Số liệu tính đến") >= 9
    assert html.count("<tr><td><a href=\"/chien-dich/") == 34


def test_snapshot_command_writes_one_row_per_province_and_is_idempotent(db, letter, persona):
    _file(persona)
    call_command("snapshot_campaign")
    call_command("snapshot_campaign")
    rows = CampaignSnapshot.objects.filter(day=timezone.localdate())
    assert rows.count() == 34
    hanoi = rows.get(province__code="01")
    assert hanoi.cases_open == Obstacle.objects.filter(province__code="01", status__in=OPEN_STATUSES).count() >= 1


def test_dashboard_draws_svg_charts_with_their_tables(client_for, letter, persona):
    _file(persona)
    snapshot_backfill(days=21)
    html = client_for("demo.quocgia").get("/chien-dich/bieu-do/").content.decode()
    assert html.count("<svg class=\"chart\"") == 6
    assert "<polyline" in html and "Khó khăn đang mở theo tỉnh, thành phố" in html
    assert html.count("<table class=\"table\">") == 6


def test_map_draws_every_commune_and_stays_under_150_kb(client_for, letter):
    answer = client_for("demo.quocgia").get("/chien-dich/ban-do/?chi-so=open_cases")
    html = answer.content.decode()
    assert answer.status_code == 200 and len(answer.content) <= 150_000
    dots = sum(len(re.findall(r"h0", path)) for path in re.findall(r'<path d="([^"]*)"', html))
    assert dots > 3300
    province = client_for("demo.tinh").get("/chien-dich/ban-do/01/").content.decode()
    assert "Phường Hoàn Kiếm" in province and 'id="legend"' in province


@pytest.mark.parametrize(("username", "url"), [("demo.quocgia", NATION), ("demo.tinh", HANOI),
                                               ("demo.quocgia", "/chien-dich/ban-do/"),
                                               ("demo.tinh", "/chien-dich/ban-do/01/"),
                                               ("demo.tinh", "/chien-dich/bieu-do/01/")])
def test_national_and_province_pages_read_summaries_not_the_case_table(client_for, persona, letter, username, url):
    """Open and overdue cases per province or per commune come from the obstacle summaries
    (`ObstacleCommuneTally` for communes), and each page stays within a fixed number of queries."""
    _file(persona)
    client = client_for(username)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    case_table = [q["sql"] for q in queries if re.search(r'FROM "obstacles_obstacle"\s', q["sql"] + " ")]
    assert case_table == []
    assert len(queries) <= 20, [q["sql"][:80] for q in queries]


def test_english_calls_the_figure_to_reach_a_target(client_for, letter):
    client = client_for("demo.tinh")
    client.get("/ngon-ngu/en/?next=/")
    html = client.get(HANOI).content.decode()
    assert "Target:" in html and "Indicator:" not in html


def test_a_province_scorecard_pages_its_communes_and_keeps_the_whole_province_totals(client_for, letter):
    client = client_for("demo.tinh")
    communes = list(Commune.objects.filter(province__code="01").order_by("code").values_list("code", flat=True))
    assert len(communes) > SCORECARD_ROWS_PER_PAGE
    first, second = client.get(HANOI).content.decode(), client.get(f"{HANOI}?page=2").content.decode()
    for page, shown in ((first, communes[:SCORECARD_ROWS_PER_PAGE]),
                        (second, communes[SCORECARD_ROWS_PER_PAGE:2 * SCORECARD_ROWS_PER_PAGE])):
        rows = page.split('id="rows"')[1].split("</table>")[0]
        assert all(f"{HANOI}{code}/" in rows for code in shown)
        assert not any(f"{HANOI}{code}/" in rows for code in set(communes) - set(shown))
        assert 'class="pagination"' in page
    # The figures above the table are the whole province's on every page.
    figures = [page.split('id="score"')[1].split('id="rows"')[0] for page in (first, second)]
    assert figures[0] == figures[1]
    # The nation's 34 provinces fit on one page.
    national = client_for("demo.quocgia").get(NATION).content.decode()
    assert 'class="pagination"' not in national and national.count('href="/chien-dich/') >= 34


#: Queries per page (issue 16, speed): the session; the user with its scope and unread count; the place;
#: the directive followed with its deadline and the list to choose from; the rows; then the summaries.
#: Before: four more each (the membership, the unread count, the deadline and the choices apart).
PAGE_QUERIES = {NATION: 11, HANOI: 12, HOAN_KIEM: 11}


@pytest.mark.parametrize(("username", "url"), [("demo.quocgia", NATION), ("demo.tinh", HANOI),
                                               ("demo.xa", HOAN_KIEM)])
def test_each_scorecard_reads_a_fixed_small_number_of_queries(client_for, persona, letter, username, url):
    _file(persona)
    client = client_for(username)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == PAGE_QUERIES[url], [q["sql"][:90] for q in queries]


def test_the_directive_followed_and_the_choices_are_one_read(client_for, persona, letter):
    """The newest issued national directive with a task not withdrawn is followed; one with only withdrawn
    tasks is offered but not followed; `?vb=` follows the one asked for."""
    from datetime import timedelta

    from thongsuot.directives import services

    boss = persona("demo.quocgia")
    newer = services.directive_create(actor=boss, number="16/CĐ-BCĐ", issued_on=timezone.localdate(),
                                      urgency="hoa_toc", title="Văn bản không còn nhiệm vụ",
                                      signer_name="Nguyễn Văn Quốc", signer_title="Phó Trưởng Ban Chỉ đạo")
    task = services.task_create(actor=boss, directive=newer, title="Rút lại", domain="org_staff",
                                deadline=timezone.localdate() + timedelta(days=90))
    services.directive_issue(actor=boss, directive=newer)
    task.refresh_from_db()
    services.task_withdraw(actor=boss, task=task, version=task.version, reason="Đã lồng vào văn bản 15")
    client = client_for("demo.quocgia")
    html = client.get(NATION).content.decode()
    assert "15/CĐ-BCĐ</a>" in html and f'<option value="{newer.pk}">' in html
    asked = client.get(f"{NATION}?vb={newer.pk}")
    assert asked.status_code == 200 and "Chưa có văn bản chỉ đạo toàn quốc" in asked.content.decode()
    assert client.get(f"{NATION}?vb=999999").status_code == 404
