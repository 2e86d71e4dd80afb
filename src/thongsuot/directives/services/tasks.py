"""Directives services: tasks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.apps import apps as django_apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from thongsuot.accounts.models import Agency
from thongsuot.accounts.permissions import scope_filter
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError, InvalidTransition
from thongsuot.core.versioning import bump, check_version
from thongsuot.directives import permissions as perms
from thongsuot.directives import registry_figures
from thongsuot.directives.models import (
    Assignment,
    Directive,
    Figure,
    ProgressReport,
    RegistryLink,
    ReportFigure,
    Task,
    TaskLink,
)
from thongsuot.directives.services._common import LINKABLE, _refuse_unless
from thongsuot.notifications.services import Notice, notify_many


@transaction.atomic
def task_create(*, actor, directive: Directive, title: str, deadline: date, domain: str = "other",
                description: str = "", lead_agency: Agency | None = None,
                coordinating_agencies: Iterable[Agency] = (), figures: Iterable[tuple[str, str]] = ()) -> Task:
    """Add a task, with the figures each report on it must give (name, unit)."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _refuse_unless(perms.may_edit_directive(actor, directive))
    if deadline < directive.issued_on:
        raise DomainError(_("Thời hạn không được trước ngày ban hành văn bản."), field="deadline")
    figures = [(name.strip(), unit.strip()) for name, unit in figures if name and name.strip()]
    for name, unit in figures:
        if not unit:
            raise DomainError(_("Chỉ tiêu “%(name)s” chưa có đơn vị tính.") % {"name": name}, field="figures")
    position = directive.tasks.count() + 1
    task = Task.objects.create(directive=directive, position=position, title=title.strip(), domain=domain,
                               description=description, deadline=deadline, lead_agency=lead_agency,
                               province_id=directive.province_id)
    coordinating = [a for a in coordinating_agencies if a != lead_agency]
    task.coordinating_agencies.set(coordinating)
    Figure.objects.bulk_create([Figure(task=task, position=i, name=name, unit=unit)
                                for i, (name, unit) in enumerate(figures, start=1)])
    audit_record(actor=actor, action="create", obj=task, after={
        "directive": directive.number, "title": task.title, "deadline": deadline, "domain": domain,
        "lead_agency": lead_agency.code if lead_agency else None,
        "coordinating_agencies": [a.code for a in coordinating], "figures": [f"{n} ({u})" for n, u in figures]})
    return task


TASK_STALE = gettext_noop("Nhiệm vụ này đã có người khác thay đổi trong lúc bạn sửa; hãy tải lại trang để xem "
                          "bản mới rồi sửa lại.")


TASK_WITHDRAWN = gettext_noop("Nhiệm vụ này đã được rút; chỉ còn để tra cứu, không giao, báo cáo hay sửa được nữa.")


def _refuse_if_withdrawn(task: Task) -> None:
    if task.withdrawn_at is not None:
        raise InvalidTransition(_(TASK_WITHDRAWN))


def _task_to_change(actor, task: Task, version: int) -> Task:
    """The task locked for a change by `actor`, from the version they read; refused if withdrawn."""
    task = (Task.objects.select_for_update(of=("self",)).select_related("directive", "lead_agency")
            .get(pk=task.pk))
    _refuse_unless(perms.may_edit_directive(actor, task.directive))
    check_version(task, int(version), message=_(TASK_STALE))
    _refuse_if_withdrawn(task)
    return task


def _task_facts(task: Task) -> dict:
    return {"title": task.title, "domain": task.domain, "description": task.description, "deadline": task.deadline,
            "lead_agency": task.lead_agency.code if task.lead_agency else None,
            "coordinating_agencies": sorted(a.code for a in task.coordinating_agencies.all()),
            "figures": [f"{f.name} ({f.unit})" for f in task.figures.all()]}


