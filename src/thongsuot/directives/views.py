"""Pages of the directives loop. Thin: parse input, call one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from django.views.decorators.http import require_POST

from thongsuot.accounts.permissions import Action, get_visible_or_404, scope_of, visible_provinces
from thongsuot.audit.exports import xlsx_response
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private
from thongsuot.directives import permissions as perms
from thongsuot.directives import selectors, services
from thongsuot.directives.forms import (
    AssignForm,
    DirectiveForm,
    LinkForm,
    RegistryLinkForm,
    ReportForm,
    ReviewForm,
    TaskEditForm,
    TaskForm,
    TaskWithdrawForm,
)
from thongsuot.directives.models import Assignment, Directive, ProgressReport, Urgency
from thongsuot.geo.models import Commune, Province


def _fail(form, error: DomainError):
    """Show a service's refusal on the form: on its field when the form has one, else on top."""
    if error.code == "forbidden":
        raise PermissionDenied(error.message)
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _directive(request, pk):
    return get_visible_or_404(selectors.directive_list(user=request.user), pk=pk)


@login_required
def directive_list(request):
    query = request.GET.get("q", "")[:100]
    urgency, status = request.GET.get("urgency", ""), request.GET.get("status", "")
    directives = selectors.directive_list(user=request.user, query=query, urgency=urgency, status=status)
    if request.GET.get("format") == "xlsx":
        scope = scope_of(request.user)
        if scope is None or not scope.allows(Action.EXPORT):
            raise PermissionDenied
        rows = ([_("Số: %(number)s") % {"number": d.number}, d.issued_on, d.get_urgency_display(), d.issuer.name,
                 d.title, f"{d.signer_title} {d.signer_name}", d.get_status_display()] for d in directives)
        return xlsx_response(user=request.user, filename="van-ban-chi-dao.xlsx", title=_("Văn bản chỉ đạo"),
                             headers=[_("Số, ký hiệu"), _("Ngày ban hành"), _("Độ khẩn"), _("Cơ quan ban hành"),
                                      _("Trích yếu"), _("Người ký"), _("Trạng thái")], rows=rows,
                             object_type="directives.directive",
                             filters={"q": query, "urgency": urgency, "status": status})
    return render(request, "directives/list.html", {
        "page": paginate(request, directives), "q": query, "urgency": urgency, "status": status,
        "urgencies": Urgency.choices, "statuses": Directive.Status.choices,
        "may_create": perms.may_create_directive(request.user)})


@login_required
def directive_create(request):
    if not perms.may_create_directive(request.user):
        raise PermissionDenied
    form = DirectiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.directive_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Đã tạo dự thảo văn bản. Thêm nhiệm vụ rồi ban hành."))
            return redirect(directive)
    return render(request, "directives/directive_form.html", {"form": form})


