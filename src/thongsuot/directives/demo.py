"""Demo data: the steering committee's urgent letter that prompted the platform, as a campaign in progress.

The real letter was dated 23/11/2025 with a deadline of 31/12/2025; the demo keeps its number and
text but dates it from the seeding day (`core.seeding.demo_calendar`): issued three weeks before,
due 38 days after issue, the travel-support task due a week ago (so a realistic share is overdue)
and the training task due next week. The letter, its seven tasks and their assignment to all 34 provinces go through the services
(so they are audited like real work); Hà Nội and Lào Cai pass every task on to all their
communes. Tasks on staff, premises and equipment show the staffing and facilities registries'
figures beside the reports. Phường Hoàn Kiếm (demo.xa) files real reports: one approved, one waiting for
demo.xa.lanhdao. The other progress figures are generated sample values, written in bulk,
marked “số liệu mẫu” in their text, so the national matrix has something to show.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from thongsuot.accounts.models import Agency
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.seeding import DemoCalendar, demo_calendar, happened_at
from thongsuot.directives import registry_figures, services
from thongsuot.directives.models import Assignment, Directive, ProgressReport, ReportFigure

NUMBER = "24/CĐ-BCĐ"
TITLE = "Về việc tập trung tháo gỡ khó khăn, vướng mắc của cấp xã trong vận hành chính quyền địa phương hai cấp"
SUMMARY = (
    "Ban Chỉ đạo đề nghị Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương chỉ đạo hoàn thiện "
    "tổ chức bộ máy, bố trí đủ công chức chuyên môn cho cấp xã, bồi dưỡng cán bộ, hỗ trợ cán bộ đi lại đến trụ "
    "sở mới, rà soát trụ sở và tài sản công, bảo đảm trang thiết bị, đường truyền và nền tảng số, cắt giảm và "
    "số hóa thủ tục hành chính, tháo gỡ vướng mắc về phân cấp, phân quyền; hoàn thành trước ngày {deadline}. "
    "Nội dung vượt thẩm quyền của xã, của tỉnh phải có văn bản gửi bộ, ngành quản lý để hướng dẫn."
)
TEXT = """Kính gửi: Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.

Sau gần năm tháng vận hành chính quyền địa phương hai cấp, bộ máy cấp xã cơ bản hoạt động thông suốt; tuy nhiên tại nhiều xã, phường, đặc khu vẫn còn thiếu công chức chuyên môn, trụ sở và trang thiết bị chưa bảo đảm, một số nhiệm vụ phân cấp chưa có hướng dẫn.

Để kịp thời tháo gỡ khó khăn, vướng mắc, Ban Chỉ đạo đề nghị Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương tập trung chỉ đạo thực hiện các nhiệm vụ sau, hoàn thành trước ngày {deadline}:

1. Hoàn thiện tổ chức bộ máy, bố trí đủ công chức chuyên môn cấp xã, nhất là các lĩnh vực đất đai, quy hoạch, xây dựng, tài chính, công nghệ thông tin, giáo dục, y tế.
2. Tổ chức các lớp đào tạo, bồi dưỡng nghiệp vụ cho cán bộ, công chức cấp xã.
3. Có chính sách hỗ trợ cán bộ, công chức đi lại đến trụ sở mới.
4. Rà soát, sắp xếp, xử lý trụ sở và tài sản công dôi dư; ưu tiên chuyển sang y tế, giáo dục, văn hóa, thể thao.
5. Bảo đảm trang thiết bị, đường truyền và kết nối các nền tảng số của cấp xã.
6. Cắt giảm, đơn giản hóa và số hóa thủ tục hành chính.
7. Tháo gỡ khó khăn trong thực hiện nhiệm vụ phân cấp, phân quyền; nội dung vượt thẩm quyền phải có văn bản gửi bộ, ngành quản lý.

