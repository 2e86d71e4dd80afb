"""Every read of the facilities app, already scoped to the user by the permission module."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Case, Count, F, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import (
    get_visible_or_404,
    scope_filter,
    scope_of,
    visible_communes,
    visible_provinces,
)
from thongsuot.core.errors import DomainError
from thongsuot.core.offline import FieldForm
from thongsuot.core.text import filter_folded
from thongsuot.facilities import permissions, readiness
from thongsuot.facilities.models import (
    CommuneReadiness,
    Connectivity,
    DigitalPlatform,
    EquipmentCategory,
    EquipmentNeed,
    Facility,
    FacilityDocument,
    FacilityStatus,
    HandlingPlan,
    Outage,
    PlanMethod,
    PlanState,
    ProcurementRequest,
)

DUE_SOON_DAYS = 30


def ministry_q(user) -> Q | None:
    return Q() if permissions.ministry_sees_facilities(scope_of(user)) else None


def _scoped(user, queryset: QuerySet) -> QuerySet:
    return scope_filter(user, queryset, ministry_q=ministry_q(user))


# ---------------------------------------------------------------- one record, within the user's scope (else 404)

def access_facility(user, pk) -> Facility:
    return get_visible_or_404(facility_list(user=user), pk=pk)


def access_plan(user, pk) -> HandlingPlan:
    return get_visible_or_404(plan_list(user=user), pk=pk)


def access_document(user, pk) -> FacilityDocument:
    return get_visible_or_404(_scoped(user, FacilityDocument.objects.all()), pk=pk)


def access_procurement(user, pk) -> ProcurementRequest:
    return get_visible_or_404(procurement_list(user=user), pk=pk)


def access_outage(user, pk) -> Outage:
    return get_visible_or_404(outage_list(user=user), pk=pk)


def access_platform(user, pk) -> DigitalPlatform:
    return get_visible_or_404(platform_list(user=user), pk=pk)


def access_commune(user, code: str):
    """A commune of the user's territory whose facilities pages they may see, by code (else 404)."""
    if not permissions.may_see_facilities(user):
        raise Http404
    return get_visible_or_404(visible_communes(user).select_related("province"), code=code)


def access_connectivity(user, code: str) -> Connectivity:
    return get_visible_or_404(connectivity_list(user=user), commune__code=code)


def commune_for(user, code: str | None, *, field: str = "commune"):
    """The commune a write is about: a commune official's own, or one of the user's territory named by code.

    An unknown code, or one outside the territory, is refused as an error on `field`."""
    own = permissions.own_commune(user)
    if own is not None and not code:
        return own
    commune = visible_communes(user).filter(code=(code or "").strip()[:5]).first()
    if commune is None:
        raise DomainError(_("Không có xã, phường, đặc khu mã “%(code)s” trong phạm vi của bạn.")
                          % {"code": code or ""}, field=field)
    return commune


def _narrow(queryset: QuerySet, *, province: str = "", commune: str = "") -> QuerySet:
    if province:
        queryset = queryset.filter(province__code=province[:2])
    if commune:
        queryset = queryset.filter(commune__code=commune[:5])
    return queryset


def _listed(user, model, *, province: str = "", commune: str = "", related: tuple[str, ...] = ()) -> QuerySet:
    """A list page's rows: the `model` records the user may see, narrowed to a province or a commune
    by code, with their commune and province (and `related`) loaded."""
    rows = _narrow(_scoped(user, model.objects.all()), province=province, commune=commune)
    return rows.select_related("commune", "province", *related)