@login_required
def directive_edit(request, pk):
    directive = _directive(request, pk)
    if not perms.may_edit_directive(request.user, directive) or directive.status != Directive.Status.DRAFT:
        raise PermissionDenied
    fields = ["number", "issued_on", "urgency", "title", "signer_name", "signer_title", "summary", "text"]
    form = DirectiveForm(request.POST or None, request.FILES or None,
                         initial={f: getattr(directive, f) for f in fields})
    form.add_removable(directive.attachments.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_update(actor=request.user, directive=directive, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect(directive)
    return render(request, "directives/directive_form.html", {"form": form, "directive": directive})


@login_required
def directive_detail(request, pk):
    directive = _directive(request, pk)
    scope = scope_of(request.user)
    tasks = list(directive.tasks.select_related("lead_agency").prefetch_related("figures", "coordinating_agencies"))
    context = {"directive": directive, "tasks": tasks, "scope": scope, "today": timezone.localdate(),
               "files": directive.attachments.all(),
               "may_edit": perms.may_edit_directive(request.user, directive) and directive.status == "draft",
               "may_issue": perms.may_issue_directive(request.user, directive) and directive.status == "draft",
               "may_assign": perms.may_assign_task(request.user, tasks[0]) if tasks else False}
    if scope.is_commune:
        context["mine"] = selectors.assigned_to_us(user=request.user).filter(directive=directive)
    elif directive.is_national:
        context["matrix"] = selectors.directive_matrix(user=request.user, directive=directive, registry=True)
    else:
        context["matrix"] = selectors.province_matrix(user=request.user, directive=directive,
                                                      province=directive.province, registry=True)
        context["drill"] = True
    # A province's matrix shows each commune's registry figures; the national one only on the total row
    # unless asked (34 rows of a dozen lines each would no longer read at a glance).
    context["per_place"] = context.get("drill", False) or request.GET.get("so-lieu") == "1"
    return render(request, "directives/detail.html", context)


@login_required
def directive_province(request, pk, code):
    directive = _directive(request, pk)
    province = get_visible_or_404(visible_provinces(request.user), code=code)
    scope = scope_of(request.user)
    if scope.is_commune:
        raise Http404
    matrix = selectors.province_matrix(user=request.user, directive=directive, province=province, registry=True)
    if request.GET.get("format") == "xlsx":
        return _matrix_export(request, directive, matrix, gettext_noop("Đơn vị"))
    return render(request, "directives/province.html", {"directive": directive, "province": province,
                                                        "matrix": matrix, "drill": True, "per_place": True})


def _matrix_export(request, directive, matrix, place_label):
    """`place_label` is the Vietnamese name of the first column (marked with gettext_noop): the header
    reads it in the user's language, the audit record keeps it as given."""
    if not scope_of(request.user).allows(Action.EXPORT):
        raise PermissionDenied
    headers = [_(place_label)]
    for task in matrix.tasks:
        headers += [_("%(position)s. %(task)s — tình trạng") % {"position": task.position, "task": task.title},
                    _("Tiến độ (%)")]
        headers += [f"{f.name} ({f.unit})" for f in task.figures.all()]
        # Live registry figures linked to the task (`selectors.matrix_registry`), after the reported sums.
        headers += [_("%(figure)s (%(unit)s) (sổ đăng ký)") % {"figure": c.label, "unit": c.unit}
                    for c in matrix.registry.get(task.pk, [])]

    def line(label, cells):
        row = [label]
        for task, cell in zip(matrix.tasks, cells, strict=True):
            row += [str(cell.label), cell.percent if cell.units else None]
            row += [cell.figures.get(f.pk) for f in task.figures.all()]
            # A row without registry values (a province's own assignment) leaves the columns empty.
            registry = [value for _label, value, _unit in cell.registry]
            row += registry or [None] * len(matrix.registry.get(task.pk, []))
        return row

    rows = [line(str(place) if place else _("Cấp tỉnh (tự thực hiện)"), cells) for place, cells in matrix.rows]
    rows.append(line(pgettext("matrix total row", "Tổng hợp"), matrix.total))
    return xlsx_response(user=request.user, filename=f"ma-tran-{directive.pk}.xlsx",
                         title=_("Tiến độ %(number)s") % {"number": directive.number.replace("/", "-")},
                         headers=headers, rows=rows,
                         object_type="directives.directive", filters={"directive": directive.pk,
                                                                      "place": place_label})


@login_required
def directive_matrix_export(request, pk):
    directive = _directive(request, pk)
    if scope_of(request.user).is_commune:
        raise Http404
    if directive.is_national:
        matrix = selectors.directive_matrix(user=request.user, directive=directive, registry=True)
        return _matrix_export(request, directive, matrix, gettext_noop("Tỉnh, thành phố"))
    matrix = selectors.province_matrix(user=request.user, directive=directive, province=directive.province,
                                       registry=True)
    return _matrix_export(request, directive, matrix, gettext_noop("Đơn vị"))


@login_required
@require_POST
def directive_issue(request, pk):
    directive = _directive(request, pk)
    try:
        services.directive_issue(actor=request.user, directive=directive)
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ban hành văn bản. Giao từng nhiệm vụ cho nơi thực hiện."))
    return redirect(directive)


@login_required
def task_create(request, pk):
    directive = _directive(request, pk)
    if not perms.may_edit_directive(request.user, directive):
        raise PermissionDenied
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(actor=request.user, directive=directive, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Đã thêm nhiệm vụ."))
            return redirect(directive)
    return render(request, "directives/task_form.html", {"form": form, "directive": directive})


@login_required
def task_detail(request, pk):
    task = get_visible_or_404(selectors.task_list(user=request.user).select_related("directive", "lead_agency"), pk=pk)
    directive = task.directive
    assign_form = None
    if (perms.may_assign_task(request.user, task) and directive.status == Directive.Status.ISSUED
            and not task.is_withdrawn):
        if directive.is_national:
            places, all_label = Province.objects.order_by("code"), _("Tất cả 34 tỉnh, thành phố")
        else:
            places = Commune.objects.filter(province_id=directive.province_id).order_by("name")
            all_label = _("Tất cả xã, phường, đặc khu của tỉnh")
        assign_form = AssignForm(request.POST or None, places=places, all_label=all_label)
        if request.method == "POST" and assign_form.is_valid():
            chosen = assign_form.chosen()
            kwargs = {"provinces": chosen} if directive.is_national else {"communes": chosen}
            try:
                made = services.task_assign(actor=request.user, task=task,
                                            deadline=assign_form.cleaned_data["deadline"], **kwargs)
            except DomainError as error:
                _fail(assign_form, error)
            else:
                messages.success(request, _("Đã giao nhiệm vụ cho %(n)s nơi mới.") % {"n": len(made)})
                return redirect(task)
    elif request.method == "POST":
        raise PermissionDenied
    assignments = selectors.assignment_list(user=request.user).filter(task=task)
    if scope_of(request.user).is_commune:
        assignments = assignments.filter(agency=scope_of(request.user).agency)
    else:
        assignments = assignments.filter(parent__isnull=True)
    page = paginate(request, assignments.order_by("province__code", "commune__name"))
    registry, registry_rows = selectors.task_registry(user=request.user, task=task, assignments=page)
    may_edit = perms.may_edit_directive(request.user, directive) and not task.is_withdrawn
    return render(request, "directives/task.html", {
        "task": task, "directive": directive, "figures": task.figures.all(), "assign_form": assign_form,
        "links": selectors.task_links(user=request.user, task=task),
        "link_form": LinkForm() if services.linked_model("obstacles.obstacle") else None,
        "registry": registry, "registry_rows": registry_rows, "may_edit": may_edit,
        "registry_form": RegistryLinkForm(task=task) if may_edit else None,
        "withdrawal_deletes": may_edit and services.withdrawal_deletes(task),
        "page": page, "today": timezone.localdate()})


@login_required
def task_edit(request, pk):
    task = get_visible_or_404(selectors.task_list(user=request.user).select_related("directive", "lead_agency"),
                              pk=pk)
    if not perms.may_edit_directive(request.user, task.directive):
        raise PermissionDenied
    if task.is_withdrawn:
        messages.error(request, _(services.TASK_WITHDRAWN))
        return redirect(task)
    initial = {"title": task.title, "domain": task.domain, "description": task.description,
               "deadline": task.deadline, "lead_agency": task.lead_agency,
               "coordinating_agencies": list(task.coordinating_agencies.all()), "version": task.version}
    form = TaskEditForm(request.POST or None, initial=initial, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(actor=request.user, task=task, version=form.cleaned_data["version"],
                                 **form.changes())
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect(task)
    return render(request, "directives/task_form.html", {"form": form, "directive": task.directive, "task": task})


@login_required
def task_withdraw(request, pk):
    """Confirm and take back a task: deleted from a draft, withdrawn (kept for the record) once issued."""
    task = get_visible_or_404(selectors.task_list(user=request.user).select_related("directive"), pk=pk)
    directive = task.directive
    if not perms.may_edit_directive(request.user, directive):
        raise PermissionDenied
    if task.is_withdrawn:
        messages.error(request, _(services.TASK_WITHDRAWN))
        return redirect(task)
    form = TaskWithdrawForm(request.POST or None, initial={"version": task.version}, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            kept = services.task_withdraw(actor=request.user, task=task, version=form.cleaned_data["version"],
                                          reason=form.cleaned_data["reason"])
        except DomainError as error:
            _fail(form, error)
        else:
            if kept is None:
                messages.success(request, _("Đã xoá nhiệm vụ khỏi dự thảo."))
            else:
                messages.success(request, _("Đã rút nhiệm vụ. Các nơi được giao đã được thông báo; báo cáo đã gửi "
                                            "vẫn được lưu."))
            return redirect(directive)
    return render(request, "directives/task_withdraw.html", {
        "form": form, "task": task, "directive": directive,
        "deletes": services.withdrawal_deletes(task),
        "assignments": task.assignments.count(), "reports": ProgressReport.objects.filter(
            assignment__task=task).count()})


@login_required
@require_POST
def task_registry_link(request, pk):
    task = get_visible_or_404(selectors.task_list(user=request.user).select_related("directive"), pk=pk)
    if not perms.may_edit_directive(request.user, task.directive):
        raise PermissionDenied
    form = RegistryLinkForm(request.POST, task=task)
    if form.is_valid():
        try:
            services.task_registry_link(actor=request.user, task=task, source=form.cleaned_data["source"],
                                        figure=form.cleaned_data["figure"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã liên kết số liệu sổ đăng ký với nhiệm vụ."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(task)


@login_required
@require_POST
def task_registry_unlink(request, pk, link_pk):
    task = get_visible_or_404(selectors.task_list(user=request.user).select_related("directive"), pk=pk)
    link = get_visible_or_404(task.registry_links.all(), pk=link_pk)
    try:
        services.task_registry_unlink(actor=request.user, link=link)
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("Đã bỏ liên kết số liệu sổ đăng ký."))
    return redirect(task)


@login_required
@require_POST
def task_link(request, pk):
    task = get_visible_or_404(selectors.task_list(user=request.user), pk=pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.task_link(actor=request.user, task=task, object_type="obstacles.obstacle",
                               object_id=form.cleaned_data["object_id"])
        except DomainError as error:
            if error.code == "forbidden":
                raise PermissionDenied from error
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã liên kết khó khăn, vướng mắc với nhiệm vụ."))
    else:
        messages.error(request, _("Mã khó khăn, vướng mắc phải là số."))
    return redirect(task)


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


def _assignment(request, pk):
    return get_visible_or_404(selectors.assignment_list(user=request.user), pk=pk)


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


def _report(request, pk):
    return get_visible_or_404(selectors.report_list(user=request.user), pk=pk)


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
def directive_file(request, pk, file_pk):
    attachment = get_visible_or_404(_directive(request, pk).attachments.all(), pk=file_pk)
    return serve_private(attachment.file, attachment.name)


@login_required
def report_file(request, pk, file_pk):
    attachment = get_visible_or_404(_report(request, pk).attachments.all(), pk=file_pk)
    return serve_private(attachment.file, attachment.name)
