"""Writes for directives, tasks, assignments and progress reports.

Each service is one transaction that also appends its audit event. Services assume clean
input from a form or serializer and raise `DomainError` (with the field it concerns) or
`InvalidTransition` for what the rules refuse.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps as django_apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from thongsuot.accounts.models import Agency, Level
from thongsuot.accounts.permissions import scope_filter, scope_of
from thongsuot.audit.services import audit_record
from thongsuot.core.calendar import next_working_day, working_days_between
from thongsuot.core.errors import DomainError, InvalidTransition, StaleVersion
from thongsuot.directives import attachments, registry_figures
from thongsuot.directives import permissions as perms
from thongsuot.directives.models import (
    Assignment,
    Directive,
    Figure,
    ProgressReport,
    RegistryLink,
    Reminder,
    ReportFigure,
    Task,
    TaskLink,
)
from thongsuot.geo.models import Commune, Province
from thongsuot.notifications.services import Notice, notify_many

#: The kinds of record a task can be linked to: model label → what users call it.
LINKABLE = {"obstacles.obstacle": pgettext_lazy("one linked record", "khó khăn, vướng mắc")}

DENIED = gettext_noop("Bạn không có quyền thực hiện thao tác này.")

DIRECTIVE_TRANSITIONS = {Directive.Status.DRAFT: {Directive.Status.ISSUED}, Directive.Status.ISSUED: set()}
REPORT_TRANSITIONS = {
    ProgressReport.Status.SUBMITTED: {ProgressReport.Status.APPROVED, ProgressReport.Status.RETURNED},
    ProgressReport.Status.RETURNED: {ProgressReport.Status.SUBMITTED},
    ProgressReport.Status.APPROVED: set(),
}


def _check_transition(table: dict, current: str, target: str, labels) -> None:
    if target not in table.get(current, set()):
        raise InvalidTransition(_("Không thể chuyển từ “%(current)s” sang “%(target)s”.") % {
            "current": labels(current).label, "target": labels(target).label})


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise DomainError(_(DENIED), code="forbidden")


def _directive_facts(d: Directive) -> dict:
    return {"number": d.number, "issued_on": d.issued_on, "urgency": d.urgency, "title": d.title,
            "signer_name": d.signer_name, "signer_title": d.signer_title, "summary": d.summary,
            "status": d.status}


def _file_names(owner) -> list[str]:
    return list(owner.attachments.values_list("name", flat=True))


# --- directives ---------------------------------------------------------------------------

@transaction.atomic
def directive_create(*, actor, number: str, issued_on: date, urgency: str, title: str, signer_name: str,
                     signer_title: str, summary: str = "", text: str = "", files: Iterable = ()) -> Directive:
    """Draft a directive in the actor's agency: national, or a province's own to its communes.

    `files` (the signed letter, annexes) are checked together; one bad file keeps the whole
    draft from being saved.
    """
    _refuse_unless(perms.may_create_directive(actor))
    checked = attachments.checked_or_refused(files)
    agency = scope_of(actor).agency
    number = number.strip()
    if number.lower().startswith("số:"):
        number = number[3:].strip()
    if Directive.objects.filter(issuer=agency, number=number).exists():
        raise DomainError(_("Cơ quan đã có văn bản số “%(number)s”.") % {"number": number}, field="number")
    directive = Directive(number=number, issued_on=issued_on, urgency=urgency, title=title.strip(),
                          signer_name=signer_name.strip(), signer_title=signer_title.strip(), summary=summary,
                          text=text, issuer=agency, province_id=agency.province_id, created_by=actor)
    with attachments.files_rolled_back() as written:
        directive.save()
        stored = attachments.attach(written=written, actor=actor, checked=checked, directive=directive)
        audit_record(actor=actor, action="create", obj=directive,
                     after={**_directive_facts(directive), "files": [a.name for a in stored]})
    return directive


@transaction.atomic
def directive_update(*, actor, directive: Directive, files: Iterable = (), remove_files: Iterable = (),
                     **fields) -> Directive:
    """Change a draft directive's header, add files to it or remove some; only while it is a draft."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _refuse_unless(perms.may_edit_directive(actor, directive))
    if directive.status != Directive.Status.DRAFT:
        raise DomainError(_("Văn bản đã ban hành, không sửa được nội dung."), code="issued")
    checked = attachments.checked_or_refused(files)
    before = _directive_facts(directive)
    number = fields.get("number", directive.number).strip()
    if Directive.objects.filter(issuer_id=directive.issuer_id, number=number).exclude(pk=directive.pk).exists():
        raise DomainError(_("Cơ quan đã có văn bản số “%(number)s”.") % {"number": number}, field="number")
    for key in ("number", "issued_on", "urgency", "title", "signer_name", "signer_title", "summary", "text"):
        if key in fields:
            setattr(directive, key, fields[key].strip() if isinstance(fields[key], str) else fields[key])
    files_before = _file_names(directive)
    with attachments.files_rolled_back() as written:
        directive.save()
        removed = attachments.detach(owner=directive, ids=remove_files)
        added = attachments.attach(written=written, actor=actor, checked=checked, directive=directive)
        after = _directive_facts(directive)
        if removed or added:
            before["files"], after["files"] = files_before, _file_names(directive)
        audit_record(actor=actor, action="update", obj=directive, before=before, after=after)
    return directive


