"""The demo's reporting regime: a weekly report to the steering committee on the two-tier model.

Its week ends the day before the seeding day, so on the day the demo is seeded last week's reports
are due: some Hà Nội communes have sent theirs (a few late, a few still drafting), Phường Hoàn Kiếm
has not (demo.xa drafts it, demo.xa.lanhdao sends it), and the week before is complete for Hà Nội
(Hoàn Kiếm's report and the city's consolidated report, sent through the services by the personas).
Other communes' reports are sample data: figures read from the registries, texts and signers generated.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from thongsuot.accounts.models import Agency, Level, User
from thongsuot.core.numbering import number_take
from thongsuot.core.seeding import demo_calendar, happened_at
from thongsuot.reports import services
from thongsuot.reports.figures import GROUP_LABELS
from thongsuot.reports.models import Frequency, Method, Report, ReportingRegime, ReportState
from thongsuot.reports.periods import last_closed_period, period_ending_after

NAME = "Báo cáo tình hình vận hành mô hình chính quyền địa phương hai cấp"
OUTLINE = ("I. Đánh giá chung tình hình vận hành", "II. Số liệu kết quả thực hiện",
           "III. Khó khăn, vướng mắc", "IV. Đề xuất, kiến nghị")
#: How many Hà Nội communes (besides Hoàn Kiếm) sent last week's report, and how many are drafting.
SENT_LAST_WEEK = 24
DRAFTING_LAST_WEEK = 4
ASSESSMENTS = (
    "Bộ máy chính quyền địa phương hai cấp vận hành ổn định; Trung tâm phục vụ hành chính công tiếp nhận, "
    "giải quyết hồ sơ thông suốt.",
    "Các phòng chuyên môn đã bố trí đủ người phụ trách từng lĩnh vực; việc tiếp nhận nhiệm vụ phân cấp "
    "cơ bản kịp thời.",
    "Tình hình triển khai nhiệm vụ trong tuần bảo đảm tiến độ; còn một số khó khăn về nhân sự chuyên môn.",
)
DIFFICULTIES = (
    "Thiếu công chức có chuyên môn về đất đai, xây dựng; đường truyền mạng tại bộ phận một cửa chưa ổn định.",
    "Chưa có hướng dẫn chi tiết một số nhiệm vụ phân cấp mới; trụ sở dôi dư chưa có phương án xử lý.",
)
PROPOSALS = (
    "Đề nghị Ủy ban nhân dân Thành phố bổ sung biên chế công chức địa chính và hỗ trợ nâng cấp đường truyền.",
    "Đề nghị các sở, ngành sớm ban hành hướng dẫn thực hiện nhiệm vụ phân cấp.",
)


def _regime(national: User) -> ReportingRegime:
    calendar = demo_calendar()
    existing = ReportingRegime.objects.filter(name=NAME).first()
    if existing is not None:
        return existing
    recipient = Agency.objects.get(code="BCD")
    data = {"name": NAME, "content": "Tình hình vận hành của chính quyền cấp xã và cấp tỉnh sau sắp xếp; khó "
                                     "khăn, vướng mắc và kiến nghị; số liệu về tháo gỡ khó khăn, nhân sự, cơ sở "
                                     "vật chất, kết nối và giải quyết thủ tục hành chính.",
            "communes_report": True, "provinces_report": True, "recipient": recipient,
            "method": Method.ELECTRONIC, "frequency": Frequency.WEEKLY,
            "cutoff_weekday": (calendar.as_of - timedelta(days=1)).weekday(), "cutoff_day": 14,
            "commune_deadline_days": 1, "province_deadline_days": 2,
            "starts_on": calendar.issued_on, "ends_on": None, "outline": "\n".join(OUTLINE),
            "figures": list(GROUP_LABELS), "is_active": True}
    with happened_at(calendar.moment(calendar.issued_on, 10)):
        return services.regime_create(actor=national, data=data)


def _moment(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def _sample_report(regime, period, agency, reader, clerk, rng, *, sent_at: datetime | None) -> Report:
    """A commune's report with its figures read from the registries; signed by its chairman (sample)."""
    report = services.report_compose(regime=regime, period=period, agency=agency, reader=reader, created_by=clerk)
    report.assessment = rng.choice(ASSESSMENTS)
    report.difficulties = rng.choice(DIFFICULTIES)
    report.proposals = rng.choice(PROPOSALS)
    if sent_at is not None:
        report.number = f"{number_take(issuer=agency.code, series=services.SERIES, year=sent_at.year):02d}/" \
                        f"{services.SYMBOL}"
        report.state, report.signed_on, report.submitted_at = ReportState.SENT, sent_at.date(), sent_at
        report.signer_name = "Chủ tịch (số liệu mẫu)"
        report.signer_title = f"Chủ tịch {agency.name}"
    report.save()
    return report


