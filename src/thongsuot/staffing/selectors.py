"""Reads for staffing, scoped through the permission module."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import (
    get_visible_or_404,
    scope_filter,
    scope_of,
    visible_communes,
    visible_provinces,
)
from thongsuot.core.errors import Forbidden
from thongsuot.core.text import filter_folded
from thongsuot.core.vocabulary import StaffField
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing.models import (
    Enrollment,
    OrgUnit,
    PersonnelAction,
    ShortageTally,
    StaffingQuota,
    StaffMember,
    TrainingCourse,
    TravelAllowancePolicy,
)
from thongsuot.staffing.permissions import fields_seen, may_see_names, ministry_fields_q
from thongsuot.staffing.services import org_units_build, policy_in_force, quotas_missing

#: Quotas and org units are counts, not personal data: a ministry sees them nationally.
ALL = Q()


def _ministry_fields(user) -> Q:
    scope = scope_of(user)
    return ministry_fields_q(user) if scope is not None and scope.is_ministry else ALL


def quota_list(*, user) -> QuerySet[StaffingQuota]:
    return scope_filter(user, StaffingQuota.objects.all(), ministry_q=_ministry_fields(user))


def shortage_by_province(*, user) -> QuerySet[ShortageTally]:
    """The staff lacking per province and field (`ShortageTally`, kept with the quotas) within the
    user's view: the nation every province, a ministry its sector's fields, a province its own."""
    return scope_filter(user, ShortageTally.objects.all(), commune_field=None, ministry_q=_ministry_fields(user))


def org_unit_list(*, user) -> QuerySet[OrgUnit]:
    return scope_filter(user, OrgUnit.objects.all(), ministry_q=ALL)


def member_list(*, user, filters: dict | None = None) -> QuerySet[StaffMember]:
    """Return the staff the user may see by name: their commune's, or their province's. Others: none."""
    if not may_see_names(user):
        return StaffMember.objects.none()
    members = scope_filter(user, StaffMember.objects.all()).select_related("commune", "org_unit", "province")
    filters = filters or {}
    if filters.get("q"):
        members = filter_folded(members, filters["q"])
    if filters.get("field") in StaffField.values:
        members = members.filter(field=filters["field"])
    if filters.get("category") in StaffMember.Category.values:
        members = members.filter(category=filters["category"])
    status = filters.get("status", StaffMember.Status.ACTIVE)
    if status in StaffMember.Status.values:
        members = members.filter(status=status)
    if filters.get("commune"):
        members = members.filter(commune__code=filters["commune"])
    return members.order_by("full_name", "id")


def action_list(*, user, member: StaffMember | None = None) -> QuerySet[PersonnelAction]:
    """Return the decisions the user may see: a commune sees those into and out of it."""
    if not may_see_names(user):
        return PersonnelAction.objects.none()
    scope = scope_of(user)
    actions = PersonnelAction.objects.select_related("member", "from_commune", "to_commune", "created_by")
    if scope.is_commune:
        actions = actions.filter(Q(from_commune_id=scope.commune_id) | Q(to_commune_id=scope.commune_id)
                                 | Q(commune_id=scope.commune_id))
    else:
        actions = actions.filter(province_id=scope.province_id)
    if member is not None:
        actions = actions.filter(member=member)
    return actions.order_by("-effective_date", "-id")


def commune_staffing(*, user, commune: Commune) -> list[StaffingQuota]:
    """Return a commune's quota rows (one per field) with active staff and gap.

    A field with no row yet shows the default rule's figure, unsaved: reading a page never writes
    (the rows are made by the first write that needs them, `services.quotas_ensure`).
    """

    order = {field: index for index, field in enumerate(StaffField.values)}
    rows = list(quota_list(user=user).filter(commune=commune))
    if len(rows) < len(StaffField.values):
        seen = fields_seen(user)
        rows += [row for row in quotas_missing(commune, {r.field for r in rows}) if row.field in seen]
    return sorted(rows, key=lambda row: order.get(row.field, 99))


def commune_units(*, user, commune: Commune) -> list[OrgUnit]:
    """Return a commune's organisation units; the statutory ones, unsaved, while it has none yet."""

    units = list(org_unit_list(user=user).filter(commune=commune))
    return units or org_units_build(commune)


def totals(rows) -> dict:
    headcount = sum(r.headcount for r in rows)
    active = sum(r.active_count for r in rows)
    return {"headcount": headcount, "active": active, "gap": headcount - active,
            "shortage": sum(max(r.gap, 0) for r in rows)}


SORTS = {"gap": ("-gap", "commune__name"), "commune": ("commune__name", "field"),
         "field": ("field", "-gap"), "province": ("province__code", "commune__code", "field")}


