"""Directives services: progress reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.core.resubmission import create_once
from thongsuot.core.versioning import bump, check_version
from thongsuot.directives import attachments
from thongsuot.directives import permissions as perms
from thongsuot.directives.models import (
    Assignment,
    ProgressReport,
    ReportFigure,
    Task,
)
from thongsuot.directives.services._common import (
    REPORT_TRANSITIONS,
    _check_transition,
    _refuse_unless,
    _update_with_files,
)
from thongsuot.directives.services.tasks import _refuse_if_withdrawn


def _clean_figures(task: Task, figures: Mapping) -> dict[int, Decimal]:
    expected = list(task.figures.all())
    values: dict[int, Decimal] = {}
    known = {f.pk for f in expected}
    for key in figures:
        if int(key) not in known:
            raise DomainError(_("Số liệu gửi lên không thuộc nhiệm vụ này."), field="figures")
    for figure in expected:
        raw = figures.get(figure.pk, figures.get(str(figure.pk)))
        if raw is None or raw == "":
            raise DomainError(_("Chưa nhập số liệu “%(name)s” (%(unit)s).") % {"name": figure.name,
                                                                              "unit": figure.unit},
                              field=f"figure_{figure.pk}")
        try:
            value = Decimal(str(raw).replace(",", "."))
        except ArithmeticError as exc:
            raise DomainError(_("Số liệu “%(name)s” không phải là số.") % {"name": figure.name},
                              field=f"figure_{figure.pk}") from exc
        if not value.is_finite() or value < 0:
            raise DomainError(_("Số liệu “%(name)s” phải là số không âm.") % {"name": figure.name},
                              field=f"figure_{figure.pk}")
        values[figure.pk] = value
    return values


def _check_report_input(*, period_start: date, period_end: date, progress: int) -> None:
    if period_end < period_start:
        raise DomainError(_("Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu."), field="period_end")
    if period_end > timezone.localdate():
        raise DomainError(_("Kỳ báo cáo không được kết thúc sau ngày hôm nay."), field="period_end")
    if not 0 <= progress <= 100:
        raise DomainError(_("Tiến độ phải từ 0 đến 100%."), field="progress")


def _store_values(report: ProgressReport, values: dict) -> None:
    ReportFigure.objects.bulk_create([
        ReportFigure(report=report, figure_id=fid, value=v, directive_id=report.assignment.directive_id,
                     province_id=report.province_id, commune_id=report.commune_id, is_current=report.is_current)
        for fid, v in values.items()])


def _report_facts(r: ProgressReport) -> dict:
    return {"period_start": r.period_start, "period_end": r.period_end, "progress": r.progress,
            "status": r.status, "narrative": r.narrative[:500]}


@transaction.atomic
def report_submit(*, actor, assignment: Assignment, period_start: date, period_end: date, narrative: str,
                  progress: int, figures: Mapping, files: Iterable = (), submission_key: str = "") -> ProgressReport:
    """File a progress report on an assignment, for its agency's leader to approve or return.

    The report and all its files are kept together or not at all. A resent form (the same
    `submission_key` from the same author) returns the first report.
    """
    assignment = Assignment.objects.select_related("task", "directive").get(pk=assignment.pk)
    _refuse_unless(perms.may_report(actor, assignment))

    def create(key: str) -> ProgressReport:
        _refuse_if_withdrawn(assignment.task)
        _check_report_input(period_start=period_start, period_end=period_end, progress=progress)
        values = _clean_figures(assignment.task, figures)
        checked = attachments.checked_or_refused(files)
        report = ProgressReport(assignment=assignment, province_id=assignment.province_id,
                                commune_id=assignment.commune_id, period_start=period_start, period_end=period_end,
                                narrative=narrative.strip(), progress=progress, submitted_by=actor,
                                submission_key=key)
        with attachments.files_rolled_back() as written:
            report.save()
            _store_values(report, values)
            stored = attachments.attach(written=written, actor=actor, checked=checked, report=report)
            audit_record(actor=actor, action="create", obj=report, after={
                **_report_facts(report), "figures": {str(k): v for k, v in values.items()},
                "files": [a.name for a in stored]})
        return report

    return create_once(ProgressReport, author=actor, key=submission_key, create=create, author_field="submitted_by")


@transaction.atomic
def report_revise(*, actor, report: ProgressReport, period_start: date, period_end: date, narrative: str,
                  progress: int, figures: Mapping, files: Iterable = (), remove_files: Iterable = (),
                  version: int | None = None) -> ProgressReport:
    """Correct a returned report (its files too) and send it back for approval.

    `version` is the one the page (or the offline draft) was made from: a report corrected or reviewed
    since is refused with `StaleVersion`, never overwritten."""
    report = ProgressReport.objects.select_for_update().select_related("assignment__task").get(pk=report.pk)
    _refuse_unless(perms.may_report(actor, report.assignment))
    _refuse_if_withdrawn(report.assignment.task)
    check_version(report, version, message=_(
        "Báo cáo này đã được sửa hoặc duyệt sau khi bạn mở trang; nội dung bạn nhập chưa được gửi. "
        "Hãy xem bản hiện có rồi sửa lại."))
    _check_transition(REPORT_TRANSITIONS, report.status, ProgressReport.Status.SUBMITTED, ProgressReport.Status)
    _check_report_input(period_start=period_start, period_end=period_end, progress=progress)
    values = _clean_figures(report.assignment.task, figures)
    checked = attachments.checked_or_refused(files)
    before = _report_facts(report)
    report.period_start, report.period_end = period_start, period_end
    report.narrative, report.progress = narrative.strip(), progress
    report.status = ProgressReport.Status.SUBMITTED
    bump(report)

    def save():
        report.save()
        report.values.all().delete()
        _store_values(report, values)

    _update_with_files(actor=actor, owner=report, before=before, facts=_report_facts, save=save, checked=checked,
                       remove_files=remove_files, attach_as="report")
    return report


@transaction.atomic
def report_approve(*, actor, report: ProgressReport, note: str = "") -> ProgressReport:
    """Approve a report: its progress and figures become the assignment's (if it is the latest period)."""
    report = ProgressReport.objects.select_for_update(of=("self",)).select_related("assignment__task").get(
        pk=report.pk)
    _refuse_unless(perms.may_review(actor, report))
    _refuse_if_withdrawn(report.assignment.task)
    _check_transition(REPORT_TRANSITIONS, report.status, ProgressReport.Status.APPROVED, ProgressReport.Status)
    assignment = Assignment.objects.select_for_update().get(pk=report.assignment_id)
    current = assignment.reports.filter(is_current=True).first()
    report.status = ProgressReport.Status.APPROVED
    report.review_note = note.strip()
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    becomes_current = current is None or report.period_end >= current.period_end
    if becomes_current and current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
        current.values.update(is_current=False)
    report.is_current = becomes_current
    bump(report)
    report.save()
    if becomes_current:
        report.values.update(is_current=True)
    before = {"state": assignment.state, "progress": assignment.progress}
    if becomes_current:
        assignment.progress = report.progress
        if report.progress == 100:
            assignment.state = Assignment.State.DONE
            assignment.completed_on = report.period_end
        else:
            assignment.state = Assignment.State.IN_PROGRESS
            assignment.completed_on = None
        assignment.save(update_fields=["progress", "state", "completed_on"])
    audit_record(actor=actor, action="approve", obj=report,
                 before={"status": ProgressReport.Status.SUBMITTED},
                 after={"status": report.status, "current": becomes_current, "note": report.review_note})
    if becomes_current:
        audit_record(actor=actor, action="update", obj=assignment, before=before,
                     after={"state": assignment.state, "progress": assignment.progress})
    return report


@transaction.atomic
def report_return(*, actor, report: ProgressReport, note: str) -> ProgressReport:
    """Send a report back to its author with the reason; it does not count until approved."""
    report = ProgressReport.objects.select_for_update(of=("self",)).select_related("assignment__task").get(
        pk=report.pk)
    _refuse_unless(perms.may_review(actor, report))
    _refuse_if_withdrawn(report.assignment.task)
    _check_transition(REPORT_TRANSITIONS, report.status, ProgressReport.Status.RETURNED, ProgressReport.Status)
    if not note or not note.strip():
        raise DomainError(_("Cần ghi rõ lý do trả lại báo cáo."), field="note")
    report.status = ProgressReport.Status.RETURNED
    report.review_note = note.strip()
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    bump(report)
    report.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "version"])
    audit_record(actor=actor, action="return", obj=report, before={"status": ProgressReport.Status.SUBMITTED},
                 after={"status": report.status, "note": report.review_note})
    return report