def _clean_figure_plan(task: Task, figures: Iterable) -> tuple[list, list[Figure]]:
    """Check the wanted figures [(id or None, name, unit)]; return them and the figures to drop."""
    existing = {f.pk: f for f in task.figures.all()}
    wanted = []
    for figure_id, name, unit in figures:
        name, unit = (name or "").strip()[:200], (unit or "").strip()[:40]
        if figure_id is not None and int(figure_id) not in existing:
            raise DomainError(_("Chỉ tiêu gửi lên không thuộc nhiệm vụ này."), field="figures")
        if not name:
            raise DomainError(_("Chỉ tiêu nào cũng cần có tên."), field="figures")
        if not unit:
            raise DomainError(_("Chỉ tiêu “%(name)s” chưa có đơn vị tính.") % {"name": name}, field="figures")
        wanted.append((int(figure_id) if figure_id is not None else None, name, unit))
    kept = {figure_id for figure_id, _name, _unit in wanted if figure_id is not None}
    dropped = [f for pk, f in existing.items() if pk not in kept]
    reported = set(ReportFigure.objects.filter(figure__in=dropped).values_list("figure_id", flat=True).distinct())
    for figure in dropped:
        if figure.pk in reported:
            raise DomainError(_("Chỉ tiêu “%(name)s” đã có số liệu trong báo cáo nên không bỏ được; "
                                "có thể sửa tên hoặc đơn vị tính.") % {"name": figure.name}, field="figures")
    return wanted, dropped


def _move_deadlines(task: Task, old: date, new: date) -> list[tuple[Assignment, date]]:
    """Move the assignments that followed the task's deadline, and clamp any later than the new one.

    A province's or commune's assignment given with the task's own deadline moves with it; one
    given an earlier deadline keeps it unless the new deadline is earlier still. Communes follow
    their province's assignment the same way. Returns (assignment, previous deadline) for each moved.
    """
    moved = []
    top = list(Assignment.objects.select_for_update(of=("self",)).filter(task=task, parent__isnull=True)
               .select_related("agency").order_by("pk"))
    shifts: dict[tuple[date, date], list[int]] = {}
    for assignment in top:
        target = new if assignment.deadline == old or assignment.deadline > new else assignment.deadline
        if target != assignment.deadline:
            moved.append((assignment, assignment.deadline))
            shifts.setdefault((assignment.deadline, target), []).append(assignment.pk)
            assignment.deadline = target
    Assignment.objects.bulk_update([a for a, _before in moved], ["deadline"], batch_size=1000)
    for (parent_old, parent_new), parent_ids in shifts.items():
        children = Assignment.objects.filter(parent_id__in=parent_ids).filter(
            Q(deadline=parent_old) | Q(deadline__gt=parent_new))
        for child in children.select_related("agency").order_by("pk"):
            moved.append((child, child.deadline))
            child.deadline = parent_new
        children.update(deadline=parent_new)
    return moved


def _notify_deadline(task: Task, moved: list[tuple[Assignment, date]], actor) -> int:
    """Tell each agency whose assignment moved: in the app, and by e-mail after commit."""
    with translation.override(settings.LANGUAGE_CODE):
        notices = [Notice(
            agency=assignment.agency, title=f"Điều chỉnh thời hạn: {task.title}"[:255], url=assignment.get_absolute_url(),
            key=f"directives:deadline:{assignment.pk}:{task.version}",
            body=(f"Kính gửi {assignment.agency.name},\n\nThời hạn nhiệm vụ “{task.title}” (văn bản số "
                  f"{task.directive.number}) đã được điều chỉnh từ {before:%d/%m/%Y} thành "
                  f"{assignment.deadline:%d/%m/%Y} (hạn tính theo ngày làm việc: {assignment.due:%d/%m/%Y})."))
            for assignment, before in moved]
        return len(notify_many(notices, actor=actor))


