"""Writes for staffing. Each service is one transaction that also writes its audit event.

Split by subdomain; import from here: `services.<name>(...)`.
"""

from thongsuot.staffing.services._common import MAX_QUOTA_PER_FIELD
from thongsuot.staffing.services.communes import CommuneFiguresImport, commune_figures_set
from thongsuot.staffing.services.imports import MemberImport
from thongsuot.staffing.services.members import (
    EDITABLE,
    HIRES,
    MOVES,
    staff_leave,
    staff_move,
    staff_recruit,
    staff_update,
)
from thongsuot.staffing.services.org_units import (
    URBAN_DAC_KHU,
    org_settings_set,
    org_settings_version,
    org_unit_create,
    org_unit_delete,
    org_unit_of_kind,
    org_unit_rename,
    org_units_build,
    org_units_ensure,
    statutory_units,
    unit_limit,
)
from thongsuot.staffing.services.quotas import (
    QUOTA_PARAM_FIELDS,
    quota_override,
    quota_params,
    quota_reset,
    quota_rule_set,
    quota_rule_version,
    quotas_build,
    quotas_ensure,
    quotas_missing,
    quotas_recompute,
)
from thongsuot.staffing.services.training import (
    ENROLLMENT_TRANSITIONS,
    course_create,
    enrollment_create,
    enrollment_set_status,
)
from thongsuot.staffing.services.travel import (
    allowances_recompute,
    entitlement,
    parse_bands,
    policy_create,
    policy_in_force,
    policy_update,
)

__all__ = [
    "CommuneFiguresImport",
    "commune_figures_set",
    "MemberImport",
    "unit_limit",
    "EDITABLE",
    "ENROLLMENT_TRANSITIONS",
    "HIRES",
    "MAX_QUOTA_PER_FIELD",
    "MOVES",
    "QUOTA_PARAM_FIELDS",
    "URBAN_DAC_KHU",
    "allowances_recompute",
    "course_create",
    "enrollment_create",
    "enrollment_set_status",
    "entitlement",
    "org_settings_set",
    "org_settings_version",
    "org_unit_create",
    "org_unit_delete",
    "org_unit_of_kind",
    "org_unit_rename",
    "org_units_build",
    "org_units_ensure",
    "parse_bands",
    "policy_create",
    "policy_in_force",
    "policy_update",
    "quota_override",
    "quota_params",
    "quota_reset",
    "quota_rule_set",
    "quota_rule_version",
    "quotas_build",
    "quotas_ensure",
    "quotas_missing",
    "quotas_recompute",
    "staff_leave",
    "staff_move",
    "staff_recruit",
    "staff_update",
    "statutory_units",
]