def facility_list(*, user, q: str = "", status: str = "", kind: str = "", plan_state: str = "", method: str = "",
                  province: str = "", commune: str = "", deadline: str = "") -> QuerySet[Facility]:
    """Premises the user may see, filtered as on the list page.

    `plan_state` also accepts "none" (no live plan) and "remaining" (surplus, not yet handled);
    `deadline` one of "overdue", "soon", "later" (of remaining surplus premises).
    """
    facilities = _listed(user, Facility, province=province, commune=commune, related=("former_unit",))
    if status in FacilityStatus.values:
        facilities = facilities.filter(status=status)
    if kind:
        facilities = facilities.filter(kind=kind)
    if plan_state == "none":
        facilities = facilities.filter(plan_state="")
    elif plan_state == "remaining":
        facilities = facilities.filter(status=FacilityStatus.SURPLUS).exclude(plan_state=PlanState.DONE)
    elif plan_state in PlanState.values:
        facilities = facilities.filter(plan_state=plan_state)
    if method in PlanMethod.values:
        facilities = facilities.filter(plan_method=method)
    if deadline:
        today = timezone.localdate()
        pending = facilities.filter(status=FacilityStatus.SURPLUS, plan_state__in=[PlanState.PROPOSED,
                                                                                 PlanState.APPROVED])
        if deadline == "overdue":
            facilities = pending.filter(plan_deadline__lt=today)
        elif deadline == "soon":
            facilities = pending.filter(plan_deadline__gte=today, plan_deadline__lte=today + timedelta(DUE_SOON_DAYS))
        elif deadline == "later":
            facilities = pending.filter(plan_deadline__gt=today + timedelta(DUE_SOON_DAYS))
    if q:
        facilities = filter_folded(facilities, q)
    return facilities.order_by("province_id", "commune_id", "name", "id")


def plan_list(*, user, state: str = "", method: str = "", province: str = "", commune: str = "") -> QuerySet:
    plans = _listed(user, HandlingPlan, province=province, commune=commune, related=("facility",))
    if state in PlanState.values:
        plans = plans.filter(state=state)
    if method in PlanMethod.values:
        plans = plans.filter(method=method)
    return plans.order_by("-created_at", "-id")


def equipment_list(*, user, category: str = "", province: str = "", commune: str = "",
                   with_gap: bool = False) -> QuerySet[EquipmentNeed]:
    needs = _listed(user, EquipmentNeed, province=province, commune=commune)
    if category in EquipmentCategory.values:
        needs = needs.filter(category=category)
    if with_gap:
        needs = needs.filter(required__gt=F("available"))
    return needs.order_by("province_id", "commune_id", "category")


def procurement_list(*, user, state: str = "", province: str = "", commune: str = "") -> QuerySet:
    requests = _listed(user, ProcurementRequest, province=province, commune=commune)
    if state:
        requests = requests.filter(state=state)
    return requests.order_by("-created_at", "-id")


def connectivity_list(*, user, province: str = "", commune: str = "") -> QuerySet[Connectivity]:
    return _listed(user, Connectivity, province=province, commune=commune).order_by("province_id", "commune_id")


def outage_list(*, user, province: str = "", commune: str = "", ongoing: bool = False) -> QuerySet[Outage]:
    outages = _listed(user, Outage, province=province, commune=commune)
    if ongoing:
        outages = outages.filter(ended_at__isnull=True)
    return outages.order_by("-started_at", "-id")


def platform_list(*, user, province: str = "", commune: str = "") -> QuerySet[DigitalPlatform]:
    rows = _listed(user, DigitalPlatform, province=province, commune=commune)
    return rows.order_by("province_id", "commune_id", "system", "name")


def readiness_list(*, user, province: str = "", no_vehicle: bool = False, below_threshold: bool = False,
                   threshold: Decimal = readiness.CONNECTIVITY_THRESHOLD, q: str = "") -> QuerySet[CommuneReadiness]:
    """Communes' readiness rows, the least ready first."""
    rows = _listed(user, CommuneReadiness, province=province)
    if no_vehicle:
        rows = rows.filter(has_vehicle=False)
    if below_threshold:
        rows = rows.filter(connectivity_score__lt=threshold)
    if q:
        rows = filter_folded(rows, q, field="commune__search_key")
    return rows.order_by("total", "commune__code")


def commune_readiness(*, user, commune) -> CommuneReadiness | None:
    return _scoped(user, CommuneReadiness.objects.filter(commune=commune)).first()


# ---------------------------------------------------------------- summaries for the overview pages