@transaction.atomic
def task_update(*, actor, task: Task, version: int, **changes) -> Task:
    """Change a task after it was added (issued or not), from the version the editor read.

    `changes` may hold title, domain, description, deadline, lead_agency, coordinating_agencies
    and figures — the whole wanted list [(id or None for a new one, name, unit)]; a figure left
    out is dropped, which is refused once a report gave a value for it. When the deadline moves,
    the assignments that followed it move too and their agencies are notified.
    """
    task = _task_to_change(actor, task, version)
    directive = task.directive
    deadline = changes.get("deadline", task.deadline)
    if deadline < directive.issued_on:
        raise DomainError(_("Thời hạn không được trước ngày ban hành văn bản."), field="deadline")
    wanted, dropped = (_clean_figure_plan(task, changes["figures"]) if "figures" in changes else (None, []))
    before = _task_facts(task)
    old_deadline = task.deadline
    for key in ("title", "domain", "description"):
        if key in changes:
            setattr(task, key, (changes[key] or "").strip())
    task.deadline = deadline
    if "lead_agency" in changes:
        task.lead_agency = changes["lead_agency"]
    if "coordinating_agencies" in changes or "lead_agency" in changes:
        coordinating = changes.get("coordinating_agencies", task.coordinating_agencies.all())
        task.coordinating_agencies.set([a for a in coordinating if a != task.lead_agency])
    if wanted is not None:
        Figure.objects.filter(pk__in=[f.pk for f in dropped]).delete()
        by_id = {f.pk: f for f in task.figures.all()}
        for position, (figure_id, name, unit) in enumerate(wanted, start=1):
            figure = by_id[figure_id] if figure_id is not None else Figure(task=task)
            figure.position, figure.name, figure.unit = position, name, unit
            figure.save()
    after = _task_facts(task)
    changed = [key for key in before if before[key] != after[key]]
    if not changed:
        return task
    bump(task)
    task.save()
    moved = _move_deadlines(task, old_deadline, deadline) if deadline != old_deadline else []
    audit_record(actor=actor, action="update", obj=task, before={k: before[k] for k in changed},
                 after={k: after[k] for k in changed}, changes={"assignments_moved": len(moved)} if moved else None)
    if moved:
        _notify_deadline(task, moved, actor)
    return task


WITHDRAW_TITLE = gettext_noop("Rút nhiệm vụ: %(task)s")
WITHDRAW_BODY = gettext_noop("Kính gửi %(agency)s,\n\nNhiệm vụ “%(task)s” (văn bản số %(number)s) đã được cơ quan "
                             "ban hành rút lại ngày %(date)s; đơn vị không phải thực hiện và báo cáo nhiệm vụ này nữa."
                             "\n\nLý do: %(reason)s\n\nCác báo cáo đã gửi vẫn được lưu để tra cứu.")


def _notify_withdrawal(task: Task, actor) -> int:
    """Tell every agency the task was given to (provinces and the communes they passed it to), once each."""
    assignments = (Assignment.objects.filter(task=task).select_related("agency").order_by("province_id", "commune_id"))
    day = timezone.localdate(task.withdrawn_at)
    notices = [Notice(agency=a.agency, title=WITHDRAW_TITLE, body=WITHDRAW_BODY, url=a.get_absolute_url(),
                      key=f"directives:withdraw:{task.pk}",
                      params={"agency": a.agency.name, "task": task.title, "number": task.directive.number,
                              "date": f"{day:%d/%m/%Y}", "reason": task.withdrawal_reason})
               for a in assignments]
    return len(notify_many(notices, actor=actor))


def withdrawal_deletes(task: Task) -> bool:
    """Whether taking `task` back deletes it (a draft's task nobody has yet) rather than withdrawing it."""
    return task.directive.status == Directive.Status.DRAFT and not task.assignments.exists()


