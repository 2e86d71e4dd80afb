"""Pages of the directives loop. Thin: parse input, call one selector or service, render.

Split by subject; import from here.
"""

from thongsuot.directives.views.directives import (
    directive_create,
    directive_detail,
    directive_edit,
    directive_file,
    directive_issue,
    directive_list,
    directive_province,
)
from thongsuot.directives.views.tasks import (
    task_create,
    task_detail,
    task_edit,
    task_link,
    task_registry_link,
    task_registry_unlink,
    task_withdraw,
)
from thongsuot.directives.views.work import (
    assigned,
    assignment_cascade,
    assignment_detail,
    report_create,
    report_detail,
    report_file,
    report_review,
    report_revise,
)

__all__ = [
    "assigned",
    "assignment_cascade",
    "assignment_detail",
    "directive_create",
    "directive_detail",
    "directive_edit",
    "directive_file",
    "directive_issue",
    "directive_list",
    "directive_province",
    "report_create",
    "report_detail",
    "report_file",
    "report_review",
    "report_revise",
    "task_create",
    "task_detail",
    "task_edit",
    "task_link",
    "task_registry_link",
    "task_registry_unlink",
    "task_withdraw",
]