Ủy ban nhân dân các tỉnh, thành phố báo cáo kết quả thực hiện hằng tuần trên nền tảng Thông Suốt.
"""

TASKS = [
    ("Hoàn thiện tổ chức bộ máy, bố trí đủ công chức chuyên môn cấp xã (đất đai, quy hoạch, xây dựng, tài chính, "
     "công nghệ thông tin, giáo dục, y tế)", "org_staff", "BNV", ["BTC", "BGDDT", "BYT"],
     [("Số công chức chuyên môn còn thiếu", "người"), ("Số công chức đã bổ sung", "người")]),
    ("Tổ chức các lớp đào tạo, bồi dưỡng cho cán bộ, công chức cấp xã", "training", "BNV", ["BTP"],
     [("Số lớp đã tổ chức", "lớp"), ("Số lượt cán bộ, công chức được bồi dưỡng", "lượt người")]),
    ("Hỗ trợ cán bộ, công chức đi lại đến trụ sở mới", "staff_support", "BTC", ["BNV"],
     [("Số người được hỗ trợ đi lại", "người"), ("Kinh phí hỗ trợ", "triệu đồng")]),
    ("Rà soát, sắp xếp, xử lý trụ sở và tài sản công dôi dư", "hq_assets", "BTC", ["BXD", "BYT", "BGDDT"],
     [("Số cơ sở nhà, đất dôi dư", "cơ sở"), ("Số cơ sở đã có phương án xử lý", "cơ sở")]),
    ("Bảo đảm trang thiết bị, đường truyền và kết nối nền tảng số", "equipment_it", "BKHCN", ["BTC"],
     [("Số máy tính còn thiếu", "chiếc"), ("Số điểm chưa kết nối mạng truyền số liệu chuyên dùng", "điểm")]),
    ("Cắt giảm, đơn giản hóa và số hóa thủ tục hành chính", "procedures", "VPCP", ["BTP"],
     [("Số hồ sơ đã số hóa", "hồ sơ"), ("Số thủ tục đề xuất cắt giảm, đơn giản hóa", "thủ tục")]),
    ("Tháo gỡ khó khăn về phân cấp, phân quyền; gửi văn bản tới bộ, ngành những nội dung vượt thẩm quyền",
     "decentralisation", "BNV", ["BTP", "BNNMT", "BXD"],
     [("Số vướng mắc đã tháo gỡ", "việc"), ("Số văn bản kiến nghị gửi bộ, ngành", "văn bản")]),
]

#: Task position → its deadline in days after the letter, where it is not the letter's own: support for
#: the journey to the new offices was due within two weeks, training within four.
TASK_DAYS = {2: 28, 3: 14}


def task_deadline(when: DemoCalendar, position: int) -> date:
    return when.day(TASK_DAYS[position]) if position in TASK_DAYS else when.deadline


def seed_demo(personas: dict, out) -> None:
    if Directive.objects.filter(issuer__code="BCD", number=NUMBER).exists():
        out.write(f"  Văn bản chỉ đạo số {NUMBER} đã có; bỏ qua.")
        return
    when = demo_calendar()
    with transaction.atomic():
        directive = _letter(personas, when)
        _cascade(personas, directive, when)
        _hoan_kiem_reports(personas, directive, when)
        count = _sample_reports(personas, directive, when)
    out.write(f"  Văn bản số {NUMBER} ngày {when.issued_on:%d/%m/%Y}, hạn {when.deadline:%d/%m/%Y}: {len(TASKS)} "
              f"nhiệm vụ, giao 34 tỉnh; Hà Nội, Lào Cai giao tiếp cho xã; {count} báo cáo mẫu.")


def _letter(personas, when: DemoCalendar) -> Directive:
    boss = personas["demo.quocgia"]
    agencies = {a.code: a for a in Agency.objects.filter(level__in=["central", "ministry"])}
    deadline = f"{when.deadline:%d/%m/%Y}"
    with happened_at(when.moment(when.issued_on, 8, 30)):
        directive = services.directive_create(
            actor=boss, number=NUMBER, issued_on=when.issued_on, urgency="khan", title=TITLE,
            signer_name=boss.display_name, signer_title="KT. TRƯỞNG BAN — PHÓ TRƯỞNG BAN CHỈ ĐẠO",
            summary=SUMMARY.format(deadline=deadline), text=TEXT.format(deadline=deadline))
        for position, (title, domain, lead, coordinating, figures) in enumerate(TASKS, start=1):
            services.task_create(actor=boss, directive=directive, title=title, deadline=task_deadline(when, position),
                                 domain=domain, lead_agency=agencies[lead],
                                 coordinating_agencies=[agencies[c] for c in coordinating], figures=figures)
        _registry_links(boss, directive)
        services.directive_issue(actor=boss, directive=directive)
        for task in directive.tasks.all():
            services.task_assign(actor=boss, task=task)
    return directive


#: Task position → registry figures shown beside the reports: (source, name of the figure compared or None).
REGISTRY_LINKS = {
    1: [("staffing.shortage", "Số công chức chuyên môn còn thiếu"), ("staffing.shortage:it", None)],
    4: [("facilities.surplus_remaining", None)],
    5: [("facilities.equipment_gap:may_tinh", "Số máy tính còn thiếu"), ("facilities.poorly_connected", None),
        ("facilities.readiness", None)],
}


def _registry_links(boss, directive) -> None:
    for task in directive.tasks.prefetch_related("figures"):
        figures = {f.name: f for f in task.figures.all()}
        for source, figure in REGISTRY_LINKS.get(task.position, []):
            try:
                registry_figures.parse(source)
            except DomainError:
                continue      # that registry's app is not installed
            services.task_registry_link(actor=boss, task=task, source=source, figure=figures.get(figure))


def _cascade(personas, directive, when: DemoCalendar) -> None:
    for days, username, code in ((2, "demo.tinh", "T01"), (3, "demo.tinh2", "T15")):
        with happened_at(when.moment(when.day(days), 10)):
            for assignment in Assignment.objects.filter(directive=directive, agency__code=code):
                services.assignment_cascade(actor=personas[username], assignment=assignment)


def _figures(task, *values):
    return {f.pk: v for f, v in zip(task.figures.all(), values, strict=True)}


def _hoan_kiem_reports(personas, directive, when: DemoCalendar) -> None:
    """The week's reports of Phường Hoàn Kiếm: one approved, one waiting for its leader, one returned."""
    mine = {a.task.position: a for a in Assignment.objects.filter(directive=directive, agency__code="X00070")
            .select_related("task")}
    officer, leader = personas["demo.xa"], personas["demo.xa.lanhdao"]
    weeks = when.weeks_done() or [(when.issued_on, when.as_of)]
    start, end = weeks[-1]
    submitted, reviewed = when.moment(end, 16), when.moment(end + timedelta(days=1), 9, 15)
    with happened_at(submitted):
        first = services.report_submit(
            actor=officer, assignment=mine[1], period_start=start, period_end=end, progress=40,
            narrative="Đã rà soát vị trí việc làm; còn thiếu 1 công chức công nghệ thông tin và 1 công chức tài "
                      "chính. Đã xin ý kiến Sở Nội vụ về điều động từ phường lân cận.",
            figures=_figures(mine[1].task, 2, 1))
        second_class = when.as_of + timedelta(days=5)
        services.report_submit(
            actor=officer, assignment=mine[2], period_start=start, period_end=end, progress=50,
            narrative=f"Đã mở 1 lớp bồi dưỡng nghiệp vụ một cửa cho 35 lượt công chức; lớp thứ hai dự kiến ngày "
                      f"{second_class:%d/%m}.",
            figures=_figures(mine[2].task, 1, 35))
        returned = services.report_submit(
            actor=officer, assignment=mine[4], period_start=start, period_end=end, progress=30,
            narrative="Đang rà soát trụ sở các phường cũ.", figures=_figures(mine[4].task, 3, 0))
    with happened_at(reviewed):
        services.report_approve(actor=leader, report=first, note="Đồng ý, tiếp tục theo dõi.")
        services.report_return(actor=leader, report=returned,
                               note="Bổ sung danh sách từng cơ sở và đề xuất phương án xử lý (chuyển y tế, giáo dục).")