@transaction.atomic
def task_withdraw(*, actor, task: Task, version: int, reason: str) -> Task | None:
    """Take back a task, from the version the official read; return it, or None when it was deleted.

    In a draft directive nobody has the task yet, so it is deleted with its figures and links and
    the tasks after it move up. Once the directive is issued the task is withdrawn instead: it
    stays, with its assignments and reports, for the record, but leaves the to-do lists, matrices,
    roll-ups and reminders, and every agency it was given to is notified once.
    """
    task = _task_to_change(actor, task, version)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi rõ lý do rút nhiệm vụ."), field="reason")
    directive = task.directive
    if withdrawal_deletes(task):
        facts = _task_facts(task)
        audit_record(actor=actor, action="delete", obj=task, before=facts,
                     changes={"directive": directive.number, "reason": reason})
        position = task.position
        task.delete()
        for later in directive.tasks.filter(position__gt=position).order_by("position"):
            later.position -= 1
            later.save(update_fields=["position"])
        return None
    task.withdrawn_at, task.withdrawn_by, task.withdrawal_reason = timezone.now(), actor, reason
    bump(task)
    task.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "version"])
    with translation.override(settings.LANGUAGE_CODE):
        notified = _notify_withdrawal(task, actor)
    audit_record(actor=actor, action="withdraw", obj=task, changes={
        "directive": directive.number, "reason": reason, "assignments": task.assignments.count(),
        "reports": ProgressReport.objects.filter(assignment__task=task).count(), "notified": notified})
    return task


@transaction.atomic
def task_registry_link(*, actor, task: Task, source: str, figure: Figure | None = None) -> RegistryLink:
    """Show a registry figure (staffing gap, equipment, readiness) beside the reports on a task."""
    task = Task.objects.select_for_update(of=("self",)).select_related("directive").get(pk=task.pk)
    _refuse_unless(perms.may_edit_directive(actor, task.directive))
    _refuse_if_withdrawn(task)
    kind, parameter = registry_figures.parse(source)
    if figure is not None and figure.task_id != task.pk:
        raise DomainError(_("Chỉ tiêu so sánh phải là chỉ tiêu báo cáo của nhiệm vụ này."), field="figure")
    if task.registry_links.filter(source=kind.key, parameter=parameter).exists():
        raise DomainError(_("Nhiệm vụ đã liên kết số liệu này."), field="source")
    link = RegistryLink.objects.create(task=task, source=kind.key, parameter=parameter, figure=figure,
                                       linked_by=actor)
    label, unit = registry_figures.describe(link)
    audit_record(actor=actor, action="link", obj=task, changes={
        "registry": registry_figures.code_of(link), "label": label, "unit": unit,
        "figure": f"{figure.name} ({figure.unit})" if figure else None})
    return link


@transaction.atomic
def task_registry_unlink(*, actor, link: RegistryLink) -> None:
    """Stop showing a registry figure on a task."""
    link = RegistryLink.objects.select_related("task__directive").get(pk=link.pk)
    _refuse_unless(perms.may_edit_directive(actor, link.task.directive))
    code = registry_figures.code_of(link)
    task = link.task
    link.delete()
    audit_record(actor=actor, action="unlink", obj=task, changes={"registry": code})


def linked_model(object_type: str):
    """Return the model for a linkable type, or None when the type is unknown or its app not installed."""
    if object_type not in LINKABLE:
        return None
    try:
        return django_apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


@transaction.atomic
def task_link(*, actor, task: Task, object_type: str, object_id: str) -> TaskLink:
    """Link a record the actor can see (an obstacle) to a task given to, or issued by, the actor's agency."""
    task = Task.objects.select_related("directive").get(pk=task.pk)
    _refuse_unless(perms.may_link_task(actor, task))
    model = linked_model(object_type)
    if model is None:
        raise DomainError(_("Loại hồ sơ này không liên kết được với nhiệm vụ."), field="object_type")
    object_id = str(object_id).strip()
    visible = object_id.isdigit() and scope_filter(actor, model.objects.all()).filter(pk=int(object_id)).exists()
    if not visible:
        raise DomainError(_("Không tìm thấy %(kind)s mã “%(id)s” trong phạm vi của bạn.") % {
            "kind": LINKABLE[object_type], "id": object_id}, field="object_id")
    link, created = TaskLink.objects.get_or_create(task=task, object_type=object_type, object_id=object_id,
                                                   defaults={"linked_by": actor})
    if created:
        audit_record(actor=actor, action="link", obj=task, changes={"object_type": object_type,
                                                                    "object_id": object_id})
    return link
