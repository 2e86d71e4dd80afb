"""Writes for obstacles: filing, every move of the workflow, documents, overdue handling.

Each service is one transaction that locks the case, checks its version, checks the move
against `workflow.TRANSITIONS`, writes the timeline event and the audit event, and queues
notifications to the agency whose turn it is (sent after commit).

Split by subdomain; import from here: `services.obstacle_escalate(...)`. The services read the
date through `today` here, so that tests replace it in one place (`services.today`).
"""

from thongsuot.obstacles.models import Classification, Severity
from thongsuot.obstacles.notifications import emails_muted
from thongsuot.obstacles.services._common import (
    NATIONAL_AGENCY_CODE,
    due_date_for,
    normalise_document_number,
    today,
)
from thongsuot.obstacles.services.filing import obstacle_attach, obstacle_comment, obstacle_create
from thongsuot.obstacles.services.moves import obstacle_answer, obstacle_escalate, obstacle_transition
from thongsuot.obstacles.services.requests import (
    default_body,
    document_attach_scan,
    proposed_number,
    request_answer,
    request_approve,
    request_draft,
    symbol_of,
)
from thongsuot.obstacles.services.time_limits import obstacle_settings_update, obstacles_escalate_overdue

__all__ = [
    "NATIONAL_AGENCY_CODE", "Classification", "Severity", "due_date_for", "emails_muted",
    "normalise_document_number", "obstacle_answer", "obstacle_attach", "obstacle_comment", "obstacle_create",
    "obstacle_escalate", "obstacle_settings_update", "obstacle_transition", "obstacles_escalate_overdue", "today",
    "default_body", "document_attach_scan", "proposed_number", "request_answer", "request_approve", "request_draft", "symbol_of",
]
