"""Directives views: tasks, their registry figures and links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thongsuot.core.errors import Forbidden
from thongsuot.core.forms import act, submit
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
from thongsuot.directives.models import Directive
from thongsuot.directives.views._common import withdrawn


def _task_form_page(directive, task=None) -> dict:
    notice = (_("Văn bản đã ban hành: khi đổi thời hạn, thời hạn của các nơi được giao theo thời hạn nhiệm vụ "
                "(hoặc muộn hơn thời hạn mới) cũng đổi theo, và các nơi đó được thông báo.")
              if task and directive.status == Directive.Status.ISSUED else "")
    return {"title": _("Sửa nhiệm vụ") if task else _("Thêm nhiệm vụ"),
            "subtitle": _("Số: %(number)s") % {"number": directive.number}, "intro": notice,
            "submit_label": _("Lưu nhiệm vụ") if task else _("Thêm nhiệm vụ"),
            "cancel_url": (task or directive).get_absolute_url()}


@login_required
def task_create(request, pk):
    directive = selectors.access_directive(request.user, pk)
    if not perms.may_edit_directive(request.user, directive):
        raise Forbidden()
    return submit(request, TaskForm(request.POST or None),
                  lambda data: services.task_create(actor=request.user, directive=directive, **data),
                  template="core/form_page.html", then=directive, success=_("Đã thêm nhiệm vụ."),
                  context=_task_form_page(directive))


def _assign_form(request, task):
    """The form giving a task to places, when the user may give it now; None otherwise."""
    directive = task.directive
    if not perms.may_assign_now(request.user, task):
        return None
    all_label = (_("Tất cả 34 tỉnh, thành phố") if directive.is_national
                 else _("Tất cả xã, phường, đặc khu của tỉnh"))
    return AssignForm(request.POST or None, places=selectors.assignable_places(directive), all_label=all_label)


@login_required
def task_detail(request, pk):
    task = selectors.access_task(request.user, pk)
    directive = task.directive
    assign_form = _assign_form(request, task)
    if request.method == "POST" and assign_form is None:
        raise Forbidden()

    def assign(data):
        key = "provinces" if directive.is_national else "communes"
        return services.task_assign(actor=request.user, task=task, deadline=data["deadline"],
                                    **{key: assign_form.chosen()})

    if request.method == "POST":
        return submit(request, assign_form, assign, template="directives/task.html", then=task,
                      success=lambda made: _("Đã giao nhiệm vụ cho %(n)s nơi mới.") % {"n": len(made)},
                      context=_task_page(request, task, assign_form))
    return render(request, "directives/task.html", _task_page(request, task, assign_form))


def _task_page(request, task, assign_form) -> dict:
    directive = task.directive
    assignments = selectors.task_assignments(user=request.user, task=task)
    page = paginate(request, assignments.order_by("province__code", "commune__name"))
    registry, registry_rows = selectors.task_registry(user=request.user, task=task, assignments=page)
    may_edit = perms.may_edit_task(request.user, task)
    return {
        "task": task, "directive": directive, "figures": task.figures.all(), "assign_form": assign_form,
        "links": selectors.task_links(user=request.user, task=task),
        "link_form": LinkForm() if services.linked_model("obstacles.obstacle") else None,
        "registry": registry, "registry_rows": registry_rows, "may_edit": may_edit,
        "registry_form": RegistryLinkForm(task=task) if may_edit else None,
        "withdrawal_deletes": may_edit and services.withdrawal_deletes(task),
        "page": page, "today": timezone.localdate()}


def _editable_task(request, pk):
    """The task `pk` for its issuer to change; 403 for anyone else."""
    task = selectors.access_task(request.user, pk)
    if not perms.may_edit_directive(request.user, task.directive):
        raise Forbidden()
    return task


@login_required
def task_edit(request, pk):
    task = _editable_task(request, pk)
    if task.is_withdrawn:
        return withdrawn(request, task)
    initial = {"title": task.title, "domain": task.domain, "description": task.description,
               "deadline": task.deadline, "lead_agency": task.lead_agency,
               "coordinating_agencies": list(task.coordinating_agencies.all()), "version": task.version}
    form = TaskEditForm(request.POST or None, initial=initial, task=task)
    return submit(request, form, lambda data: services.task_update(actor=request.user, task=task,
                                                                   version=data["version"], **form.changes()),
                  template="core/form_page.html", then=task, success=_("Đã lưu nhiệm vụ."),
                  context=_task_form_page(task.directive, task))


@login_required
def task_withdraw(request, pk):
    """Confirm and take back a task: deleted from a draft, withdrawn (kept for the record) once issued."""
    task = _editable_task(request, pk)
    directive = task.directive
    if task.is_withdrawn:
        return withdrawn(request, task)
    form = TaskWithdrawForm(request.POST or None, initial={"version": task.version}, task=task)

    def said(kept):
        if kept is None:
            return _("Đã xoá nhiệm vụ khỏi dự thảo.")
        return _("Đã rút nhiệm vụ. Các nơi được giao đã được thông báo; báo cáo đã gửi vẫn được lưu.")

    return submit(request, form, lambda data: services.task_withdraw(actor=request.user, task=task, **data),
                  template="directives/task_withdraw.html", then=directive, success=said, context={
                      "task": task, "directive": directive, "deletes": services.withdrawal_deletes(task),
                      **selectors.withdrawal_counts(task)})


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def task_registry_link(request, pk):
    task = _editable_task(request, pk)
    form = RegistryLinkForm(request.POST, task=task)
    if form.is_valid():
        act(request, lambda: services.task_registry_link(actor=request.user, task=task, **form.cleaned_data),
                     _("Đã liên kết số liệu sổ đăng ký với nhiệm vụ."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(task)


@login_required
@require_POST
def task_registry_unlink(request, pk, link_pk):
    task = selectors.access_task(request.user, pk)
    link = selectors.access_registry_link(task, link_pk)
    services.task_registry_unlink(actor=request.user, link=link)
    messages.success(request, _("Đã bỏ liên kết số liệu sổ đăng ký."))
    return redirect(task)


@login_required
@require_POST
def task_link(request, pk):
    task = selectors.access_task(request.user, pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        act(request, lambda: services.task_link(actor=request.user, task=task,
                                                         object_type="obstacles.obstacle",
                                                         object_id=form.cleaned_data["object_id"]),
                     _("Đã liên kết khó khăn, vướng mắc với nhiệm vụ."))
    else:
        messages.error(request, _("Mã khó khăn, vướng mắc phải là số."))
    return redirect(task)
