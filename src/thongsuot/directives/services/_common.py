"""Directives services: shared by every section."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from thongsuot.audit.services import audit_record
from thongsuot.core.errors import Forbidden
from thongsuot.core.workflow import check_transition
from thongsuot.directives import attachments
from thongsuot.directives.models import (
    Directive,
    ProgressReport,
)

#: The kinds of record a task can be linked to: model label → what users call it.
LINKABLE = {"obstacles.obstacle": pgettext_lazy("one linked record", "khó khăn, vướng mắc")}

DIRECTIVE_TRANSITIONS = {Directive.Status.DRAFT: {Directive.Status.ISSUED}, Directive.Status.ISSUED: set()}
REPORT_TRANSITIONS = {
    ProgressReport.Status.SUBMITTED: {ProgressReport.Status.APPROVED, ProgressReport.Status.RETURNED},
    ProgressReport.Status.RETURNED: {ProgressReport.Status.SUBMITTED},
    ProgressReport.Status.APPROVED: set(),
}


def _check_transition(table: dict, current: str, target: str, labels) -> None:
    check_transition(table, current, target, lambda: _("Không thể chuyển từ “%(current)s” sang “%(target)s”.") % {
        "current": labels(current).label, "target": labels(target).label})


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise Forbidden()


def _directive_facts(d: Directive) -> dict:
    return {"number": d.number, "issued_on": d.issued_on, "urgency": d.urgency, "title": d.title,
            "signer_name": d.signer_name, "signer_title": d.signer_title, "summary": d.summary,
            "status": d.status}


def _file_names(owner) -> list[str]:
    return list(owner.attachments.values_list("name", flat=True))


def _update_with_files(*, actor, owner, before: dict, facts, save, checked: list, remove_files, attach_as: str) -> None:
    """Save a changed record (`save()`), add and remove its files, and audit the change, files included.

    `attach_as` is how `attachments.attach` names the owner ("directive" or "report"); `facts(owner)`
    gives the audited fields after the change, `before` those read before it.
    """
    files_before = _file_names(owner)
    with attachments.files_rolled_back() as written:
        save()
        removed = attachments.detach(owner=owner, ids=remove_files)
        added = attachments.attach(written=written, actor=actor, checked=checked, **{attach_as: owner})
        after = facts(owner)
        if removed or added:
            before["files"], after["files"] = files_before, _file_names(owner)
        audit_record(actor=actor, action="update", obj=owner, before=before, after=after)
