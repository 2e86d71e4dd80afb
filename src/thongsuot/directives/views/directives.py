"""Directives views: directives, their matrices, exports and files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from thongsuot.audit.exports import export_response
from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import act, submit
from thongsuot.core.listing import wants_export
from thongsuot.core.pagination import paginate
from thongsuot.core.uploads import serve_private
from thongsuot.directives import exports, selectors, services
from thongsuot.directives import permissions as perms
from thongsuot.directives.forms import DirectiveCreateForm, DirectiveEditForm, DirectiveFilter

DIRECTIVE_FIELDS = ["number", "issued_on", "urgency", "title", "signer_name", "signer_title", "summary", "text"]


@login_required
def directive_list(request):
    filters = DirectiveFilter(request.GET)
    directives = selectors.directive_list(user=request.user, **filters.selection())
    if wants_export(request):
        return export_response(request, exports.DIRECTIVES, directives, filters=filters.described())
    return render(request, "directives/list.html", {
        "page": paginate(request, directives), "filter_form": filters,
        "may_create": perms.may_create_directive(request.user)})


def _directive_form_page(directive=None) -> dict:
    return {"title": _("Sửa dự thảo") if directive else _("Soạn văn bản chỉ đạo"),
            "subtitle": _("Số: %(number)s") % {"number": directive.number} if directive else "",
            "intro": _("Văn bản được lưu ở dạng dự thảo; thêm các nhiệm vụ rồi lãnh đạo ban hành."),
            "submit_label": _("Lưu dự thảo"),
            "cancel_url": directive.get_absolute_url() if directive else reverse("directives:list")}


@login_required
def directive_create(request):
    if not perms.may_create_directive(request.user):
        raise Forbidden()
    form = DirectiveCreateForm(request.POST or None, request.FILES or None)
    return submit(request, form, lambda data: services.directive_create(actor=request.user, **data),
                  template="core/form_page.html", then=lambda directive: directive,
                  success=_("Đã tạo dự thảo văn bản. Thêm nhiệm vụ rồi ban hành."), context=_directive_form_page())


@login_required
def directive_edit(request, pk):
    directive = selectors.access_directive(request.user, pk)
    if not perms.may_edit_draft(request.user, directive):
        raise Forbidden()
    form = DirectiveEditForm(request.POST or None, request.FILES or None,
                             initial={**{f: getattr(directive, f) for f in DIRECTIVE_FIELDS}, "version": directive.version})
    form.add_removable(directive.attachments.all())
    return submit(request, form, lambda data: services.directive_update(actor=request.user, directive=directive,
                                                                        **data),
                  template="core/form_page.html", then=directive, success=_("Đã lưu dự thảo."),
                  context=_directive_form_page(directive))


def _matrix(user, directive):
    """The matrix a directive's page shows: provinces × tasks (national), communes × tasks (a province's)."""
    if directive.is_national:
        return selectors.directive_matrix(user=user, directive=directive, registry=True), gettext_noop(
            "Tỉnh, thành phố")
    return selectors.province_matrix(user=user, directive=directive, province=directive.province,
                                     registry=True), gettext_noop("Đơn vị")


#: A commune matrix is paged: Hà Nội's 126 communes on one page made a page of 46,000 px and 335 KB.
MATRIX_ROWS_PER_PAGE = 30


def _page_rows(request, matrix):
    """Keep one page of a communes × tasks matrix's rows (`?page=`); its total row stays the province's."""
    page = paginate(request, matrix.rows, per_page=MATRIX_ROWS_PER_PAGE)
    matrix.rows = list(page.object_list)
    return page


@login_required
def directive_detail(request, pk):
    """A directive, its tasks and the matrix of their progress (`?xuat=xlsx`: the matrix as a workbook)."""
    directive = selectors.access_directive(request.user, pk)
    may_see_matrix = perms.may_see_matrix(request.user)
    if wants_export(request):
        if not may_see_matrix:
            raise Http404
        matrix, place_label = _matrix(request.user, directive)
        return exports.matrix_response(request, directive, matrix, place_label)
    tasks = list(directive.tasks.select_related("lead_agency").prefetch_related("figures", "coordinating_agencies"))
    context = {"directive": directive, "tasks": tasks, "today": timezone.localdate(),
               "files": directive.attachments.all(),
               "may_edit": perms.may_edit_draft(request.user, directive),
               "may_issue": perms.may_issue_draft(request.user, directive),
               "may_assign": perms.may_assign_task(request.user, tasks[0]) if tasks else False,
               "may_see_matrix": may_see_matrix}
    if not may_see_matrix:
        context["mine"] = selectors.assigned_to_us(user=request.user).filter(directive=directive)
    else:
        context["matrix"], _label = _matrix(request.user, directive)
        context["drill"] = not directive.is_national
        if context["drill"]:
            context["matrix_page"] = _page_rows(request, context["matrix"])
    # A province's matrix shows each commune's registry figures; the national one only on the total row
    # unless asked (34 rows of a dozen lines each would no longer read at a glance).
    context["per_place"] = context.get("drill", False) or request.GET.get("so-lieu") == "1"
    return render(request, "directives/detail.html", context)


@login_required
def directive_province(request, pk, code):
    directive = selectors.access_directive(request.user, pk)
    province = selectors.access_province(request.user, code)
    if not perms.may_see_matrix(request.user):
        raise Http404
    matrix = selectors.province_matrix(user=request.user, directive=directive, province=province, registry=True)
    if wants_export(request):
        return exports.matrix_response(request, directive, matrix, gettext_noop("Đơn vị"))
    return render(request, "directives/province.html", {
        "directive": directive, "province": province, "matrix_page": _page_rows(request, matrix),
        "matrix": matrix, "drill": True, "per_place": True})


@login_required
@require_POST
def directive_issue(request, pk):
    directive = selectors.access_directive(request.user, pk)
    act(request, lambda: services.directive_issue(actor=request.user, directive=directive),
                 _("Đã ban hành văn bản. Giao từng nhiệm vụ cho nơi thực hiện."))
    return redirect(directive)


@login_required
def directive_file(request, pk, file_pk):
    attachment = selectors.access_file(selectors.access_directive(request.user, pk), file_pk)
    return serve_private(attachment.file, attachment.name)
