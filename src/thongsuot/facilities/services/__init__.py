"""Every write of the facilities app: one transaction each, with its audit event, keeping the
facility's plan copy and the commune's readiness row current.

Split by subdomain; import from here: `services.handling_plan_approve(...)`.
"""

from thongsuot.facilities.services.connectivity import (
    CONNECTIVITY_FIELDS,
    connectivity_set,
    outage_close,
    outage_record,
    platform_remove,
    platform_set,
)
from thongsuot.facilities.services.equipment import (
    PROCUREMENT_TRANSITIONS,
    equipment_need_set,
    procurement_request_create,
    procurement_request_move,
)
from thongsuot.facilities.services.plans import (
    MIN_REASON_LENGTH,
    PLAN_TRANSITIONS,
    handling_plan_approve,
    handling_plan_cancel,
    handling_plan_complete,
    handling_plan_propose,
    handling_plan_update,
)
from thongsuot.facilities.services.premises import (
    FACILITY_FIELDS,
    facility_create,
    facility_document_add,
    facility_update,
)
from thongsuot.facilities.services.scores import (
    READINESS_FIELDS,
    readiness_figures,
    readiness_refresh,
    readiness_row,
)

__all__ = [
    "CONNECTIVITY_FIELDS", "FACILITY_FIELDS", "MIN_REASON_LENGTH", "PLAN_TRANSITIONS", "PROCUREMENT_TRANSITIONS",
    "READINESS_FIELDS", "connectivity_set", "equipment_need_set", "facility_create", "facility_document_add",
    "facility_update", "handling_plan_approve", "handling_plan_cancel", "handling_plan_complete",
    "handling_plan_propose", "handling_plan_update", "outage_close", "outage_record", "platform_remove",
    "platform_set", "procurement_request_create", "procurement_request_move", "readiness_figures",
    "readiness_refresh", "readiness_row",
]
