"""Directives views: assigned work, cascading, progress reports and their review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thongsuot.accounts.permissions import get_visible_or_404, scope_of
from thongsuot.audit.exports import xlsx_response
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private
from thongsuot.directives import permissions as perms
from thongsuot.directives import selectors, services
from thongsuot.directives.forms import (
    AssignForm,
    ReportForm,
    ReviewForm,
)
from thongsuot.directives.models import Assignment, ProgressReport
from thongsuot.directives.views._common import _assignment, _fail, _report
from thongsuot.geo.models import Commune


@login_required
def assigned(request):
    state = request.GET.get("state", "")
    assignments = selectors.assigned_to_us(user=request.user, state=state)
    if request.GET.get("format") == "xlsx":
        today = timezone.localdate()
        labels = dict(Assignment.State.choices) | {"overdue": _("Quá hạn")}
        rows = ([_("Số: %(number)s") % {"number": a.directive.number}, a.task.position, a.task.title,
                 a.agency.name, a.deadline, a.due, str(labels[a.status(today)]), a.progress] for a in assignments)
        return xlsx_response(user=request.user, filename="nhiem-vu-duoc-giao.xlsx", title=_("Nhiệm vụ được giao"),
                             headers=[_("Văn bản"), _("Thứ tự"), _("Nhiệm vụ"), _("Đơn vị"), _("Thời hạn"),
                                      _("Hạn tính theo ngày làm việc"), _("Tình trạng"), _("Tiến độ (%)")],
                             rows=rows,
                             object_type="directives.assignment", filters={"state": state})
    return render(request, "directives/assigned.html", {
        "page": paginate(request, assignments), "state": state, "today": timezone.localdate(),
        "states": [*Assignment.State.choices, ("overdue", _("Quá hạn"))],
        "pending": selectors.pending_reports(user=request.user)[:50],
        "reminders": selectors.reminder_list(user=request.user)[:20]})

def _withdrawn(request, record):
    """A withdrawn task is read-only: say so and go back to the record."""
    messages.error(request, _(services.TASK_WITHDRAWN))
    return redirect(record)

@login_required
def assignment_detail(request, pk):
    assignment = _assignment(request, pk)
    children = None
    if assignment.commune_id is None and not scope_of(request.user).is_commune:
        children = paginate(request, assignment.children.select_related("commune").order_by("commune__name"))
    return render(request, "directives/assignment.html", {
        "assignment": assignment, "today": timezone.localdate(), "children": children,
        "reports": assignment.reports.select_related("submitted_by", "reviewed_by").prefetch_related(
            "values__figure"),
        "may_cascade": perms.may_cascade(request.user, assignment) and not assignment.task.is_withdrawn,
        "may_report": perms.may_report(request.user, assignment) and not assignment.task.is_withdrawn})

@login_required
def assignment_cascade(request, pk):
    assignment = _assignment(request, pk)
    if not perms.may_cascade(request.user, assignment):
        raise PermissionDenied
    if assignment.task.is_withdrawn:
        return _withdrawn(request, assignment)
    form = AssignForm(request.POST or None, all_label=_("Tất cả xã, phường, đặc khu của tỉnh"),
                      places=Commune.objects.filter(province_id=assignment.province_id).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            made = services.assignment_cascade(actor=request.user, assignment=assignment, communes=form.chosen(),
                                               deadline=form.cleaned_data["deadline"])
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Đã giao tiếp cho %(n)s xã, phường, đặc khu.") % {"n": len(made)})
            return redirect(assignment)
    return render(request, "directives/cascade_form.html", {"form": form, "assignment": assignment})

@login_required
def report_create(request, pk):
    assignment = _assignment(request, pk)
    if not perms.may_report(request.user, assignment):
        raise PermissionDenied
    if assignment.task.is_withdrawn:
        return _withdrawn(request, assignment)
    form = ReportForm(request.POST or None, request.FILES or None, task=assignment.task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_submit(
                actor=request.user, assignment=assignment, period_start=data["period_start"],
                period_end=data["period_end"], narrative=data["narrative"], progress=data["progress"],
                figures=form.figures(), files=data.get("files", []), client_token=data.get("client_token", ""))
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Đã gửi báo cáo; chờ lãnh đạo duyệt."))
            return redirect(report)
    return render(request, "directives/report_form.html", {"form": form, "assignment": assignment})

@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    withdrawn = report.assignment.task.is_withdrawn
    may_review = (perms.may_review(request.user, report) and report.status == ProgressReport.Status.SUBMITTED
                  and not withdrawn)
    return render(request, "directives/report.html", {
        "report": report, "assignment": report.assignment, "values": report.values.select_related("figure"),
        "files": report.attachments.all(),
        "review_form": ReviewForm() if may_review else None,
        "may_revise": perms.may_report(request.user, report.assignment)
        and report.status == ProgressReport.Status.RETURNED and not withdrawn})

@login_required
@require_POST
def report_review(request, pk, decision):
    report = _report(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        service = services.report_approve if decision == "approve" else services.report_return
        try:
            service(actor=request.user, report=report, note=form.cleaned_data["note"])
        except DomainError as error:
            if error.code == "forbidden":
                raise PermissionDenied from error
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã duyệt báo cáo.") if decision == "approve" else _("Đã trả lại báo cáo."))
    return redirect(report)

@login_required
def report_revise(request, pk):
    report = _report(request, pk)
    if not perms.may_report(request.user, report.assignment):
        raise PermissionDenied
    if report.assignment.task.is_withdrawn:
        return _withdrawn(request, report)
    initial = {"period_start": report.period_start, "period_end": report.period_end, "progress": report.progress,
               "narrative": report.narrative, **{f"figure_{v.figure_id}": v.value for v in report.values.all()}}
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial, task=report.assignment.task)
    form.add_removable(report.attachments.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_revise(actor=request.user, report=report, period_start=data["period_start"],
                                   period_end=data["period_end"], narrative=data["narrative"],
                                   progress=data["progress"], figures=form.figures(), files=data.get("files", []),
                                   remove_files=data.get("remove_files", []))
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Đã gửi lại báo cáo; chờ lãnh đạo duyệt."))
            return redirect(report)
    return render(request, "directives/report_form.html", {"form": form, "assignment": report.assignment,
                                                           "report": report})

@login_required
def report_file(request, pk, file_pk):
    attachment = get_visible_or_404(_report(request, pk).attachments.all(), pk=file_pk)
    return serve_private(attachment.file, attachment.name)