def shortage_list(*, user, filters: dict | None = None) -> QuerySet[StaffingQuota]:
    """Return (commune, field) rows with a shortage, filterable and sortable, for the visible territory."""
    filters = filters or {}
    rows = quota_list(user=user).select_related("commune", "province")
    if not filters.get("all"):
        rows = rows.filter(gap__gt=0)
    if filters.get("province"):
        rows = rows.filter(province__code=filters["province"])
    if filters.get("field") in StaffField.values:
        rows = rows.filter(field=filters["field"])
    if filters.get("kind") in Commune.Kind.values:
        rows = rows.filter(commune__kind=filters["kind"])
    if filters.get("mountainous") in ("1", "0"):
        rows = rows.filter(commune__is_mountainous=filters["mountainous"] == "1")
    if filters.get("q"):
        rows = filter_folded(rows, filters["q"], field="commune__search_key")
    return rows.order_by(*SORTS.get(filters.get("sort", ""), SORTS["gap"]), "id")


def field_summary(*, user, province_id: int | None = None) -> list[dict]:
    """Return, per field, the headcount, active staff, shortage and surplus over the visible communes.

    The shortage adds up each commune's gap where it lacks staff; it is not netted against the
    communes over their quota (`surplus`): quota − active = shortage − surplus."""
    rows = quota_list(user=user)
    if province_id:
        rows = rows.filter(province_id=province_id)
    data = rows.values("field").annotate(headcount=Sum("headcount"), active=Sum("active_count"),
                                         shortage=Sum(Greatest(F("gap"), 0)), surplus=Sum(Greatest(-F("gap"), 0)),
                                         communes_short=Count("id", filter=Q(gap__gt=0))).order_by("field")
    labels = dict(StaffField.choices)
    order = {field: index for index, field in enumerate(StaffField.values)}
    return sorted(({**row, "label": labels.get(row["field"], row["field"])} for row in data),
                  key=lambda row: order.get(row["field"], 99))


def province_summary(*, user) -> list[dict]:
    """Return, per province, the headcount, active staff and shortage (national view)."""
    data = (quota_list(user=user).values("province__code", "province__name")
            .annotate(headcount=Sum("headcount"), active=Sum("active_count"), shortage=Sum(Greatest(F("gap"), 0)),
                      surplus=Sum(Greatest(-F("gap"), 0)), communes_short=Count("commune", filter=Q(gap__gt=0), distinct=True))
            .order_by("-shortage", "province__code"))
    return list(data)


def home_summary(*, user) -> dict | None:
    scope = scope_of(user)
    if scope is None:
        return None
    rows = quota_list(user=user)
    if scope.is_commune:
        rows = rows.filter(commune_id=scope.commune_id)
    agg = rows.aggregate(headcount=Sum("headcount"), active=Sum("active_count"), shortage=Sum(Greatest(F("gap"), 0)),
                         rows_short=Count("id", filter=Q(gap__gt=0)))
    if not agg["headcount"]:
        return None
    top = list(rows.filter(gap__gt=0).values("field").annotate(n=Sum("gap")).order_by("-n")[:5])
    labels = dict(StaffField.choices)
    return {**agg, "top": [{"label": labels[t["field"]], "n": t["n"]} for t in top], "scope": scope}


def course_list(*, user) -> QuerySet[TrainingCourse]:
    scope = scope_of(user)
    courses = TrainingCourse.objects.all()
    if scope is not None and scope.is_commune:
        # A commune sees its province's courses and its own.
        return courses.filter(province_id=scope.province_id).filter(
            Q(commune__isnull=True) | Q(commune_id=scope.commune_id)).order_by("-starts_on", "id")
    return scope_filter(user, courses, ministry_q=ALL).order_by("-starts_on", "id")


def enrollment_list(*, user, course: TrainingCourse | None = None) -> QuerySet[Enrollment]:
    """Return the enrolments the user may see by name, of one course or of every course they see."""
    if not may_see_names(user):
        return Enrollment.objects.none()
    enrollments = course.enrollments.all() if course is not None else Enrollment.objects.filter(
        course__in=course_list(user=user))
    return scope_filter(user, enrollments.select_related("member", "commune", "course")).order_by("member__full_name")


def training_share(*, user, year: int | None = None, province_id: int | None = None,
                   commune_id: int | None = None) -> list[dict]:
    """Return, per field, active staff and how many completed a course this year, with the share."""
    year = year or timezone.localdate().year
    members = scope_filter(user, StaffMember.objects.filter(status=StaffMember.Status.ACTIVE),
                           ministry_q=_ministry_fields(user))
    if province_id:
        members = members.filter(province_id=province_id)
    if commune_id:
        members = members.filter(commune_id=commune_id)
    trained = Q(enrollments__status=Enrollment.Status.COMPLETED,
                enrollments__completed_on__gte=date(year, 1, 1), enrollments__completed_on__lte=date(year, 12, 31))
    data = members.values("field").annotate(active=Count("id", distinct=True),
                                            trained=Count("id", filter=trained, distinct=True)).order_by("field")
    labels = dict(StaffField.choices)
    order = {field: index for index, field in enumerate(StaffField.values)}
    return sorted(({**row, "label": labels[row["field"]],
                    "share": round(100 * row["trained"] / row["active"], 1) if row["active"] else 0.0} for row in data),
                  key=lambda row: order[row["field"]])


