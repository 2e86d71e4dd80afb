"""Reads for regimes and reports, scoped: a commune sees its own reports, a province its own and its
communes' sent reports, the national level every sent report. Drafts are seen by their agency only.
Completeness and timeliness are counted from the records (sent reports, their send time against the
deadline), never from a box someone ticked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from thongsuot.accounts.models import Agency, Level
from thongsuot.accounts.permissions import get_visible_or_404, scope_filter, scope_of
from thongsuot.geo.models import Commune, Province
from thongsuot.reports import figures as catalogue
from thongsuot.reports.models import Report, ReportingRegime, ReportLevel, ReportState
from thongsuot.reports.periods import Period, last_closed_period, period_starting, periods_until


def regime_list(*, user) -> QuerySet[ReportingRegime]:
    """Every signed-in member of an agency sees the regimes (they are the national catalogue)."""
    if scope_of(user) is None:
        return ReportingRegime.objects.none()
    return ReportingRegime.objects.select_related("recipient")


def access_regime(user, pk) -> ReportingRegime:
    return get_visible_or_404(regime_list(user=user), pk=pk)


def visible_reports(user) -> QuerySet[Report]:
    scope = scope_of(user)
    if scope is None:
        return Report.objects.none()
    scoped = scope_filter(user, Report.objects.all())
    return scoped.filter(Q(state=ReportState.SENT) | Q(agency_id=scope.agency.pk)).select_related(
        "regime", "agency", "province", "commune")


def access_report(user, pk) -> Report:
    """A report the user may see, or 404 (missing and out of scope alike)."""
    return get_visible_or_404(visible_reports(user), pk=pk)


def report_list(*, user, regime: ReportingRegime | None = None, period_start: date | None = None,
                level: str = "", state: str = "", province: Province | None = None) -> QuerySet[Report]:
    reports = visible_reports(user)
    if regime is not None:
        reports = reports.filter(regime=regime)
    if period_start is not None:
        reports = reports.filter(period_start=period_start)
    if level in ReportLevel.values:
        reports = reports.filter(level=level)
    if state in ReportState.values:
        reports = reports.filter(state=state)
    if province is not None:
        reports = reports.filter(province=province)
    return reports.order_by("-period_end", "level", "province__code", "commune__code")


def own_report(*, user, regime: ReportingRegime, period: Period) -> Report | None:
    scope = scope_of(user)
    if scope is None:
        return None
    return Report.objects.filter(regime=regime, period_start=period.start, agency_id=scope.agency.pk).first()


def regime_periods(regime: ReportingRegime, *, limit: int = 12) -> list[Period]:
    return periods_until(regime, timezone.localdate(), limit=limit)


def regime_period(regime: ReportingRegime, start: date | None) -> Period | None:
    """The period starting on `start`, or the last closed one (the current one before any has closed)."""
    today = timezone.localdate()
    if start is not None:
        period = period_starting(regime, start)
        return period if period is not None and period.start <= today else None
    return last_closed_period(regime, today) or next(iter(periods_until(regime, today)), None)


def sent_commune_reports(*, regime: ReportingRegime, period: Period, province_id: int) -> QuerySet[Report]:
    """What a province consolidates: its communes' sent reports of the period (no user: the province
    drafting its own report reads what was sent to it)."""
    return Report.objects.filter(regime=regime, period_start=period.start, level=ReportLevel.COMMUNE,
                                 province_id=province_id, state=ReportState.SENT)


def province_agency(province_id: int) -> Agency | None:
    return Agency.objects.filter(level=Level.PROVINCE, province_id=province_id).first()


# ---------------------------------------------------------------- completeness and timeliness

@dataclass
class Completeness:
    """Reports received against those expected, and how many of them came by the deadline."""

    label: str = ""
    code: str = ""
    expected: int = 0
    received: int = 0
    on_time: int = 0
    drafts: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return max(self.expected - self.received, 0)

    @property
    def received_rate(self) -> float | None:
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None

    def as_dict(self) -> dict:
        return {"label": self.label, "code": self.code, "expected": self.expected, "received": self.received,
                "on_time": self.on_time, "late": self.late, "missing": self.missing,
                "received_rate": self.received_rate, "on_time_rate": self.on_time_rate, **self.extra}


_ON_TIME = Q(submitted_at__date__lte=F("deadline"))


def completeness_by_province(*, regime: ReportingRegime, period: Period) -> tuple[Completeness, list[Completeness]]:
    """The national view: per province, its communes' reports and its own (two grouped queries)."""
    reports = Report.objects.filter(regime=regime, period_start=period.start).order_by()
    commune_rows = {row["province_id"]: row for row in reports.filter(level=ReportLevel.COMMUNE).values(
        "province_id").annotate(received=Count("id", filter=Q(state=ReportState.SENT)),
                                on_time=Count("id", filter=Q(state=ReportState.SENT) & _ON_TIME),
                                drafts=Count("id", filter=Q(state=ReportState.DRAFT)))}
    own = {row["province_id"]: row for row in reports.filter(level=ReportLevel.PROVINCE).values(
        "province_id", "state", "submitted_at", "deadline", "pk")}
    communes = dict(Commune.objects.order_by().values_list("province_id").annotate(n=Count("id")))
    rows, total = [], Completeness(label="Tổng cộng")
    provinces_total = Completeness(label="Cấp tỉnh")
    for province in Province.objects.order_by("code"):
        item = Completeness(label=province.name, code=province.code)
        if regime.communes_report:
            row = commune_rows.get(province.pk, {})
            item.expected = communes.get(province.pk, 0)
            item.received, item.on_time, item.drafts = (row.get("received", 0), row.get("on_time", 0),
                                                         row.get("drafts", 0))
        report = own.get(province.pk)
        sent = report is not None and report["state"] == ReportState.SENT
        province_on_time = sent and timezone.localtime(report["submitted_at"]).date() <= report["deadline"]
        item.extra = {"province_sent": sent, "province_on_time": bool(province_on_time),
                      "province_report": report["pk"] if sent else None}
        if regime.provinces_report:
            provinces_total.expected += 1
            provinces_total.received += int(sent)
            provinces_total.on_time += int(bool(province_on_time))
        for name in ("expected", "received", "on_time", "drafts"):
            setattr(total, name, getattr(total, name) + getattr(item, name))
        rows.append(item)
    total.extra = {"provinces": provinces_total}
    return total, rows


