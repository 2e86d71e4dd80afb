"""National-scale directives for benchmarks: about 100 directives of 20 tasks, assigned to all
34 provinces; some of them passed on to all 3,321 communes with reports filed.

Passing every directive on to every commune would mean 2,000 × 3,321 ≈ 6.6 million assignments;
`--directives-cascaded` says how many directives go that far (default 5, about 330,000 assignments).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from thongsuot.accounts.models import Agency, Level, Membership, Role, User
from thongsuot.core.vocabulary import Domain
from thongsuot.directives.models import (
    Assignment,
    Directive,
    Figure,
    ProgressReport,
    ReportFigure,
    Task,
    Urgency,
)

PREFIX = "QG"
BATCH = 5000


def add_arguments(parser):
    parser.add_argument("--directives-count", type=int, default=100, help="Số văn bản chỉ đạo giả lập (mặc định 100).")
    parser.add_argument("--directives-tasks", type=int, default=20, help="Số nhiệm vụ mỗi văn bản (mặc định 20).")
    parser.add_argument("--directives-cascaded", type=int, default=5,
                        help="Số văn bản được giao tiếp tới toàn bộ 3.321 xã (mặc định 5).")
    parser.add_argument("--skip-directives", action="store_true", help="Không tạo văn bản chỉ đạo giả lập.")


def seed_national(options, out) -> None:
    if options.get("skip_directives"):
        return
    if Directive.objects.filter(number__startswith=f"{PREFIX}-").exists():
        out.write("  Văn bản chỉ đạo giả lập đã có; bỏ qua.")
        return
    rng = random.Random(options.get("seed", 2025))
    count, per = options.get("directives_count", 100), options.get("directives_tasks", 20)
    cascaded = options.get("directives_cascaded", 5)
    totals = seed(rng=rng, count=count, tasks_per=per, cascaded=cascaded)
    out.write(f"  {totals['directives']} văn bản chỉ đạo, {totals['tasks']} nhiệm vụ, "
              f"{totals['assignments']} lượt giao, {totals['reports']} báo cáo giả lập.")


@transaction.atomic
def seed(*, rng: random.Random, count: int, tasks_per: int, cascaded: int) -> dict:
    issuer = Agency.objects.get(code="BCD")
    user, _ = User.objects.get_or_create(username="bench.bcd", defaults={
        "password": make_password(None), "full_name": "Ban Chỉ đạo (dữ liệu giả lập)"})
    # A national viewer for the benchmark to read the matrices as.
    Membership.objects.get_or_create(user=user, defaults={"agency": issuer, "role": Role.VIEWER})
    provinces = list(Agency.objects.filter(level=Level.PROVINCE).values_list("id", "province_id"))
    communes = list(Agency.objects.filter(level=Level.COMMUNE).values_list("id", "province_id", "commune_id"))
    base = date(2025, 7, 1)
    drafts = [
        Directive(number=f"{PREFIX}-{i:03d}/CĐ-BCĐ", issued_on=base + timedelta(days=i), urgency=rng.choice(Urgency.values),
                  issuer=issuer, signer_name="Nguyễn Văn Quốc", signer_title="Phó Trưởng Ban Chỉ đạo",
                  title=f"Văn bản chỉ đạo giả lập số {i}", status=Directive.Status.ISSUED, created_by=user)
        for i in range(1, count + 1)]
    for draft in drafts:
        draft.refresh_search_key()
    directives = Directive.objects.bulk_create(drafts)
    tasks = Task.objects.bulk_create([
        Task(directive=d, position=p, title=f"Nhiệm vụ {p} của văn bản {d.number}", domain=rng.choice(Domain.values),
             deadline=d.issued_on + timedelta(days=rng.randint(20, 200)))
        for d in directives for p in range(1, tasks_per + 1)], batch_size=BATCH)
    figures = Figure.objects.bulk_create([
        Figure(task=t, position=p, name=name, unit=unit)
        for t in tasks for p, (name, unit) in enumerate([("Số việc đã hoàn thành", "việc"),
                                                         ("Kinh phí đã sử dụng", "triệu đồng")], start=1)],
        batch_size=BATCH)
    figures_of: dict[int, list[Figure]] = {}
    for figure in figures:
        figures_of.setdefault(figure.task_id, []).append(figure)
    deep = {d.pk for d in directives[:cascaded]}
    totals = {"directives": len(directives), "tasks": len(tasks), "assignments": 0, "reports": 0}
    for task in tasks:
        own = [_assignment(rng, task, agency_id, province_id, None, user) for agency_id, province_id in provinces]
        Assignment.objects.bulk_create(own, batch_size=BATCH)
        made = list(own)
        if task.directive_id in deep:
            parents = {a.province_id: a for a in own}
            children = [_assignment(rng, task, agency_id, province_id, commune_id, user, parent=parents[province_id])
                        for agency_id, province_id, commune_id in communes]
            Assignment.objects.bulk_create(children, batch_size=BATCH)
            made += children
        totals["assignments"] += len(made)
        totals["reports"] += _reports(rng, made, figures_of.get(task.pk, []), user)
    return totals


def _assignment(rng, task, agency_id, province_id, commune_id, user, parent=None) -> Assignment:
    progress = rng.choice([0, 0, 20, 40, 60, 80, 100, 100])
    state = (Assignment.State.DONE if progress == 100 else
             Assignment.State.IN_PROGRESS if progress else Assignment.State.NOT_STARTED)
    return Assignment(task=task, directive_id=task.directive_id, agency_id=agency_id, parent=parent,
                      province_id=province_id, commune_id=commune_id, deadline=task.deadline, state=state,
                      progress=progress, completed_on=task.deadline if progress == 100 else None, assigned_by=user)


def _reports(rng, assignments, figures, user) -> int:
    reports = []
    for a in assignments:
        if a.progress:
            end = a.deadline - timedelta(days=rng.randint(0, 14))
            reports.append(ProgressReport(
                assignment=a, province_id=a.province_id, commune_id=a.commune_id, period_start=end - timedelta(days=6),
                period_end=end, narrative="Báo cáo giả lập.", progress=a.progress,
                status=ProgressReport.Status.APPROVED, is_current=True, submitted_by=user, reviewed_by=user))
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    ReportFigure.objects.bulk_create([
        ReportFigure(report=r, figure=f, value=Decimal(rng.randint(0, 20)), directive_id=f.task.directive_id,
                     province_id=r.province_id, commune_id=r.commune_id, is_current=True)
        for r in reports for f in figures], batch_size=BATCH)
    return len(reports)
