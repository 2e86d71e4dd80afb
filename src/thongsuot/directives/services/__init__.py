"""Writes for directives, tasks, assignments and progress reports.

Split by subdomain; import from here: `services.<name>(...)`.
"""

from thongsuot.directives.services._common import (
    DIRECTIVE_TRANSITIONS,
    LINKABLE,
    REPORT_TRANSITIONS,
)
from thongsuot.directives.services.assignments import (
    assignment_cascade,
    task_assign,
)
from thongsuot.directives.services.directives import (
    directive_create,
    directive_issue,
    directive_update,
)
from thongsuot.directives.services.reminders import (
    remind_days_default,
    reminders_send,
)
from thongsuot.directives.services.reports import (
    report_approve,
    report_return,
    report_revise,
    report_submit,
)
from thongsuot.directives.services.tasks import (
    TASK_STALE,
    TASK_WITHDRAWN,
    WITHDRAW_BODY,
    WITHDRAW_TITLE,
    linked_model,
    task_create,
    task_link,
    task_registry_link,
    task_registry_unlink,
    task_update,
    task_withdraw,
    withdrawal_deletes,
)

__all__ = [
    "DIRECTIVE_TRANSITIONS",
    "LINKABLE",
    "REPORT_TRANSITIONS",
    "TASK_STALE",
    "TASK_WITHDRAWN",
    "WITHDRAW_BODY",
    "WITHDRAW_TITLE",
    "assignment_cascade",
    "directive_create",
    "directive_issue",
    "directive_update",
    "linked_model",
    "remind_days_default",
    "reminders_send",
    "report_approve",
    "report_return",
    "report_revise",
    "report_submit",
    "task_assign",
    "task_create",
    "task_link",
    "task_registry_link",
    "task_registry_unlink",
    "task_update",
    "task_withdraw",
    "withdrawal_deletes",
]
