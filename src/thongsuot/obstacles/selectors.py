"""Reads for obstacles, always scoped to the user through the permission module."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thongsuot.accounts.models import Agency
from thongsuot.accounts.permissions import get_visible_or_404, scope_filter, scope_of
from thongsuot.core.offline import FieldForm
from thongsuot.core.text import filter_folded
from thongsuot.core.vocabulary import Domain
from thongsuot.geo.models import Province
from thongsuot.notifications.models import Notification
from thongsuot.notifications.selectors import notification_list as all_notices
from thongsuot.obstacles.models import (
    OPEN_STATUSES,
    Attachment,
    CaseLevel,
    EscalationAnswer,
    EscalationRequest,
    Obstacle,
    ObstacleCommuneTally,
    ObstacleDueTally,
    ObstacleEvent,
    ObstacleTally,
    RequestCase,
    Status,
)
from thongsuot.obstacles.notifications import KEY_PREFIX
from thongsuot.obstacles.permissions import filing_refusal

SORTS = {
    "due": ("due_date", "id"),
    "-due": ("-due_date", "-id"),
    "new": ("-created_at", "-id"),
    "old": ("created_at", "id"),
    "severity": ("-severity_rank", "due_date", "id"),
}


def ministry_q(user) -> Q:
    """What a ministry sees: the cases addressed to it in writing."""
    scope = scope_of(user)
    return Q(ministry_id=scope.agency.pk) if scope is not None else Q(pk__in=[])


def visible_obstacles(user) -> QuerySet[Obstacle]:
    """Return every case the user may see, with what list pages show."""
    return scope_filter(user, Obstacle.objects.all(), ministry_q=ministry_q(user)).select_related(
        "province", "commune", "responsible_agency")


def access_obstacle(user, pk) -> Obstacle:
    """Return a case the user may see, or 404 — missing and forbidden alike."""
    return get_visible_or_404(visible_obstacles(user).select_related("origin_agency", "ministry", "created_by"),
                              pk=pk)


def access_attachment(user, pk, attachment_pk) -> Attachment:
    """Return a document attached to a case the user may see, or 404."""
    return get_visible_or_404(Attachment.objects.filter(obstacle=access_obstacle(user, pk)), pk=attachment_pk)


#: The written documents of a case, by the word their download address uses.
DOCUMENT_KINDS = {"de-nghi": EscalationRequest, "tra-loi": EscalationAnswer}


def access_document(user, pk, kind: str, doc_pk) -> EscalationRequest | EscalationAnswer:
    """Return a written request or answer (with its file) of a case the user may see, or 404."""
    model = DOCUMENT_KINDS.get(kind)
    if model is None:
        raise Http404
    obstacle = access_obstacle(user, pk)
    owned = model.objects.filter(cases=obstacle) if model is EscalationRequest else model.objects.filter(
        request__cases=obstacle)
    document = get_visible_or_404(owned, pk=doc_pk)
    if not document.file:
        raise Http404
    return document


def open_request(obstacle: Obstacle) -> EscalationRequest | None:
    """The written request (sent, covering this case) still waiting for its answer."""
    return (obstacle.covering_requests.filter(state=EscalationRequest.State.SENT, answered_on__isnull=True)
            .select_related("from_agency").order_by("created_at", "id").last())


def case_requests(obstacle: Obstacle) -> QuerySet[EscalationRequest]:
    """The sent written requests covering a case, with their answers (drafts are the drafter's own)."""
    return (obstacle.covering_requests.filter(state=EscalationRequest.State.SENT)
            .select_related("to_agency", "from_agency").prefetch_related("answers__agency")
            .order_by("created_at", "id"))


def visible_requests(user) -> QuerySet[EscalationRequest]:
    """Written requests the user may see: those their agency wrote or received, and the sent ones
    covering a case they see. Drafts only to the agency that drafts them."""
    scope = scope_of(user)
    if scope is None:
        return EscalationRequest.objects.none()
    mine = Q(from_agency_id=scope.agency.pk)
    sent = Q(state=EscalationRequest.State.SENT)
    covering = EscalationRequest.objects.filter(cases__in=visible_obstacles(user)).values("pk")
    return EscalationRequest.objects.filter(
        mine | (sent & (Q(to_agency_id=scope.agency.pk) | Q(pk__in=covering)))).select_related(
        "from_agency", "to_agency", "approved_by")


def access_request(user, pk) -> EscalationRequest:
    """Return a written request the user may see, or 404 — missing and another territory's alike."""
    return get_visible_or_404(visible_requests(user), pk=pk)


def request_cases(request: EscalationRequest) -> list[Obstacle]:
    """The cases a request covers, in its order, with their place; each carries `answered_by` (the
    answer that answered it, or None) and `own_answer` (its own text when answered item by item)."""
    links = (RequestCase.objects.filter(request=request)
             .select_related("obstacle__province", "obstacle__commune", "obstacle__responsible_agency", "answer"))
    cases = []
    for link in links:
        case = link.obstacle
        case.answered_by, case.own_answer = link.answer, link.guidance
        cases.append(case)
    return cases


def request_answers(request: EscalationRequest) -> list[EscalationAnswer]:
    """The written answers a request received, oldest first."""
    return list(request.answers.select_related("agency").order_by("created_at", "id"))


def access_answer(user, pk, answer_pk) -> EscalationAnswer:
    """Return an answer of a written request the user may see, or 404."""
    return get_visible_or_404(EscalationAnswer.objects.filter(request=access_request(user, pk))
                              .select_related("agency", "request__from_agency"), pk=answer_pk)


def draftable_cases(user, ids) -> list[Obstacle]:
    """The cases (among `ids`) the user sees and whose turn it is for their agency, in the given order."""
    scope = scope_of(user)
    if scope is None:
        return []
    wanted = [int(i) for i in ids if str(i).isdigit()][:500]
    found = {o.pk: o for o in visible_obstacles(user).filter(pk__in=wanted, responsible_agency_id=scope.agency.pk)}
    return [found[i] for i in dict.fromkeys(wanted) if i in found]


def latest_answer(obstacle: Obstacle) -> EscalationAnswer | None:
    """The last written answer the case received, with its request (the guidance the holder acts on).
    Read through the request's line for this case, so that every case a letter answered finds it (not
    only the case the answer names first); answered item by item, `guidance` is the case's own text."""
    link = (RequestCase.objects.filter(obstacle=obstacle, answer__isnull=False)
            .select_related("answer__agency", "answer__request__from_agency")
            .order_by("-answer__created_at", "-answer__id").first())
    if link is None:
        return None
    answer = link.answer
    if link.guidance:
        answer.guidance = link.guidance
    return answer


def apply_filters(qs: QuerySet[Obstacle], filters: dict) -> QuerySet[Obstacle]:
    """Filter and order cases by the clean values of the list's filter form (`forms.ObstacleFilterForm`)."""
    for name, lookup in (("status", "status"), ("domain", "domain"), ("level", "level"),
                         ("province", "province__code"), ("commune", "commune__code"),
                         ("due_before", "due_date__lte")):
        if filters.get(name):
            qs = qs.filter(**{lookup: filters[name]})
    if filters.get("open"):
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.get("overdue"):
        qs = qs.filter(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())
    if filters.get("q"):
        qs = filter_folded(qs, filters["q"])
    sort = filters.get("sort") if filters.get("sort") in SORTS else "new"
    if sort == "severity":
        qs = qs.annotate(severity_rank=Case(When(severity="critical", then=Value(4)),
                                            When(severity="high", then=Value(3)),
                                            When(severity="medium", then=Value(2)),
                                            default=Value(1), output_field=IntegerField()))
    return qs.order_by(*SORTS[sort])


#: What list pages, the queue and the export show; loading only these keeps big pages fast.
LIST_FIELDS = ("id", "title", "severity", "domain", "status", "level", "due_date", "created_at", "province_id",
               "commune_id", "province__name", "commune__name", "responsible_agency__name")


def obstacle_list(*, user, filters: dict | None = None) -> QuerySet[Obstacle]:
    return apply_filters(visible_obstacles(user), filters or {}).only(*LIST_FIELDS)


def waiting_for_us(*, user) -> QuerySet[Obstacle]:
    """The cases whose turn it is for the user's agency, most urgent first."""
    scope = scope_of(user)
    if scope is None:
        return Obstacle.objects.none()
    return (visible_obstacles(user).filter(responsible_agency_id=scope.agency.pk, status__in=OPEN_STATUSES | {
        Status.RESOLVED}).only(*LIST_FIELDS).order_by("due_date", "id"))


def timeline(obstacle: Obstacle) -> QuerySet[ObstacleEvent]:
    return obstacle.events.select_related("actor", "agency", "to_agency", "answer").order_by("created_at", "id")


def _tallies(user, model=ObstacleTally):
    """The summary rows within the user's view, or None when counting the cases directly is cheaper."""
    scope = scope_of(user)
    if scope is None or scope.is_commune:
        return None
    rows = model.objects.order_by()
    if scope.is_province:
        return rows.filter(province_id=scope.province_id)
    if scope.is_ministry:
        return rows.filter(ministry_key=scope.agency.pk)
    return rows


def _overdue_total(user, today) -> int:
    rows = _tallies(user, ObstacleDueTally)
    if rows is None:
        return visible_obstacles(user).order_by().filter(status__in=OPEN_STATUSES, due_date__lt=today).count()
    return rows.filter(due_date__lt=today).aggregate(t=Sum("n"))["t"] or 0


def counts(*, user) -> dict:
    """Counts by status, domain and level (open cases), and the overdue total, within the user's view."""
    today = timezone.localdate()
    rows = _tallies(user)
    if rows is None:
        qs = visible_obstacles(user).select_related(None).order_by()
        by_status = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        by_domain = dict(qs.values_list("domain").annotate(n=Count("id")).values_list("domain", "n"))
        by_level = dict(qs.filter(status__in=OPEN_STATUSES).values_list("level").annotate(n=Count("id"))
                        .values_list("level", "n"))
    else:
        by_status = dict(rows.values_list("status").annotate(t=Sum("n")).values_list("status", "t"))
        by_domain = dict(rows.values_list("domain").annotate(t=Sum("n")).values_list("domain", "t"))
        by_level = dict(rows.filter(status__in=OPEN_STATUSES).values_list("level").annotate(t=Sum("n"))
                        .values_list("level", "t"))
    return {
        "total": sum(by_status.values()),
        "open": sum(v for k, v in by_status.items() if k in OPEN_STATUSES),
        "overdue": _overdue_total(user, today),
        "by_status": [(value, label, by_status.get(value) or 0) for value, label in Status.choices],
        "by_domain": [(value, label, by_domain.get(value) or 0) for value, label in Domain.choices],
        "by_level": [(value, label, by_level.get(value) or 0) for value, label in CaseLevel.choices],
    }


def counts_by_province(*, user) -> list[dict]:
    """Per province: total, open, overdue, resolved or closed — for national and ministry overviews."""
    rows = _tallies(user)
    if rows is None:
        return []
    today = timezone.localdate()
    overdue = dict(_tallies(user, ObstacleDueTally).filter(due_date__lt=today).values_list("province_id")
                   .annotate(t=Sum("n")).values_list("province_id", "t"))
    totals = (rows.values("province_id").annotate(
        total=Sum("n"), open=Sum("n", filter=Q(status__in=OPEN_STATUSES)),
        done=Sum("n", filter=Q(status__in=[Status.RESOLVED, Status.CLOSED]))))
    names = dict(Province.objects.values_list("id", "code"))
    labels = dict(Province.objects.values_list("id", "name"))
    result = [{"province__code": names[r["province_id"]], "province__name": labels[r["province_id"]],
               "total": r["total"] or 0, "open": r["open"] or 0, "done": r["done"] or 0,
               "overdue": overdue.get(r["province_id"], 0)} for r in totals if r["total"]]
    return sorted(result, key=lambda r: r["province__code"])


def _open_cases(user, *, province_id: int | None, commune_id: int | None) -> QuerySet[Obstacle]:
    """The open cases within the user's view, narrowed to a province or a commune, read from the case
    table itself (where the summaries do not answer)."""
    qs = visible_obstacles(user).order_by().filter(status__in=OPEN_STATUSES)
    if province_id is not None:
        qs = qs.filter(province_id=province_id)
    if commune_id is not None:
        qs = qs.filter(commune_id=commune_id)
    return qs


def open_and_overdue(*, user, by: str = "commune", province_id: int | None = None,
                     commune_id: int | None = None) -> dict[int | None, tuple[int, int]]:
    """Open and overdue cases within the user's view, narrowed to a province or a commune, by commune
    (`by="commune"`) or by province: {id: (open, overdue)}; None keys the cases filed above the
    communes. Read from the summaries (per commune: `ObstacleCommuneTally`; per province: the
    status and due-date tallies); a commune's own view counts its few cases directly."""
    today = timezone.localdate()
    rows = _tallies(user, ObstacleCommuneTally)
    if rows is None:
        qs = _open_cases(user, province_id=province_id, commune_id=commune_id)
        group = "commune_id" if by == "commune" else "province_id"
        return {r[0]: (r[1], r[2]) for r in qs.values_list(group).annotate(
            n=Count("id"), late=Count("id", filter=Q(due_date__lt=today))).values_list(group, "n", "late")}
    if by == "province" and commune_id is None:
        tallies, due = _tallies(user), _tallies(user, ObstacleDueTally)
        if province_id is not None:
            tallies, due = tallies.filter(province_id=province_id), due.filter(province_id=province_id)
        late = dict(due.filter(due_date__lt=today).values_list("province_id").annotate(t=Sum("n"))
                    .values_list("province_id", "t"))
        return {pk: (n, late.get(pk) or 0) for pk, n in tallies.filter(status__in=OPEN_STATUSES)
                .values_list("province_id").annotate(t=Sum("n")).values_list("province_id", "t") if n}
    if province_id is not None:
        rows = rows.filter(province_id=province_id)
    if commune_id is not None:
        rows = rows.filter(commune_key=commune_id)
    group = "commune_key" if by == "commune" else "province_id"
    found = rows.values_list(group).annotate(t=Sum("n"), late=Sum("n", filter=Q(due_date__lt=today)))
    return {(key or None) if by == "commune" else key: (n, late or 0)
            for key, n, late in found.values_list(group, "t", "late") if n}


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's notices about cases (the shared notifications whose key marks a case)."""

    return all_notices(user=user).filter(key__startswith=KEY_PREFIX).order_by("-created_at", "-id")


def unread_notifications(*, user) -> QuerySet[Notification]:
    return notification_list(user=user).filter(read_at__isnull=True)


def home_summary(*, user) -> dict:
    """The home page panel: the case counts, the first cases waiting for this agency, unread notices."""
    queue = waiting_for_us(user=user)
    return {"counts": counts(user=user), "queue": list(queue[:5]), "queue_count": queue.count(),
            "unread": unread_notifications(user=user).count()}


def agency_named(code: str):
    """The recipient agency a draft form offers by code (the national level as “national”)."""
    if code == "national":
        return Agency.objects.filter(code="BCD").first()
    return Agency.objects.filter(code=code).first() if code else None


def open_by_domain(*, user, province_id: int | None = None, commune_id: int | None = None) -> dict[str, int]:
    """Open cases by domain within the user's view, narrowed to a province or a commune (the tallies
    for a province or the nation, the case table for a commune)."""
    rows = _tallies(user) if commune_id is None else None
    if rows is None:
        qs = _open_cases(user, province_id=province_id, commune_id=commune_id)
        return dict(qs.values_list("domain").annotate(n=Count("id")).values_list("domain", "n"))
    if province_id is not None:
        rows = rows.filter(province_id=province_id)
    return dict(rows.filter(status__in=OPEN_STATUSES).values_list("domain").annotate(t=Sum("n"))
                .values_list("domain", "t"))


def field_forms(*, user) -> list[FieldForm]:
    """The obstacle report, for whoever may file one (core.offline: a big button, kept offline)."""
    if filing_refusal(user):
        return []
    return [FieldForm(_("Phản ánh khó khăn"), reverse("obstacles:create"), order=10)]