def _sample_progress(rng: random.Random, assignment: Assignment, as_of: date) -> int | None:
    """The progress a sample report states, or None for an agency that has not reported yet.

    Work whose deadline has passed was mostly finished in time (about one unit in five is
    overdue); elsewhere the campaign is under way, with a few units already done.
    """
    if assignment.deadline < as_of:
        if rng.random() > 0.92:
            return None
        return 100 if rng.random() < 0.8 else rng.choice([40, 60, 80])
    share = 0.8 if assignment.commune_id is None else 0.55
    if rng.random() > share:
        return None
    return rng.choice([20, 30, 40, 50, 60, 60, 70, 80, 100])


@transaction.atomic
def _sample_reports(personas, directive, when: DemoCalendar) -> int:
    """Approved sample reports for provinces' own work and for about half of Hà Nội's and Lào Cai's communes."""
    recorder = personas.get("demo.quantri") or personas["demo.quocgia"]
    rng = random.Random(20251123)
    weeks = when.weeks_done() or [(when.issued_on, when.as_of)]
    assignments = list(Assignment.objects.filter(directive=directive).exclude(agency__code="X00070")
                       .select_related("task").prefetch_related("task__figures").order_by("id"))
    reports, chosen = [], []
    for assignment in assignments:
        progress = _sample_progress(rng, assignment, when.as_of)
        if progress is None:
            continue
        # Finished work was reported in the week it was finished, before its deadline.
        periods = [w for w in weeks if progress < 100 or w[0] <= assignment.deadline] or weeks[:1]
        period = rng.choice(periods)
        reports.append(ProgressReport(
            assignment=assignment, province_id=assignment.province_id, commune_id=assignment.commune_id,
            period_start=period[0], period_end=period[1], progress=progress, status=ProgressReport.Status.APPROVED,
            is_current=True, narrative="Kết quả thực hiện trong kỳ (số liệu mẫu để trình diễn).",
            submitted_by=recorder, reviewed_by=recorder))
        chosen.append((assignment, progress, period[1]))
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
    for start, end in weeks:      # each report was sent and approved the day after its week
        ProgressReport.objects.filter(assignment__directive=directive, period_start=start).filter(
            ~Q(assignment__agency__code="X00070")).update(
            submitted_at=when.moment(end + timedelta(days=1), 10), reviewed_at=when.moment(end + timedelta(days=1), 15))
    values = []
    for report, (assignment, _progress, _end) in zip(reports, chosen, strict=True):
        for figure in assignment.task.figures.all():
            scale = 12 if assignment.commune_id is None else 4
            values.append(ReportFigure(report=report, figure=figure, value=Decimal(rng.randint(0, scale)),
                                      directive_id=directive.pk, province_id=report.province_id,
                                      commune_id=report.commune_id, is_current=True))
    ReportFigure.objects.bulk_create(values, batch_size=2000)
    for assignment, progress, end in chosen:
        assignment.progress = progress
        assignment.state = Assignment.State.DONE if progress == 100 else Assignment.State.IN_PROGRESS
        assignment.completed_on = end if progress == 100 else None
    Assignment.objects.bulk_update([a for a, _p, _e in chosen], ["progress", "state", "completed_on"],
                                   batch_size=1000)
    audit_record(actor=None, action="create", object_type="directives.progressreport",
                 object_repr=f"Báo cáo mẫu cho văn bản số {NUMBER}", changes={"sample_reports": len(reports)})
    return len(reports)
