"""Pages of the facilities app: thin views over the selectors and services, split by subdomain."""

from thongsuot.facilities.views.connectivity import (
    commune_connectivity,
    connectivity_list,
    outage_close,
    outage_list,
    platform_list,
    platform_remove,
)
from thongsuot.facilities.views.equipment import (
    equipment_edit,
    equipment_list,
    procurement_create,
    procurement_list,
    procurement_move,
)
from thongsuot.facilities.views.overview import overview, readiness_page
from thongsuot.facilities.views.premises import (
    document_download,
    document_upload,
    facility_create,
    facility_detail,
    facility_edit,
    facility_list,
    plan_edit,
    plan_list,
    plan_propose,
    plan_step,
)

__all__ = [
    "commune_connectivity", "connectivity_list", "document_download", "document_upload", "equipment_edit",
    "equipment_list", "facility_create", "facility_detail", "facility_edit", "facility_list",
    "outage_close",
    "outage_list", "overview", "plan_edit", "plan_list", "plan_propose", "plan_step", "platform_list",
    "platform_remove", "procurement_create", "procurement_list", "procurement_move", "readiness_page"
]
