"""Rules of regimes and reports at service level: who defines, who drafts, who sends, what is refused."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from thongsuot.accounts.models import Agency
from thongsuot.core.errors import DomainError, Forbidden
from thongsuot.reports import services
from thongsuot.reports.figures import GROUP_LABELS
from thongsuot.reports.models import Frequency, ReportState
from thongsuot.reports.periods import last_closed_period


def data(**changes) -> dict:
    values = {"name": "Báo cáo tuần", "content": "Tình hình vận hành.", "communes_report": True,
              "provinces_report": True, "recipient": Agency.objects.get(code="BCD"), "method": "electronic",
              "frequency": Frequency.WEEKLY, "cutoff_weekday": (timezone.localdate() - timedelta(days=1)).weekday(),
              "cutoff_day": 14, "commune_deadline_days": 1, "province_deadline_days": 2,
              "starts_on": timezone.localdate() - timedelta(days=30), "ends_on": None,
              "outline": "I. Đánh giá chung\nII. Số liệu", "figures": list(GROUP_LABELS), "is_active": True}
    return {**values, **changes}


def test_only_the_national_level_defines_a_regime_and_its_fields_are_checked(persona):
    with pytest.raises(Forbidden):
        services.regime_create(actor=persona("demo.tinh"), data=data())
    with pytest.raises(DomainError) as error:
        services.regime_create(actor=persona("demo.quocgia"), data=data(province_deadline_days=1))
    assert error.value.field == "province_deadline_days"
    with pytest.raises(DomainError) as error:
        services.regime_create(actor=persona("demo.quocgia"), data=data(figures=[]))
    assert error.value.message == "Chọn ít nhất một nhóm số liệu cho biểu mẫu."
    with pytest.raises(DomainError) as error:
        services.regime_create(actor=persona("demo.quocgia"), data=data(
            recipient=Agency.objects.get(code="T01")))
    assert error.value.field == "recipient"


def test_draft_then_send_numbers_from_the_agency_register_and_counts_timeliness(persona):
    regime = services.regime_create(actor=persona("demo.quocgia"), data=data())
    period = last_closed_period(regime, timezone.localdate())
    with pytest.raises(DomainError):
        services.report_draft(actor=persona("demo.xa"), regime=regime, period_start=period.start + timedelta(1))
    report = services.report_draft(actor=persona("demo.xa"), regime=regime, period_start=period.start)
    assert services.report_draft(actor=persona("demo.xa"), regime=regime, period_start=period.start) == report
    assert report.figures["obstacles_open"] == 0 and report.deadline == period.commune_deadline
    with pytest.raises(Forbidden):
        services.report_send(actor=persona("demo.xa"), report=report, version=report.version,
                             signer_name="A", signer_title="B")
    with pytest.raises(DomainError) as error:
        services.report_send(actor=persona("demo.xa.lanhdao"), report=report, version=report.version,
                             signer_name="Bùi Văn Kiếm", signer_title="Chủ tịch")
    assert "chưa có phần đánh giá" in error.value.message
    report = services.report_update(actor=persona("demo.xa"), report=report, version=report.version,
                                    assessment="Ổn định.", difficulties="", proposals="")
    sent = services.report_send(actor=persona("demo.xa.lanhdao"), report=report, version=report.version,
                                signer_name="Bùi Văn Kiếm", signer_title="Chủ tịch")
    assert sent.state == ReportState.SENT and sent.number == "01/BC-UBND" and sent.on_time is True
    assert sent.signed_on == timezone.localdate()
    with pytest.raises(Forbidden):
        services.report_update(actor=persona("demo.xa"), report=sent, version=sent.version, assessment="x",
                               difficulties="", proposals="")
    # the province consolidates the one commune that sent
    city = services.report_draft(actor=persona("demo.tinh.chuyenvien"), regime=regime, period_start=period.start)
    assert city.communes_reported == ["00070"] and len(city.communes_missing) == city.communes_expected - 1
    assert city.deadline == period.province_deadline
    assert date.today() >= period.end
