"""Reads of the register of written requests (sổ công văn đề nghị) and of each recipient's response
times. The list is the requests themselves (an index on recipient, state and sending day); every
figure — open, overdue, answered, days taken, median, 90th percentile, share within the limit — is
summed from the summary rows `tallies` keeps (`RequestOpenTally`, `RequestDaysTally`), never from a
scan of the requests.

Who sees what: a ministry (or the national steering committee as a recipient) the requests addressed
to it, a province the requests it sent, the national level everything; communes have no register."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet, Sum

from thongsuot.accounts.models import Agency, Level
from thongsuot.accounts.permissions import scope_of
from thongsuot.core.errors import Forbidden
from thongsuot.geo.models import Province
from thongsuot.obstacles.models import EscalationRequest, RequestDaysTally, RequestOpenTally
from thongsuot.obstacles.permissions import register_refusal


@dataclass(frozen=True)
class RegisterScope:
    """What part of the register a user sees: a fixed recipient (a ministry), a fixed sender and its
    province (a province), or nothing fixed (the national level)."""

    recipient_id: int | None = None
    sender_id: int | None = None
    province_id: int | None = None

    @property
    def is_national(self) -> bool:
        return self.recipient_id is None and self.sender_id is None


def register_scope(user) -> RegisterScope:
    """Return the user's part of the register, or refuse (communes, users without an agency)."""
    Forbidden.raise_if(register_refusal(user))
    scope = scope_of(user)
    if scope.is_ministry:
        return RegisterScope(recipient_id=scope.agency.pk)
    if scope.is_province:
        return RegisterScope(sender_id=scope.agency.pk, province_id=scope.province_id)
    return RegisterScope()


def recipients() -> QuerySet[Agency]:
    """The agencies requests are written to: the ministries and the national level."""
    return Agency.objects.filter(level__in=[Level.MINISTRY, Level.CENTRAL]).order_by("level", "name")


def _resolved(filters: dict) -> dict:
    """The filter form's codes as the ids the tables hold (an unknown code matches nothing)."""
    ids = {}
    if filters.get("ministry"):
        ids["recipient"] = Agency.objects.filter(code=filters["ministry"]).values_list("pk", flat=True).first() or -1
    if filters.get("province"):
        ids["province"] = Province.objects.filter(code=filters["province"]).values_list("pk", flat=True).first() or -1
    return ids


def request_register(*, user, filters: dict | None = None, today: date) -> QuerySet[EscalationRequest]:
    """The requests of the user's register, newest sent first, filtered by recipient, province, domain
    and state (open, answered, overdue; a province also its own drafts)."""
    part = register_scope(user)
    filters = filters or {}
    ids = _resolved(filters)
    state = filters.get("state", "")
    if state == "draft":
        if part.sender_id is None:
            return EscalationRequest.objects.none()
        qs = EscalationRequest.objects.filter(state=EscalationRequest.State.DRAFT, from_agency_id=part.sender_id)
    else:
        qs = EscalationRequest.objects.filter(state=EscalationRequest.State.SENT)
    if part.recipient_id is not None:
        qs = qs.filter(to_agency_id=part.recipient_id)
    if part.sender_id is not None:
        qs = qs.filter(from_agency_id=part.sender_id)
    if "recipient" in ids:
        qs = qs.filter(to_agency_id=ids["recipient"])
    if "province" in ids:
        qs = qs.filter(province_id=ids["province"])
    if filters.get("domain"):
        qs = qs.filter(domain=filters["domain"])
    if state == "open":
        qs = qs.filter(answered_on__isnull=True)
    elif state == "answered":
        qs = qs.filter(answered_on__isnull=False)
    elif state == "overdue":
        qs = qs.filter(answered_on__isnull=True, answer_due__lt=today)
    return (qs.select_related("from_agency", "to_agency", "province")
            .only("id", "number", "signed_on", "state", "excerpt", "content", "answer_due", "sent_on",
                  "answered_on", "days_taken", "domain", "created_at", "from_agency__name", "to_agency__name",
                  "province__name")
            .order_by("-sent_on", "-id"))


def _tally_filter(user, filters: dict) -> Q:
    part = register_scope(user)
    ids = _resolved(filters)
    q = Q()
    if part.recipient_id is not None:
        q &= Q(recipient_key=part.recipient_id)
    if part.province_id is not None:
        q &= Q(province_key=part.province_id)
    if "recipient" in ids:
        q &= Q(recipient_key=ids["recipient"])
    if "province" in ids:
        q &= Q(province_key=ids["province"])
    if filters.get("domain"):
        q &= Q(domain=filters["domain"])
    return q


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """The nearest-rank percentile of a histogram {days: count}: the least days such that at least
    `share` of the answers took no longer."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= rank:
            return days
    return max(histogram)


@dataclass
class ResponseFigures:
    """One recipient's (or the whole register's) figures."""

    agency_id: int | None
    name: str
    open: int = 0
    overdue: int = 0
    answered: int = 0
    on_time: int = 0
    median: int | None = None
    p90: int | None = None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def on_time_percent(self) -> str:
        share = self.on_time_share
        return "" if share is None else f"{share * 100:.0f}%"


def _figures(user, filters: dict, today: date, *, by_recipient: bool) -> dict[int | None, ResponseFigures]:
    q = _tally_filter(user, filters)
    group = ("recipient_key",) if by_recipient else ()
    result: dict[int | None, ResponseFigures] = {}

    def row(key):
        if key not in result:
            result[key] = ResponseFigures(agency_id=key, name="")
        return result[key]

    sums = {"open": Sum("n"), "overdue": Sum("n", filter=Q(answer_due__lt=today))}
    opened = RequestOpenTally.objects.order_by().filter(q)
    open_rows = opened.values(*group).annotate(**sums) if group else [opened.aggregate(**sums)]
    for r in open_rows:
        if r["open"] is None:
            continue
        figures = row(r.get("recipient_key"))
        figures.open, figures.overdue = r["open"] or 0, r["overdue"] or 0
    histograms: dict[int | None, dict[int, int]] = {}
    for r in (RequestDaysTally.objects.order_by().filter(q).values(*group, "days", "on_time")
              .annotate(t=Sum("n"))):
        key = r.get("recipient_key")
        figures = row(key)
        figures.answered += r["t"]
        if r["on_time"]:
            figures.on_time += r["t"]
        histogram = histograms.setdefault(key, {})
        histogram[r["days"]] = histogram.get(r["days"], 0) + r["t"]
    for key, histogram in histograms.items():
        result[key].median, result[key].p90 = percentile(histogram, 0.5), percentile(histogram, 0.9)
    return result


def register_figures(*, user, filters: dict | None = None, today: date) -> ResponseFigures:
    """The register's totals within the user's part and the filters."""
    return _figures(user, filters or {}, today, by_recipient=False).get(None) or ResponseFigures(None, "")


def response_times(*, user, filters: dict | None = None, today: date) -> list[ResponseFigures]:
    """Each recipient's open, overdue and answered requests, median and 90th-percentile working days to
    answer and share answered within the limit, by name."""
    rows = _figures(user, filters or {}, today, by_recipient=True)
    names = dict(Agency.objects.filter(pk__in=[k for k in rows if k]).values_list("pk", "name"))
    for key, figures in rows.items():
        figures.name = names.get(key, "")
    return sorted(rows.values(), key=lambda f: f.name)
