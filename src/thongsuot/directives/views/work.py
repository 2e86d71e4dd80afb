"""Directives views: assigned work, cascading, progress reports and their review."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thongsuot.audit.exports import export_response
from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import act, pop_submission_key, submit
from thongsuot.core.listing import wants_export
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private
from thongsuot.core.versioning import version_of
from thongsuot.directives import exports, selectors, services
from thongsuot.directives import permissions as perms
from thongsuot.directives.forms import AssignedFilter, AssignForm, ReportForm, ReportReviseForm, ReviewForm
from thongsuot.directives.models import ProgressReport
from thongsuot.directives.views._common import withdrawn


@login_required
def assigned(request):
    filters = AssignedFilter(request.GET)
    assignments = selectors.assigned_to_us(user=request.user, state=filters.values().get("state", ""))
    if wants_export(request):
        return export_response(request, exports.ASSIGNED, assignments, filters=filters.described())
    return render(request, "directives/assigned.html", {
        "page": paginate(request, assignments), "filter_form": filters, "today": timezone.localdate(),
        "pending": selectors.pending_reports(user=request.user)[:50],
        "reminders": selectors.reminder_list(user=request.user)[:20]})


@login_required
def assignment_detail(request, pk):
    assignment = selectors.access_assignment(request.user, pk)
    children = None
    if assignment.commune_id is None and perms.may_see_matrix(request.user):
        children = paginate(request, assignment.children.select_related("commune").order_by("commune__name"))
    return render(request, "directives/assignment.html", {
        "assignment": assignment, "today": timezone.localdate(), "children": children,
        "reports": assignment.reports.select_related("submitted_by", "reviewed_by").prefetch_related(
            "values__figure"),
        "may_cascade": perms.may_cascade(request.user, assignment) and not assignment.task.is_withdrawn,
        "may_report": perms.may_report(request.user, assignment) and not assignment.task.is_withdrawn})


@login_required
def assignment_cascade(request, pk):
    assignment = selectors.access_assignment(request.user, pk)
    if not perms.may_cascade(request.user, assignment):
        raise Forbidden()
    if assignment.task.is_withdrawn:
        return withdrawn(request, assignment)
    form = AssignForm(request.POST or None, all_label=_("Tất cả xã, phường, đặc khu của tỉnh"),
                      places=selectors.province_communes(assignment.province_id))
    return submit(request, form, lambda data: services.assignment_cascade(
        actor=request.user, assignment=assignment, communes=form.chosen(), deadline=data["deadline"]),
        template="core/form_page.html", then=assignment,
        success=lambda made: _("Đã giao tiếp cho %(n)s xã, phường, đặc khu.") % {"n": len(made)}, context={
            "title": _("Giao tiếp cho xã, phường, đặc khu"), "subtitle": assignment.task.title,
            "intro": _("Thời hạn tỉnh được giao: %(d)s. Thời hạn giao cho xã không được muộn hơn.") % {
                "d": f"{assignment.deadline:%d/%m/%Y}"},
            "submit_label": _("Giao tiếp"), "cancel_url": assignment.get_absolute_url()})


def _report_service_input(form, data: dict) -> dict:
    return {"period_start": data["period_start"], "period_end": data["period_end"], "narrative": data["narrative"],
            "progress": data["progress"], "figures": form.figures(), "files": data.get("files", [])}


@login_required
def report_create(request, pk):
    assignment = selectors.access_assignment(request.user, pk)
    if not perms.may_report(request.user, assignment):
        raise Forbidden()
    if assignment.task.is_withdrawn:
        return withdrawn(request, assignment)
    form = ReportForm(request.POST or None, request.FILES or None, task=assignment.task)
    return submit(request, form, lambda data: services.report_submit(
        actor=request.user, assignment=assignment, submission_key=pop_submission_key(data),
        **_report_service_input(form, data)),
        template="directives/report_form.html", then=lambda report: report,
        success=_("Đã gửi báo cáo; chờ lãnh đạo duyệt."), context={
            "title": _("Báo cáo tiến độ"), "subtitle": assignment.task.title, "submit_label": _("Gửi báo cáo"),
            "cancel_url": assignment.get_absolute_url()})


@login_required
def report_detail(request, pk):
    report = selectors.access_report(request.user, pk)
    withdrawn_task = report.assignment.task.is_withdrawn
    may_review = (perms.may_review(request.user, report) and report.status == ProgressReport.Status.SUBMITTED
                  and not withdrawn_task)
    return render(request, "directives/report.html", {
        "report": report, "assignment": report.assignment, "values": report.values.select_related("figure"),
        "files": report.attachments.all(),
        "review_form": ReviewForm() if may_review else None,
        "may_revise": perms.may_report(request.user, report.assignment)
        and report.status == ProgressReport.Status.RETURNED and not withdrawn_task})


@login_required
@require_POST
def report_review(request, pk, decision):
    report = selectors.access_report(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        service = services.report_approve if decision == "approve" else services.report_return
        act(request, lambda: service(actor=request.user, report=report, note=form.cleaned_data["note"]),
                     _("Đã duyệt báo cáo.") if decision == "approve" else _("Đã trả lại báo cáo."))
    return redirect(report)


@login_required
def report_revise(request, pk):
    report = selectors.access_report(request.user, pk)
    if not perms.may_report(request.user, report.assignment):
        raise Forbidden()
    if report.assignment.task.is_withdrawn:
        return withdrawn(request, report)
    initial = {"period_start": report.period_start, "period_end": report.period_end, "progress": report.progress,
               "narrative": report.narrative, "version": version_of(report),
               **{f"figure_{v.figure_id}": v.value for v in report.values.all()}}
    form = ReportReviseForm(request.POST or None, request.FILES or None, initial=initial, task=report.assignment.task)
    form.add_removable(report.attachments.all())
    return submit(request, form, lambda data: services.report_revise(
        actor=request.user, report=report, remove_files=data.get("remove_files", []), version=data["version"],
        **_report_service_input(form, data)),
        template="directives/report_form.html", then=report, success=_("Đã gửi lại báo cáo; chờ lãnh đạo duyệt."),
        context={"title": _("Sửa và gửi lại báo cáo"), "subtitle": report.assignment.task.title,
                 "submit_label": _("Gửi báo cáo"), "cancel_url": report.assignment.get_absolute_url(),
                 "report": report})


@login_required
def report_file(request, pk, file_pk):
    attachment = selectors.access_file(selectors.access_report(request.user, pk), file_pk)
    return serve_private(attachment.file, attachment.name)
