"""Demo data: the steering committee's urgent letter of 23/11/2025 that prompted the platform.

The letter, its seven tasks and their assignment to all 34 provinces go through the services
(so they are audited like real work); Hà Nội and Lào Cai pass every task on to all their
communes. Tasks on staff, premises and equipment show the staffing and facilities registries'
figures beside the reports. Phường Hoàn Kiếm (demo.xa) files real reports: one approved, one waiting for
demo.xa.lanhdao. The other progress figures are generated sample values, written in bulk,
marked “số liệu mẫu” in their text, so the national matrix has something to show.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from thongsuot.accounts.models import Agency
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.directives import registry_figures, services
from thongsuot.directives.models import Assignment, Directive, ProgressReport, ReportFigure

NUMBER = "24/CĐ-BCĐ"
ISSUED_ON = date(2025, 11, 23)
DEADLINE = date(2025, 12, 31)
TITLE = "Về việc tập trung tháo gỡ khó khăn, vướng mắc của cấp xã trong vận hành chính quyền địa phương hai cấp"
SUMMARY = (
    "Ban Chỉ đạo đề nghị Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương chỉ đạo hoàn thiện "
    "tổ chức bộ máy, bố trí đủ công chức chuyên môn cho cấp xã, bồi dưỡng cán bộ, hỗ trợ cán bộ đi lại đến trụ "
    "sở mới, rà soát trụ sở và tài sản công, bảo đảm trang thiết bị, đường truyền và nền tảng số, cắt giảm và "
    "số hóa thủ tục hành chính, tháo gỡ vướng mắc về phân cấp, phân quyền; hoàn thành trước ngày 31/12/2025. "
    "Nội dung vượt thẩm quyền của xã, của tỉnh phải có văn bản gửi bộ, ngành quản lý để hướng dẫn."
)
TEXT = """Kính gửi: Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.

Sau gần năm tháng vận hành chính quyền địa phương hai cấp, bộ máy cấp xã cơ bản hoạt động thông suốt; tuy nhiên tại nhiều xã, phường, đặc khu vẫn còn thiếu công chức chuyên môn, trụ sở và trang thiết bị chưa bảo đảm, một số nhiệm vụ phân cấp chưa có hướng dẫn.

Để kịp thời tháo gỡ khó khăn, vướng mắc, Ban Chỉ đạo đề nghị Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương tập trung chỉ đạo thực hiện các nhiệm vụ sau, hoàn thành trước ngày 31/12/2025:

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

WEEK1 = (date(2025, 11, 24), date(2025, 11, 30))
WEEK2 = (date(2025, 12, 1), date(2025, 12, 7))


def seed_demo(personas: dict, out) -> None:
    if Directive.objects.filter(issuer__code="BCD", number=NUMBER).exists():
        out.write(f"  Văn bản chỉ đạo số {NUMBER} đã có; bỏ qua.")
        return
    with transaction.atomic():
        directive = _letter(personas)
        _cascade(personas, directive)
        _hoan_kiem_reports(personas, directive)
        count = _sample_reports(personas, directive)
    out.write(f"  Văn bản số {NUMBER} ngày 23/11/2025: {len(TASKS)} nhiệm vụ, giao 34 tỉnh; Hà Nội, Lào Cai giao "
              f"tiếp cho xã; {count} báo cáo mẫu.")


def _letter(personas) -> Directive:
    boss = personas["demo.quocgia"]
    agencies = {a.code: a for a in Agency.objects.filter(level__in=["central", "ministry"])}
    directive = services.directive_create(
        actor=boss, number=NUMBER, issued_on=ISSUED_ON, urgency="khan", title=TITLE,
        signer_name=boss.display_name, signer_title="KT. TRƯỞNG BAN — PHÓ TRƯỞNG BAN CHỈ ĐẠO",
        summary=SUMMARY, text=TEXT)
    for title, domain, lead, coordinating, figures in TASKS:
        services.task_create(actor=boss, directive=directive, title=title, deadline=DEADLINE, domain=domain,
                             lead_agency=agencies[lead], coordinating_agencies=[agencies[c] for c in coordinating],
                             figures=figures)
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


def _cascade(personas, directive) -> None:
    for username, code in (("demo.tinh", "T01"), ("demo.tinh2", "T15")):
        for assignment in Assignment.objects.filter(directive=directive, agency__code=code):
            services.assignment_cascade(actor=personas[username], assignment=assignment)


def _figures(task, *values):
    return {f.pk: v for f, v in zip(task.figures.all(), values, strict=True)}


def _hoan_kiem_reports(personas, directive) -> None:
    mine = {a.task.position: a for a in Assignment.objects.filter(directive=directive, agency__code="X00070")
            .select_related("task")}
    officer, leader = personas["demo.xa"], personas["demo.xa.lanhdao"]
    first = services.report_submit(
        actor=officer, assignment=mine[1], period_start=WEEK1[0], period_end=WEEK1[1], progress=40,
        narrative="Đã rà soát vị trí việc làm; còn thiếu 1 công chức công nghệ thông tin và 1 công chức tài chính. "
                  "Đã xin ý kiến Sở Nội vụ về điều động từ phường lân cận.",
        figures=_figures(mine[1].task, 2, 1))
    services.report_approve(actor=leader, report=first, note="Đồng ý, tiếp tục theo dõi.")
    services.report_submit(
        actor=officer, assignment=mine[2], period_start=WEEK1[0], period_end=WEEK1[1], progress=50,
        narrative="Đã mở 1 lớp bồi dưỡng nghiệp vụ một cửa cho 35 lượt công chức; lớp thứ hai dự kiến ngày 05/12.",
        figures=_figures(mine[2].task, 1, 35))
    returned = services.report_submit(
        actor=officer, assignment=mine[4], period_start=WEEK1[0], period_end=WEEK1[1], progress=30,
        narrative="Đang rà soát trụ sở các phường cũ.", figures=_figures(mine[4].task, 3, 0))
    services.report_return(actor=leader, report=returned,
                           note="Bổ sung danh sách từng cơ sở và đề xuất phương án xử lý (chuyển y tế, giáo dục).")


@transaction.atomic
def _sample_reports(personas, directive) -> int:
    """Approved sample reports for provinces' own work and for half of Hà Nội's and Lào Cai's communes."""
    recorder = personas.get("demo.quantri") or personas["demo.quocgia"]
    rng = random.Random(20251123)
    assignments = list(Assignment.objects.filter(directive=directive).exclude(agency__code="X00070")
                       .select_related("task").prefetch_related("task__figures"))
    reports, chosen = [], []
    for assignment in assignments:
        share = 0.75 if assignment.commune_id is None else 0.5
        if rng.random() > share:
            continue
        progress = rng.choice([20, 40, 50, 60, 80, 100, 100])
        period = rng.choice([WEEK1, WEEK2])
        reports.append(ProgressReport(
            assignment=assignment, province_id=assignment.province_id, commune_id=assignment.commune_id,
            period_start=period[0], period_end=period[1], progress=progress, status=ProgressReport.Status.APPROVED,
            is_current=True, narrative="Kết quả thực hiện trong kỳ (số liệu mẫu để trình diễn).",
            submitted_by=recorder, reviewed_by=recorder))
        chosen.append((assignment, progress, period[1]))
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
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