@transaction.atomic
def directive_issue(*, actor, directive: Directive) -> Directive:
    """Issue a draft (its leader signs it off); it then becomes visible to those it is assigned to."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _refuse_unless(perms.may_issue_directive(actor, directive))
    _check_transition(DIRECTIVE_TRANSITIONS, directive.status, Directive.Status.ISSUED, Directive.Status)
    if not directive.tasks.exists():
        raise DomainError(_("Văn bản chưa có nhiệm vụ nào; thêm ít nhất một nhiệm vụ trước khi ban hành."),
                          code="no_tasks")
    directive.status = Directive.Status.ISSUED
    directive.save(update_fields=["status"])
    audit_record(actor=actor, action="issue", obj=directive,
                 before={"status": Directive.Status.DRAFT}, after={"status": directive.status})
    return directive


# --- tasks ----------------------------------------------------------------------------------

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
    if int(version) != task.version:
        raise StaleVersion(_(TASK_STALE))
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
    task.version += 1
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
    task.version += 1
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
    scope = scope_of(actor)
    task = Task.objects.select_related("directive").get(pk=task.pk)
    involved = scope is not None and (task.directive.issuer_id == scope.agency.pk
                                      or task.assignments.filter(agency=scope.agency).exists())
    _refuse_unless(involved and scope.allows("create"))
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


# --- assignments ----------------------------------------------------------------------------

@transaction.atomic
def task_assign(*, actor, task: Task, provinces: Iterable[Province] | None = None,
                communes: Iterable[Commune] | None = None, deadline: date | None = None) -> list[Assignment]:
    """Give a task to all provinces or chosen ones (a national directive), or to all or chosen communes
    of the issuing province (a provincial one). Targets already given the task are skipped."""
    task = Task.objects.select_for_update(of=("self",)).select_related("directive").get(pk=task.pk)
    directive = task.directive
    _refuse_unless(perms.may_assign_task(actor, task))
    _refuse_if_withdrawn(task)
    if directive.status != Directive.Status.ISSUED:
        raise DomainError(_("Văn bản chưa ban hành; ban hành trước khi giao nhiệm vụ."), code="not_issued")
    deadline = deadline or task.deadline
    if deadline > task.deadline:
        raise DomainError(_("Thời hạn giao không được muộn hơn thời hạn của nhiệm vụ."), field="deadline")
    if directive.is_national:
        chosen = list(provinces) if provinces is not None else list(Province.objects.all())
        if not chosen:
            raise DomainError(_("Chưa chọn tỉnh, thành phố nào."), field="provinces")
        agencies = Agency.objects.filter(level=Level.PROVINCE, province__in=chosen)
    else:
        chosen = list(communes) if communes is not None else list(Commune.objects.filter(
            province_id=directive.province_id))
        if not chosen:
            raise DomainError(_("Chưa chọn xã, phường, đặc khu nào."), field="communes")
        if any(c.province_id != directive.province_id for c in chosen):
            raise DomainError(_("Chỉ giao được cho xã, phường, đặc khu thuộc tỉnh mình."), field="communes")
        agencies = Agency.objects.filter(level=Level.COMMUNE, commune__in=chosen)
    already = set(task.assignments.values_list("agency_id", flat=True))
    new = [Assignment(task=task, directive=directive, agency=a, province_id=a.province_id,
                      commune_id=a.commune_id, deadline=deadline, assigned_by=actor)
           for a in agencies if a.pk not in already]
    Assignment.objects.bulk_create(new, batch_size=1000)
    audit_record(actor=actor, action="assign", obj=task, changes={
        "deadline": deadline, "count": len(new), "agencies": sorted(a.agency.code for a in new)[:100]})
    return new


@transaction.atomic
def assignment_cascade(*, actor, assignment: Assignment, communes: Iterable[Commune] | None = None,
                       deadline: date | None = None) -> list[Assignment]:
    """Pass a province's assignment on to all or chosen communes of that province (idempotent)."""
    # Locking the province's row serialises two clicks on "Giao tiếp", so neither trips the unique key.
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("directive", "task").get(
        pk=assignment.pk)
    _refuse_unless(perms.may_cascade(actor, assignment))
    _refuse_if_withdrawn(assignment.task)
    deadline = deadline or assignment.deadline
    if deadline > assignment.deadline:
        raise DomainError(_("Thời hạn giao cho xã không được muộn hơn thời hạn tỉnh được giao (%(date)s).") % {
            "date": f"{assignment.deadline:%d/%m/%Y}"}, field="deadline")
    chosen = list(communes) if communes is not None else list(Commune.objects.filter(
        province_id=assignment.province_id))
    if not chosen:
        raise DomainError(_("Chưa chọn xã, phường, đặc khu nào."), field="communes")
    if any(c.province_id != assignment.province_id for c in chosen):
        raise DomainError(_("Chỉ giao được cho xã, phường, đặc khu thuộc tỉnh mình."), field="communes")
    agencies = Agency.objects.filter(level=Level.COMMUNE, commune__in=chosen)
    already = set(Assignment.objects.filter(task_id=assignment.task_id, province_id=assignment.province_id)
                  .values_list("agency_id", flat=True))
    new = [Assignment(task_id=assignment.task_id, directive_id=assignment.directive_id, agency=a, parent=assignment,
                      province_id=a.province_id, commune_id=a.commune_id, deadline=deadline, assigned_by=actor)
           for a in agencies if a.pk not in already]
    Assignment.objects.bulk_create(new, batch_size=1000)
    audit_record(actor=actor, action="cascade", obj=assignment, changes={
        "deadline": deadline, "count": len(new), "agencies": sorted(a.agency.code for a in new)[:200]})
    return new