def surplus_summary(*, user, province: str = "") -> dict:
    """Surplus premises handled and remaining, by handling method and by deadline.

    One grouped query over the covering index (status, province, method, state, deadline); the
    deadline buckets are computed in the query because they move with today's date.
    """
    today = timezone.localdate()
    soon = today + timedelta(DUE_SOON_DAYS)
    surplus = _narrow(_scoped(user, Facility.objects.filter(status=FacilityStatus.SURPLUS)), province=province)
    pending = Q(plan_state__in=[PlanState.PROPOSED, PlanState.APPROVED], plan_deadline__isnull=False)
    bucket = Case(When(pending & Q(plan_deadline__lt=today), then=Value("overdue")),
                  When(pending & Q(plan_deadline__lte=soon), then=Value("soon")),
                  When(pending, then=Value("later")), default=Value(""))
    groups = surplus.annotate(bucket=bucket).values_list("plan_method", "plan_state", "bucket").annotate(
        n=Count("*")).order_by()
    totals = dict.fromkeys(["total", "handled", "no_plan", "proposed", "approved", "overdue", "soon", "later"], 0)
    by_method = {m: {"handled": 0, "remaining": 0} for m in PlanMethod.values}
    for method, state, deadline_bucket, n in groups:
        totals["total"] += n
        if state == PlanState.DONE:
            totals["handled"] += n
        elif not state:
            totals["no_plan"] += n
        else:
            totals["proposed" if state == PlanState.PROPOSED else "approved"] += n
            if deadline_bucket:
                totals[deadline_bucket] += n
        if method:
            by_method[method]["handled" if state == PlanState.DONE else "remaining"] += n
    totals["remaining"] = totals["total"] - totals["handled"]
    totals["by_method"] = [{"method": m, "label": PlanMethod(m).label, **v} for m, v in by_method.items()
                           if v["handled"] or v["remaining"]]
    totals["handled_pct"] = round(100 * totals["handled"] / totals["total"], 1) if totals["total"] else None
    return totals


def readiness_summary(*, user, province: str = "", threshold: Decimal = readiness.CONNECTIVITY_THRESHOLD) -> dict:
    """Readiness figures of the visible communes; `without_data` counts communes that recorded nothing."""
    rows = _narrow(_scoped(user, CommuneReadiness.objects.all()), province=province)
    summary = rows.aggregate(
        communes=Count("id"), average=Avg("total"), no_vehicle=Count("id", filter=Q(has_vehicle=False)),
        below_threshold=Count("id", filter=Q(connectivity_score__lt=threshold)),
        surplus=Sum("surplus_count"), handled=Sum("surplus_handled"))
    if permissions.may_see_facilities(user):
        communes = visible_communes(user)
        if province:
            communes = communes.filter(province__code=province[:2])
        summary["without_data"] = max(communes.count() - summary["communes"], 0)
    return summary


def province_table(*, user, threshold: Decimal = readiness.CONNECTIVITY_THRESHOLD) -> list[dict]:
    """One row per visible province: readiness, vehicles, connectivity, surplus premises."""
    provinces = {p.pk: p for p in visible_provinces(user).order_by("code")}
    scores = _scoped(user, CommuneReadiness.objects.all()).values("province_id").annotate(
        communes=Count("id"), average=Avg("total"), no_vehicle=Count("id", filter=Q(has_vehicle=False)),
        below_threshold=Count("id", filter=Q(connectivity_score__lt=threshold)),
        surplus=Sum("surplus_count"), handled=Sum("surplus_handled")).order_by()
    rows = []
    for row in scores:
        province = provinces.get(row["province_id"])
        if province is None:
            continue
        surplus, handled = row["surplus"] or 0, row["handled"] or 0
        rows.append({**row, "province": province, "remaining": surplus - handled,
                     "handled_pct": round(100 * handled / surplus, 1) if surplus else None})
    return sorted(rows, key=lambda r: (r["average"] or 0, r["province"].code))


def home_summary(*, user) -> dict:
    own = permissions.own_commune(user)
    context = {"summary": readiness_summary(user=user), "is_commune": own is not None}
    if own is not None:
        context["readiness"] = CommuneReadiness.objects.filter(commune_id=own.pk).first()
    return context


#: The connectivity score below which a commune counts as poorly connected (for other apps' figures).
CONNECTIVITY_THRESHOLD = readiness.CONNECTIVITY_THRESHOLD


def equipment_category_choices() -> list[tuple[str, str]]:
    """The equipment categories, for other apps that count needs by category."""
    return list(EquipmentCategory.choices)


def field_forms(*, user) -> list[FieldForm]:
    """A commune's outage report and equipment request (core.offline: big buttons, kept offline)."""
    commune = permissions.own_commune(user)
    if commune is None:
        return []
    found = []
    if permissions.may_edit_in(user, commune):
        found.append(FieldForm(_("Báo mất kết nối"), reverse("facilities:commune_connectivity", args=[commune.code]) + "#su-co",
                               order=30))
    if permissions.may_create_records(user):
        found.append(FieldForm(_("Đề nghị cấp thiết bị"), reverse("facilities:procurement_create"), order=40))
    return found
