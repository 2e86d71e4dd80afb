"""Directives views: directives, their matrices, exports and files."""

from __future__ import annotations

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
    DirectiveForm,
)
from thongsuot.directives.models import Directive, Urgency
from thongsuot.directives.views._common import _directive, _fail


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
def directive_file(request, pk, file_pk):
    attachment = get_visible_or_404(_directive(request, pk).attachments.all(), pk=file_pk)
    return serve_private(attachment.file, attachment.name)
