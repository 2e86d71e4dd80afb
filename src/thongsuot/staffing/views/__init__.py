"""Pages for staffing: thin views over the selectors and services.

Split by subject; import from here.
"""

from thongsuot.staffing.views.members import (
    actions,
    member_detail,
    member_edit,
    member_leave,
    member_move,
    member_recruit,
    members,
)
from thongsuot.staffing.views.quotas import (
    commune_detail,
    commune_figures,
    org_settings,
    org_unit_add,
    org_unit_delete,
    org_unit_rename,
    overview,
    quota_edit,
    quota_rule,
    quotas_recompute,
    shortages,
)
from thongsuot.staffing.views.support import (
    course_add,
    course_detail,
    courses,
    policies,
    policy_form,
)

__all__ = [
    "commune_figures",
    "actions",
    "commune_detail",
    "course_add",
    "course_detail",
    "courses",
    "member_detail",
    "member_edit",
    "member_leave",
    "member_move",
    "member_recruit",
    "members",
    "org_settings",
    "org_unit_add",
    "org_unit_delete",
    "org_unit_rename",
    "overview",
    "policies",
    "policy_form",
    "quota_edit",
    "quota_rule",
    "quotas_recompute",
    "shortages",
]
