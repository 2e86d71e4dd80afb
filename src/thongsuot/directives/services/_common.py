"""Directives services: shared by every section."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from thongsuot.core.errors import DomainError
from thongsuot.core.workflow import check_transition
from thongsuot.directives.models import (
    Directive,
    ProgressReport,
)

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
    check_transition(table, current, target, lambda: _("Không thể chuyển từ “%(current)s” sang “%(target)s”.") % {
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
