"""The weekly report end to end through HTTP, as the demo personas do it: demo.xa drafts Phường Hoàn
Kiếm's report pre-filled, demo.xa.lanhdao sends it, demo.tinh consolidates and sends Hà Nội's, and
demo.quocgia sees completeness and timeliness."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.utils import timezone

from thongsuot.obstacles import services as obstacles
from thongsuot.reports import demo
from thongsuot.reports.models import Report, ReportingRegime, ReportState
from thongsuot.reports.periods import last_closed_period


@pytest.fixture
def regime(db, persona):
    yesterday = timezone.localdate() - timedelta(days=1)
    with time_machine.travel(timezone.make_aware(datetime.combine(yesterday, time(10))), tick=True):
        obstacles.obstacle_create(actor=persona("demo.xa"), title="Thiếu máy tính tại bộ phận một cửa",
                                  description="Bộ phận một cửa thiếu 3 máy tính.", domain="org_staff")
    demo.seed_demo({}, StringIO())
    return ReportingRegime.objects.get(name=demo.NAME)


def test_commune_drafts_leader_sends_province_consolidates_nation_sees_completeness(regime, client_for):
    period = last_closed_period(regime, timezone.localdate())
    xa, leader, city, nation = (client_for(name) for name in ("demo.xa", "demo.xa.lanhdao", "demo.tinh",
                                                              "demo.quocgia"))
    page = xa.get(regime.get_absolute_url())
    assert page.status_code == 200 and "Lập báo cáo kỳ này" in page.content.decode()

    answer = xa.post(f"/bao-cao/che-do/{regime.pk}/lap/", {"ky": period.start.isoformat()})
    report = Report.objects.get(regime=regime, period_start=period.start, agency__code="X00070")
    assert answer.status_code == 302 and answer["Location"] == report.get_absolute_url()
    # pre-filled from the registries as of the cut-off day: the case filed yesterday is counted
    assert report.figures["obstacles_new"] == 1 and report.figures["obstacles_open"] == 1
    assert report.state == ReportState.DRAFT
    page = xa.get(report.get_absolute_url()).content.decode()
    assert 'data-key="obstacles_open">1<' in page

    answer = xa.post(f"/bao-cao/{report.pk}/sua/", {"assessment": "Vận hành ổn định.", "difficulties": "Thiếu máy tính.",
                                                    "proposals": "Đề nghị hỗ trợ thiết bị.", "version": report.version})
    assert answer.status_code == 302
    report.refresh_from_db()
    refused = xa.post(f"/bao-cao/{report.pk}/gui/", {"signer_name": "Ngô Thị Xuân", "signer_title": "Chuyên viên",
                                                     "version": report.version})
    assert refused.status_code == 403
    assert "Chỉ lãnh đạo được duyệt, ký và gửi báo cáo" in refused.content.decode()
    answer = leader.post(f"/bao-cao/{report.pk}/gui/", {"signer_name": "Bùi Văn Kiếm", "signer_title": "Chủ tịch",
                                                        "version": report.version})
    assert answer.status_code == 302
    report.refresh_from_db()
    # the week before was sent by the same personas in the demo: this is the agency's second report this year
    assert report.state == ReportState.SENT and report.number.endswith("/BC-UBND") and report.on_time is True

    docx = leader.get(f"/bao-cao/{report.pk}/docx/")
    pdf = leader.get(f"/bao-cao/{report.pk}/pdf/")
    xlsx = leader.get(f"/bao-cao/{report.pk}/xlsx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"

    # the city consolidates its communes' sent reports of the week
    answer = city.post(f"/bao-cao/che-do/{regime.pk}/lap/", {"ky": period.start.isoformat()})
    province = Report.objects.get(regime=regime, period_start=period.start, agency__code="T01")
    sent = Report.objects.filter(regime=regime, period_start=period.start, level="commune", province__code="01",
                                 state=ReportState.SENT)
    assert sent.count() == demo.SENT_LAST_WEEK + 1
    assert len(province.communes_reported) == demo.SENT_LAST_WEEK + 1
    assert province.figures["obstacles_open"] == sum(r.figures["obstacles_open"] for r in sent)
    assert len(province.communes_missing) == province.communes_expected - sent.count()
    assert "00070" in province.communes_reported
    answer = city.post(f"/bao-cao/{province.pk}/sua/", {"assessment": "Ổn định.", "difficulties": "",
                                                        "proposals": "", "version": province.version})
    province.refresh_from_db()
    answer = city.post(f"/bao-cao/{province.pk}/gui/", {"signer_name": "Hoàng Văn Tỉnh",
                                                        "signer_title": "Phó Chủ tịch", "version": province.version})
    assert answer.status_code == 302
    province.refresh_from_db()
    assert province.state == ReportState.SENT and province.on_time

    page = nation.get(f"/bao-cao/che-do/{regime.pk}/tinh-hinh/?ky={period.start}")
    text = page.content.decode()
    assert page.status_code == 200
    assert f'id="communes-received">{demo.SENT_LAST_WEEK + 1}/3321<' in text
    assert 'id="provinces-received">1/34<' in text
    page = nation.get(f"/bao-cao/che-do/{regime.pk}/tinh-hinh/01/?ky={period.start}")
    assert page.status_code == 200 and "Phường Hoàn Kiếm" in page.content.decode()
    page = nation.get(f"/bao-cao/che-do/{regime.pk}/tong-hop/?ky={period.start}")
    assert page.status_code == 200 and "Thành phố Hà Nội" in page.content.decode()


def test_out_of_scope_reports_answer_404(regime, client_for, api_for):
    previous = Report.objects.filter(regime=regime, agency__code="X00070", state=ReportState.SENT).get()
    draft = Report.objects.filter(regime=regime, state=ReportState.DRAFT, province__code="01").first()
    assert client_for("demo.xa").get(previous.get_absolute_url()).status_code == 200
    assert client_for("demo.tinh").get(previous.get_absolute_url()).status_code == 200
    assert client_for("demo.quocgia").get(previous.get_absolute_url()).status_code == 200
    assert client_for("demo.xa2").get(previous.get_absolute_url()).status_code == 404
    assert client_for("demo.tinh2").get(previous.get_absolute_url()).status_code == 404
    # a draft is seen by its own agency only
    assert client_for("demo.tinh").get(draft.get_absolute_url()).status_code == 404
    assert client_for("demo.tinh2").get(f"/bao-cao/che-do/{regime.pk}/tinh-hinh/01/").status_code == 404
    assert client_for("demo.xa").get(f"/bao-cao/che-do/{regime.pk}/tinh-hinh/").status_code == 403

    mine = api_for("demo.xa").get("/api/reports/reports/").json()
    assert {row["agency_code"] for row in mine["results"]} == {"X00070"}
    assert api_for("demo.tinh2").get(f"/api/reports/reports/{previous.pk}/").status_code == 404
    detail = api_for("demo.tinh").get(f"/api/reports/reports/{previous.pk}/").json()
    assert {f["key"] for f in detail["figures"]} >= {"obstacles_open", "dossiers_on_time"}
    assert api_for("demo.tinh").get("/api/reports/reports/?level=nation").status_code == 400


def test_the_national_level_issues_a_regime_through_its_page_and_others_may_not(regime, client_for):
    nation = client_for("demo.quocgia")
    assert nation.get("/bao-cao/").status_code == 200
    assert client_for("demo.tinh").get("/bao-cao/che-do/them/").status_code == 403
    form = {"name": "Báo cáo tháng về tổ chức bộ máy", "content": "Tình hình tổ chức bộ máy cấp xã.",
            "communes_report": "on", "recipient": regime.recipient_id, "method": "electronic",
            "frequency": "monthly", "cutoff_weekday": 3, "cutoff_day": 14, "commune_deadline_days": 2,
            "province_deadline_days": 4, "starts_on": "2026-01-01", "outline": "I. Đánh giá\nII. Số liệu",
            "figures": ["staffing", "obstacles"], "is_active": "on"}
    answer = nation.post("/bao-cao/che-do/them/", form)
    monthly = ReportingRegime.objects.get(name=form["name"])
    assert answer.status_code == 302 and monthly.figures == ["staffing", "obstacles"]
    assert not monthly.provinces_report
    refused = nation.post("/bao-cao/che-do/them/", {**form, "figures": []})
    assert refused.status_code == 400
    page = client_for("demo.xa").get(f"/bao-cao/che-do/{monthly.pk}/").content.decode()
    assert "Định biên được giao" in page and "Hồ sơ thủ tục hành chính" not in page
    listing = client_for("demo.tinh").get("/bao-cao/danh-sach/").content.decode()
    assert "Phường Hoàn Kiếm" in listing