def _through_personas(regime, period, users, *, with_province: bool) -> None:
    """Hoàn Kiếm's report drafted by demo.xa and sent by demo.xa.lanhdao; then the city's by demo.tinh."""
    with happened_at(_moment(period.end + timedelta(days=1), 8, 30)):
        report = services.report_draft(actor=users["demo.xa"], regime=regime, period_start=period.start)
        report = services.report_update(actor=users["demo.xa"], report=report, version=report.version,
                                        assessment=ASSESSMENTS[0], difficulties=DIFFICULTIES[0],
                                        proposals=PROPOSALS[0])
    with happened_at(_moment(period.end + timedelta(days=1), 10)):
        services.report_send(actor=users["demo.xa.lanhdao"], report=report, version=report.version,
                             signer_name=users["demo.xa.lanhdao"].full_name, signer_title="Chủ tịch")
    if with_province:
        with happened_at(_moment(period.end + timedelta(days=2), 9)):
            city = services.report_draft(actor=users["demo.tinh"], regime=regime, period_start=period.start)
            city = services.report_update(
                actor=users["demo.tinh"], report=city, version=city.version,
                assessment="Các xã, phường trên địa bàn Thành phố vận hành ổn định theo mô hình hai cấp.",
                difficulties="Một số xã, phường chưa gửi báo cáo đúng hạn; thiếu công chức chuyên môn đất đai.",
                proposals="Đề nghị Ban Chỉ đạo Trung ương hướng dẫn thống nhất việc bố trí biên chế cấp xã.")
        with happened_at(_moment(period.end + timedelta(days=2), 15)):
            services.report_send(actor=users["demo.tinh"], report=city, version=city.version,
                                 signer_name=users["demo.tinh"].full_name, signer_title="Phó Chủ tịch")


def seed_demo(personas: dict, out) -> None:
    names = ["demo.quocgia", "demo.xa", "demo.xa.lanhdao", "demo.tinh", "demo.tinh.chuyenvien"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    if len(users) < len(names):
        out.write("  Báo cáo định kỳ: thiếu tài khoản mẫu, bỏ qua.")
        return
    regime = _regime(users["demo.quocgia"])
    if Report.objects.filter(regime=regime).exists():
        out.write("  Báo cáo định kỳ: đã có, giữ nguyên.")
        return
    calendar = demo_calendar()
    last = last_closed_period(regime, calendar.as_of)
    if last is None:
        return
    before = period_ending_after(regime, last.start - timedelta(days=1))
    rng = random.Random(16)
    communes = list(Agency.objects.filter(level=Level.COMMUNE, province__code="01").exclude(code="X00070")
                    .select_related("commune").order_by("code")[:SENT_LAST_WEEK + DRAFTING_LAST_WEEK])
    reader, clerk = users["demo.quocgia"], users["demo.tinh.chuyenvien"]
    if before.start >= regime.starts_on:
        for agency in communes:
            sent_at = _moment(before.end, 15, rng.randint(0, 59)) + timedelta(days=rng.choice((0, 1, 1, 1, 2)))
            with happened_at(sent_at):
                _sample_report(regime, before, agency, reader, clerk, rng, sent_at=sent_at)
        _through_personas(regime, before, users, with_province=True)
    for index, agency in enumerate(communes):
        drafting = index >= SENT_LAST_WEEK
        sent_at = None if drafting else min(
            _moment(last.end, 14, rng.randint(0, 59)) + timedelta(days=rng.choice((0, 1, 1))), timezone.now())
        with happened_at(sent_at or timezone.now()):
            _sample_report(regime, last, agency, reader, clerk, rng, sent_at=sent_at)
    out.write(f"  Báo cáo định kỳ: chế độ “{NAME}” (hằng tuần); kỳ {last.start:%d/%m}–{last.end:%d/%m/%Y}: "
              f"{SENT_LAST_WEEK} xã, phường của Hà Nội đã gửi, {DRAFTING_LAST_WEEK} đang soạn; Phường Hoàn Kiếm "
              f"chưa lập (demo.xa lập, demo.xa.lanhdao gửi, demo.tinh tổng hợp).")