# --- progress reports -----------------------------------------------------------------------

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
                  progress: int, figures: Mapping, files: Iterable = (), client_token: str = "") -> ProgressReport:
    """File a progress report on an assignment, for its agency's leader to approve or return.

    The report and all its files are kept together or not at all.
    """
    assignment = Assignment.objects.select_related("task", "directive").get(pk=assignment.pk)
    _refuse_unless(perms.may_report(actor, assignment))
    if client_token:
        existing = ProgressReport.objects.filter(assignment=assignment, client_token=client_token).first()
        if existing is not None:
            return existing
    _refuse_if_withdrawn(assignment.task)
    _check_report_input(period_start=period_start, period_end=period_end, progress=progress)
    values = _clean_figures(assignment.task, figures)
    checked = attachments.checked_or_refused(files)
    report = ProgressReport(assignment=assignment, province_id=assignment.province_id,
                            commune_id=assignment.commune_id, period_start=period_start, period_end=period_end,
                            narrative=narrative.strip(), progress=progress, submitted_by=actor,
                            client_token=client_token[:64])
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # The same form arrived twice at once: the first one won.
        return ProgressReport.objects.get(assignment=assignment, client_token=client_token)
    with attachments.files_rolled_back() as written:
        _store_values(report, values)
        stored = attachments.attach(written=written, actor=actor, checked=checked, report=report)
        audit_record(actor=actor, action="create", obj=report, after={
            **_report_facts(report), "figures": {str(k): v for k, v in values.items()},
            "files": [a.name for a in stored]})
    return report


