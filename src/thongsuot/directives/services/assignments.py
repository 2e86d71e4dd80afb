"""Directives services: assignments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from thongsuot.accounts.models import Agency, Level
from thongsuot.audit.services import audit_record
from thongsuot.core.errors import DomainError
from thongsuot.directives import permissions as perms
from thongsuot.directives.models import (
    Assignment,
    Directive,
    Task,
)
from thongsuot.directives.services._common import _refuse_unless
from thongsuot.directives.services.tasks import _refuse_if_withdrawn
from thongsuot.geo.models import Commune, Province


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
        agencies = _commune_agencies(directive.province_id, communes)
    already = set(task.assignments.values_list("agency_id", flat=True))
    new = [Assignment(task=task, directive=directive, agency=a, province_id=a.province_id,
                      commune_id=a.commune_id, deadline=deadline, assigned_by=actor)
           for a in agencies if a.pk not in already]
    Assignment.objects.bulk_create(new, batch_size=1000)
    audit_record(actor=actor, action="assign", obj=task, changes={
        "deadline": deadline, "count": len(new), "agencies": sorted(a.agency.code for a in new)[:100]})
    return new


def _commune_agencies(province_id: int, communes: Iterable[Commune] | None):
    """The agencies of the chosen communes (all the province's when none is named); refuse an empty
    choice and a commune of another province."""
    chosen = list(communes) if communes is not None else list(Commune.objects.filter(province_id=province_id))
    if not chosen:
        raise DomainError(_("Chưa chọn xã, phường, đặc khu nào."), field="communes")
    if any(c.province_id != province_id for c in chosen):
        raise DomainError(_("Chỉ giao được cho xã, phường, đặc khu thuộc tỉnh mình."), field="communes")
    return Agency.objects.filter(level=Level.COMMUNE, commune__in=chosen)


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
    agencies = _commune_agencies(assignment.province_id, communes)
    already = set(Assignment.objects.filter(task_id=assignment.task_id, province_id=assignment.province_id)
                  .values_list("agency_id", flat=True))
    new = [Assignment(task_id=assignment.task_id, directive_id=assignment.directive_id, agency=a, parent=assignment,
                      province_id=a.province_id, commune_id=a.commune_id, deadline=deadline, assigned_by=actor)
           for a in agencies if a.pk not in already]
    Assignment.objects.bulk_create(new, batch_size=1000)
    audit_record(actor=actor, action="cascade", obj=assignment, changes={
        "deadline": deadline, "count": len(new), "agencies": sorted(a.agency.code for a in new)[:200]})
    return new
