"""Directives views: tasks, their registry figures and links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thongsuot.accounts.permissions import get_visible_or_404, scope_of
from thongsuot.core.errors import DomainError
from thongsuot.core.pagination import paginate
from thongsuot.directives import permissions as perms
from thongsuot.directives import selectors, services
from thongsuot.directives.forms import (
    AssignForm,
    LinkForm,
    RegistryLinkForm,
    TaskEditForm,
    TaskForm,
    TaskWithdrawForm,
)
from thongsuot.directives.models import Directive, ProgressReport
from thongsuot.directives.views._common import _directive, _fail
from thongsuot.geo.models import Commune, Province


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