def policy_list(*, user) -> QuerySet[TravelAllowancePolicy]:
    scope = scope_of(user)
    policies = TravelAllowancePolicy.objects.select_related("province").prefetch_related("bands")
    if scope is not None and scope.is_commune:
        return policies.filter(province_id=scope.province_id)
    return scope_filter(user, policies, ministry_q=ALL)


def _months_in_year(policy: TravelAllowancePolicy, year: int) -> int:
    start = max(policy.valid_from, date(year, 1, 1))
    end = min(policy.valid_to or date(year, 12, 31), date(year, 12, 31))
    if end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def travel_cost(*, user, province_id: int, year: int | None = None) -> dict:
    """Return the province's monthly travel support bill now, and the year's estimate.

    The yearly figure counts the current monthly bill for each month of the year the policy
    in force covers.
    """

    year = year or timezone.localdate().year
    members = scope_filter(user, StaffMember.objects.filter(province_id=province_id,
                                                            status=StaffMember.Status.ACTIVE), ministry_q=ALL)
    agg = members.aggregate(monthly=Sum("travel_allowance"), beneficiaries=Count("id", filter=Q(travel_allowance__gt=0)))
    monthly = agg["monthly"] or 0
    policy = policy_in_force(province_id)
    months = _months_in_year(policy, year) if policy else 0
    by_commune = list(members.filter(travel_allowance__gt=0).values("commune__code", "commune__name")
                      .annotate(total=Sum("travel_allowance"), n=Count("id")).order_by("-total")[:20])
    return {"monthly": monthly, "beneficiaries": agg["beneficiaries"], "months": months, "yearly": monthly * months,
            "monthly_million": monthly / 1_000_000, "yearly_million": monthly * months / 1_000_000,
            "policy": policy, "year": year, "by_commune": by_commune}


def travel_cost_by_province(*, user) -> list[dict]:
    """Return each visible province's monthly travel support bill (national view)."""
    members = scope_filter(user, StaffMember.objects.filter(status=StaffMember.Status.ACTIVE, travel_allowance__gt=0),
                           ministry_q=ALL)
    rows = (members.values("province__code", "province__name")
            .annotate(monthly=Sum("travel_allowance"), beneficiaries=Count("id")).order_by("-monthly"))
    return [{**row, "monthly_million": row["monthly"] / 1_000_000} for row in rows]


def commune_choices(*, user) -> QuerySet[Commune]:
    return visible_communes(user).order_by("name")


# --- Records looked up for a user: the record within the user's territory, else 404 (missing and
# forbidden alike, bad keys too). Personal records first refuse a level that never sees names.

def require_names(user) -> None:
    """Refuse (403) a level that sees staffing figures but never the people."""
    if not may_see_names(user):
        raise Forbidden(_("Cấp của bạn chỉ xem số liệu tổng hợp, không xem danh sách cá nhân."))


def access_member(user, pk) -> StaffMember:
    require_names(user)
    return get_visible_or_404(member_list(user=user, filters={"status": "any"}), pk=pk)


def access_quota(user, pk) -> StaffingQuota:
    return get_visible_or_404(quota_list(user=user).select_related("commune", "province"), pk=pk)


def access_org_unit(user, pk) -> OrgUnit:
    return get_visible_or_404(org_unit_list(user=user).select_related("commune"), pk=pk)


def access_commune(user, code) -> Commune:
    return get_visible_or_404(visible_communes(user).select_related("province"), code=str(code)[:5])


def access_province(user, code) -> Province:
    return get_visible_or_404(visible_provinces(user), code=str(code)[:2])


def access_course(user, pk) -> TrainingCourse:
    return get_visible_or_404(course_list(user=user), pk=pk)


def access_enrollment(user, pk, *, course: TrainingCourse | None = None) -> Enrollment:
    return get_visible_or_404(enrollment_list(user=user, course=course), pk=pk)


def access_policy(user, pk) -> TravelAllowancePolicy:
    return get_visible_or_404(policy_list(user=user), pk=pk)


# --- Where the user works: the place a new record of theirs belongs to.

def own_province(user) -> Province | None:
    scope = scope_of(user)
    return scope.agency.province if scope is not None else None


def own_commune(user) -> Commune | None:
    """The user's commune when they work for one; None at the province, ministry or nation."""
    scope = scope_of(user)
    return scope.agency.commune if scope is not None and scope.is_commune else None