@transaction.atomic
def report_revise(*, actor, report: ProgressReport, period_start: date, period_end: date, narrative: str,
                  progress: int, figures: Mapping, files: Iterable = (), remove_files: Iterable = ()) -> ProgressReport:
    """Correct a returned report (its files too) and send it back for approval."""
    report = ProgressReport.objects.select_for_update().select_related("assignment__task").get(pk=report.pk)
    _refuse_unless(perms.may_report(actor, report.assignment))
    _refuse_if_withdrawn(report.assignment.task)
    _check_transition(REPORT_TRANSITIONS, report.status, ProgressReport.Status.SUBMITTED, ProgressReport.Status)
    _check_report_input(period_start=period_start, period_end=period_end, progress=progress)
    values = _clean_figures(report.assignment.task, figures)
    checked = attachments.checked_or_refused(files)
    before = _report_facts(report)
    report.period_start, report.period_end = period_start, period_end
    report.narrative, report.progress = narrative.strip(), progress
    report.status = ProgressReport.Status.SUBMITTED
    files_before = _file_names(report)
    with attachments.files_rolled_back() as written:
        report.save()
        report.values.all().delete()
        _store_values(report, values)
        removed = attachments.detach(owner=report, ids=remove_files)
        added = attachments.attach(written=written, actor=actor, checked=checked, report=report)
        after = _report_facts(report)
        if removed or added:
            before["files"], after["files"] = files_before, _file_names(report)
        audit_record(actor=actor, action="update", obj=report, before=before, after=after)
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
    report.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, action="return", obj=report, before={"status": ProgressReport.Status.SUBMITTED},
                 after={"status": report.status, "note": report.review_note})
    return report


# --- reminders ------------------------------------------------------------------------------

def _reminder_notices(reminders: list[Reminder], today: date) -> int:
    """Notify each agency once about its reminders of the day: in the app and by e-mail after commit."""
    by_assignment = {a.pk: a for a in Assignment.objects.filter(pk__in=[r.assignment_id for r in reminders])
                     .select_related("task", "directive", "agency")}
    by_agency: dict[int, list[str]] = {}
    agencies = {}
    for reminder in reminders:
        assignment = by_assignment[reminder.assignment_id]
        agencies[assignment.agency_id] = assignment.agency
        by_agency.setdefault(assignment.agency_id, []).append(
            f"- {reminder.get_kind_display()} ({reminder.due:%d/%m/%Y}): {assignment.task.title} "
            f"— văn bản số {assignment.directive.number}")
    notices = []
    for agency_id, lines in by_agency.items():
        agency = agencies[agency_id]
        body = (f"Kính gửi {agency.name},\n\nThông Suốt nhắc hạn các nhiệm vụ được giao:\n" + "\n".join(lines)
                + "\n\nVui lòng cập nhật báo cáo tiến độ trên nền tảng.")
        notices.append(Notice(agency=agency, title=f"Nhắc hạn {len(lines)} nhiệm vụ", body=body,
                              url=reverse("directives:assigned"), key=f"directives:remind:{today:%Y-%m-%d}"))
    return len(notify_many(notices))


def remind_days_default() -> int:
    """Working days before a deadline to remind (THONGSUOT_DIRECTIVES_REMIND_DAYS, default 3)."""
    return int(os.environ.get("THONGSUOT_DIRECTIVES_REMIND_DAYS", "3") or 3)


@transaction.atomic
def reminders_send(*, today: date, days_before: int) -> int:
    """Record the reminders due today: N working days before, on the day, and once when overdue.

    Each (assignment, kind, due day) is reminded once, so running this twice a day, or again
    after a missed day, adds nothing twice. Returns the number of new reminders.
    """
    horizon = today + timedelta(days=days_before * 2 + 14)
    candidates = (Assignment.objects.filter(directive__status=Directive.Status.ISSUED, deadline__lte=horizon,
                                            task__withdrawn_at__isnull=True)
                  .exclude(state=Assignment.State.DONE).only("id", "deadline", "province_id", "commune_id"))
    new = []
    for assignment in candidates.iterator(chunk_size=2000):
        due = next_working_day(assignment.deadline)
        if today > due:
            kind = Reminder.Kind.OVERDUE
        elif today == due:
            kind = Reminder.Kind.DUE
        elif working_days_between(today, due) <= days_before:
            kind = Reminder.Kind.BEFORE
        else:
            continue
        new.append(Reminder(assignment_id=assignment.pk, province_id=assignment.province_id,
                            commune_id=assignment.commune_id, kind=kind, due=due, sent_on=today))
    known = set()
    ids = [r.assignment_id for r in new]
    for start in range(0, len(ids), 5000):
        known |= set(Reminder.objects.filter(assignment_id__in=ids[start:start + 5000])
                     .values_list("assignment_id", "kind", "due"))
    new = [r for r in new if (r.assignment_id, r.kind, r.due) not in known]
    Reminder.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    created = len(new)
    if created:
        audit_record(actor=None, action="remind", object_type="directives.reminder",
                     object_repr=f"Nhắc hạn ngày {today:%d/%m/%Y}",
                     changes={"today": today, "days_before": days_before, "created": created})
        with translation.override(settings.LANGUAGE_CODE):   # notices go out in the platform's language
            _reminder_notices(new, today)
    return created