def completeness_by_commune(*, regime: ReportingRegime, period: Period, province: Province
                            ) -> tuple[Completeness, list[dict]]:
    """A province's view: each commune's report (sent on time, late, draft, none)."""
    reports = {r.commune_id: r for r in Report.objects.filter(
        regime=regime, period_start=period.start, level=ReportLevel.COMMUNE, province=province)}
    total = Completeness(label=province.name, code=province.code)
    rows = []
    for commune in Commune.objects.filter(province=province).order_by("code"):
        report = reports.get(commune.pk)
        sent = report is not None and report.state == ReportState.SENT
        total.expected += 1
        total.received += int(sent)
        total.on_time += int(bool(sent and report.on_time))
        total.drafts += int(report is not None and not sent)
        rows.append({"commune": commune, "report": report if sent else None, "draft": report is not None and not sent,
                     "on_time": bool(sent and report.on_time)})
    return total, rows


def national_consolidation(*, regime: ReportingRegime, period: Period) -> dict:
    """The nation's figures: the provinces' sent reports summed, with the provinces that sent none."""
    sent = Report.objects.filter(regime=regime, period_start=period.start, level=ReportLevel.PROVINCE,
                                 state=ReportState.SENT).select_related("province").order_by("province__code")
    rows = [(report.province, report.figures) for report in sent]
    reported = {province.pk for province, _figures in rows}
    return {"total": catalogue.add_up(figures for _province, figures in rows), "rows": rows,
            "missing": list(Province.objects.exclude(pk__in=reported).order_by("code"))}


def home_summary(*, user) -> dict:
    scope = scope_of(user)
    regimes = list(regime_list(user=user).filter(is_active=True)[:3])
    return {"regimes": regimes, "scope": scope}
