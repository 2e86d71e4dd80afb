"""Reads for the campaign scorecard, its charts and its map.

The live figures come from the owning apps' summaries (see `measures`); the trends from
`CampaignSnapshot`, one row per province per day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from types import SimpleNamespace
from typing import NamedTuple

from django.db.models import F, Sum
from django.db.models.functions import Greatest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from thongsuot.accounts.models import Agency, Level
from thongsuot.accounts.permissions import Scope, scope_of
from thongsuot.campaign.measures import MEASURES, MET, NO_DATA, Measure, Place, status_of
from thongsuot.campaign.models import CampaignSnapshot
from thongsuot.campaign.permissions import may_see_campaign, may_see_place
from thongsuot.core.calendar import working_days_between
from thongsuot.core.vocabulary import Domain, StaffField
from thongsuot.directives import selectors as directives
from thongsuot.geo.models import Commune, Province
from thongsuot.obstacles import selectors as obstacles
from thongsuot.staffing import selectors as staffing


def national_reader():
    """A reader with the national level's view, for the snapshot command (no one is signed in):
    the apps' scoped selectors then count every province, as they do for the steering committee."""
    agency = Agency.objects.filter(level=Level.CENTRAL).order_by("pk").first()
    if agency is None:
        return None
    return SimpleNamespace(pk=None, is_authenticated=True, _thongsuot_scope=Scope(agency=agency, role="viewer"))


# ------------------------------------------------------------------------------------------ places

def access_place(user, province_code: str = "", commune_code: str = "") -> Place:
    """The place a scorecard page shows; missing and forbidden answer the same 404."""
    province = commune = None
    if commune_code:
        # One read for both: the commune with its province, within the province of the address.
        commune = Commune.objects.filter(code=commune_code, province__code=province_code).select_related(
            "province").first()
        if commune is None:
            raise Http404
        province = commune.province
    elif province_code:
        province = Province.objects.filter(code=province_code).first()
        if province is None:
            raise Http404
    if not may_see_place(user, province_id=province.pk if province else None,
                         commune_id=commune.pk if commune else None):
        raise Http404
    return Place(province=province, commune=commune)


def home_place(user) -> Place | None:
    """The place a user's scorecard opens on: the nation, their province or their commune."""
    scope = scope_of(user)
    if scope is None:
        return None
    if scope.is_commune:
        return Place(province=scope.agency.province, commune=scope.agency.commune)
    if scope.is_province:
        return Place(province=scope.agency.province)
    return Place()


def province_of(code: str) -> Province | None:
    return Province.objects.filter(code=code).first()


def province_choices():
    return Province.objects.order_by("code").only("code", "name")


def place_url(name: str, place: Place, **params) -> str:
    if place.commune is not None:
        url = reverse(f"campaign:{name}_commune", args=[place.province.code, place.commune.code])
    elif place.province is not None:
        url = reverse(f"campaign:{name}_province", args=[place.province.code])
    else:
        url = reverse(f"campaign:{name}")
    query = "&".join(f"{k}={v}" for k, v in params.items() if v)
    return f"{url}?{query}" if query else url


class Unit(NamedTuple):
    """A row of a table: a province or a commune (plain values: a province's table has ~130)."""

    pk: int
    code: str
    name: str


def row_units(place: Place) -> list:
    """The rows of the place's scorecard, by code: the provinces, a province's communes, or the commune."""
    if place.commune is not None:
        return [Unit(place.commune.pk, place.commune.code, place.commune.name)]
    if place.province is not None:
        rows = Commune.objects.filter(province=place.province)
    else:
        rows = Province.objects.all()
    return [Unit(*row) for row in rows.order_by("code").values_list("id", "code", "name")]


# ------------------------------------------------------------------------------------------ directive

@dataclass
class Campaign:
    directive: object
    deadline: date
    today: date
    #: The directives the page offers to follow instead (newest first, at most `CHOICES`).
    choices: list = field(default_factory=list)

    @cached_property
    def working_days_left(self) -> int:
        return max(working_days_between(self.today, self.deadline), 0)

    @property
    def is_over(self) -> bool:
        return self.deadline < self.today


#: How many directives the scorecard's "follow" list offers.
CHOICES = 20


def campaign_for(user, pk: int | None = None) -> Campaign | None:
    """The directive the scorecard follows: the one asked for, else the newest issued national one with
    tasks not withdrawn; its deadline is those tasks' latest. With it, the newest `CHOICES` issued
    national directives to choose from — all of it one read (each directive's deadline a subquery)."""
    issued = directives.with_active_deadline(
        directives.directive_list(user=user, status="issued").filter(province__isnull=True)
        .select_related(None).only("pk", "number", "title", "issued_on")).order_by("-issued_on", "-id")
    choices = list(issued[:CHOICES])
    if pk is not None:
        directive = next((d for d in choices if d.pk == pk), None) or issued.filter(pk=pk).first()
        if directive is None:
            raise Http404
    else:
        # Newest first, so the first with a deadline is the one followed; past the list, one more read.
        directive = next((d for d in choices if d.active_deadline is not None), None)
        if directive is None and len(choices) == CHOICES:
            directive = issued.filter(active_deadline__isnull=False).first()
    if directive is None or directive.active_deadline is None:
        return None
    return Campaign(directive=directive, deadline=directive.active_deadline, today=timezone.localdate(),
                    choices=choices)


# ------------------------------------------------------------------------------------------ the scorecard

@dataclass
class Cell:
    measure: Measure
    value: object
    status: str
    place: Place

    @property
    def link(self) -> str:
        """The list page behind the figure (built when a page shows it: most cells of a table are 0)."""
        return self.measure.link(self.place)


@dataclass
class Row:
    unit: object
    url: str
    cells: list = field(default_factory=list)

    @property
    def met(self) -> int:
        return sum(1 for c in self.cells if c.status == MET)

    @property
    def with_data(self) -> int:
        return sum(1 for c in self.cells if c.status != NO_DATA)


@dataclass
class Scorecard:
    campaign: Campaign
    place: Place
    as_of: object
    totals: list
    rows: list
    shortage_by_field: list

    @property
    def met(self) -> int:
        return sum(1 for c in self.totals if c.status == MET)

    @property
    def with_data(self) -> int:
        return sum(1 for c in self.totals if c.status != NO_DATA)


def _value(measure: Measure, pair) -> object:
    if pair is None:
        return 0 if measure.absent_is_zero else None
    number, denominator = pair
    if measure.rule == "rate":
        return round(100 * number / denominator, 1) if denominator else None
    return number


def _total(measure: Measure, values: dict):
    if not values:
        return 0 if measure.absent_is_zero else None
    number = sum(n for n, _d in values.values())
    if measure.rule == "rate":
        denominator = sum(d for _n, d in values.values())
        return round(100 * number / denominator, 1) if denominator else None
    return number


def _read(user, measure: Measure, place: Place, campaign: Campaign) -> dict:
    if measure.key == "on_time":
        return measure.read(user, place, start=campaign.directive.issued_on)
    return measure.read(user, place)


def _shortage_grid(user, place: Place) -> tuple[dict, list[tuple[str, int]]]:
    """The shortage by row and by field from two grouped reads of the quotas: ({row id: (n, None)}, [(field, n)])."""
    # Each quota's shortage is counted alone before summing, so grouping by row and by field apart gives
    # the same sums as grouping by both. The nation: the staffing app's `ShortageTally` (~550 rows, not
    # ~36,000 quotas; decisions record 49); a province: two reads of its ~1,400 quotas (~130 and ~16 rows
    # back) cost less than bringing back ~2,000 (commune, field) rows.
    quotas = place.narrow(staffing.quota_list(user=user)).order_by()
    shortage = Sum(Greatest(F("gap"), 0))
    if place.province is None:
        # The nation: the staffing app's tally by province and field (~550 rows, kept with the quotas).
        by_row, by_field = {}, {}
        for key, staff_field, n in staffing.shortage_by_province(user=user).values_list(
                "province_id", "field", "shortage"):
            by_row[key] = by_row.get(key, 0) + (n or 0)
            by_field[staff_field] = by_field.get(staff_field, 0) + (n or 0)
        by_row = {key: (n, None) for key, n in by_row.items()}
    else:
        by_row = {key: (n or 0, None) for key, n in quotas.values_list(place.group).annotate(n=shortage)}
        by_field = dict(quotas.values_list("field").annotate(n=shortage))
    return by_row, [(label, by_field[value]) for value, label in StaffField.choices if by_field.get(value)]


def measure_rows(*, user, campaign: Campaign, place: Place, measure: Measure) -> list[tuple]:
    """One measure for each row of the place: [(unit, value)] (the charts and the map's table)."""
    values = _read(user, measure, place, campaign)
    return [(unit, _value(measure, values.get(unit.pk))) for unit in row_units(place)]


def scorecard(*, user, campaign: Campaign, place: Place, with_rows: bool = True,
              units: list | None = None) -> Scorecard:
    """Every measure for the place and (`with_rows`) for each of its rows (provinces, communes or the
    commune itself) — or only for `units`, one page of `row_units(place)`. The totals are always the
    whole place's."""
    as_of = timezone.localtime()
    if units is None:
        units = row_units(place) if with_rows else []
    shortage, by_field = _shortage_grid(user, place)
    totals, columns = [], []
    for measure in MEASURES:
        values = shortage if measure.key == "shortage" else _read(user, measure, place, campaign)
        columns.append((measure, values))
        total = _total(measure, values)
        totals.append(Cell(measure, total, status_of(measure, total), place))
    rows = []
    # A row's address is its place's code under this page's (the URL conf nests them): one reverse,
    # not one per row.
    base = reverse("campaign:scorecard") if place.province is None \
        else reverse("campaign:scorecard_province", args=[place.province.code])
    for unit in units:
        row_place = Place(province=unit) if place.province is None else Place(province=place.province, commune=unit)
        row = Row(unit=unit, url=f"{base}{unit.code}/")
        for measure, values in columns:
            value = _value(measure, values.get(unit.pk))
            row.cells.append(Cell(measure, value, status_of(measure, value), row_place))
        rows.append(row)
    return Scorecard(campaign=campaign, place=place, as_of=as_of, totals=totals, rows=rows,
                     shortage_by_field=by_field)


def home_summary(*, user) -> dict | None:
    """The home panel: the campaign's deadline, working days left and how many measures are met."""
    if not may_see_campaign(user):
        return None
    campaign = campaign_for(user)
    place = home_place(user)
    if campaign is None or place is None:
        return None
    card = scorecard(user=user, campaign=campaign, place=place, with_rows=False)
    return {"card": card, "url": place_url("scorecard", place)}


# ------------------------------------------------------------------------------------------ trends

TREND_WEEKS = 8


def _snapshot_days(place: Place) -> dict[date, dict[str, int]]:
    rows = CampaignSnapshot.objects.order_by()
    if place.province is not None:
        rows = rows.filter(province=place.province)
    since = timezone.localdate() - timedelta(days=7 * TREND_WEEKS + 7)
    sums = {name: Sum(name) for name in CampaignSnapshot.FIGURES}
    return {r["day"]: r for r in rows.filter(day__gte=since).values("day").annotate(**sums)}


def trends(place: Place) -> dict:
    """Weekly series from the daily snapshots: the last `TREND_WEEKS` weeks ending on the latest day kept.

    Opened and closed cases are the growth of the cumulative totals over each week; overdue cases and
    the shortage are the level on the week's last day; on-time dossiers the week's sum.
    """
    days = _snapshot_days(place)
    if not days:
        return {"weeks": [], "as_of": None}
    last = max(days)
    weeks = []
    for back in range(TREND_WEEKS - 1, -1, -1):
        end = last - timedelta(days=7 * back)
        start = end - timedelta(days=6)
        row, before = days.get(end), days.get(start - timedelta(days=1))
        if row is None:
            continue
        week_days = [days[d] for d in days if start <= d <= end]
        weeks.append({
            "start": start, "end": end,
            "opened": row["cases_total"] - before["cases_total"] if before else None,
            "closed": row["cases_done"] - before["cases_done"] if before else None,
            "overdue": row["cases_overdue"], "open": row["cases_open"], "shortage": row["shortage"],
            "dossiers_done": sum(d["dossiers_done"] for d in week_days),
            "dossiers_on_time": sum(d["dossiers_on_time"] for d in week_days),
        })
    return {"weeks": weeks, "as_of": last}


def by_domain(*, user, place: Place) -> list[tuple[str, int]]:
    found = obstacles.open_by_domain(user=user, province_id=place.province.pk if place.province else None,
                                     commune_id=place.commune.pk if place.commune else None)
    return [(label, found.get(value) or 0) for value, label in Domain.choices]


# ------------------------------------------------------------------------------------------ the map

def map_points(*, user, place: Place, measure: Measure, campaign: Campaign) -> list[tuple]:
    """(commune, value) for every commune of the place with coordinates, the value read per commune."""
    communes = Commune.objects.filter(latitude__isnull=False, longitude__isnull=False).order_by("code")
    if place.province is not None:
        communes = communes.filter(province=place.province)
    per_commune = Place(province=place.province) if place.province is not None else _NATION_BY_COMMUNE
    values = measure.read(user, per_commune, start=campaign.directive.issued_on) if measure.key == "on_time" \
        else measure.read(user, per_commune)
    points = []
    for pk, code, name, lat, lon in communes.values_list("pk", "code", "name", "latitude", "longitude"):
        points.append((code, name, lat, lon, _value(measure, values.get(pk))))
    return points


class _NationByCommune(Place):
    """The whole nation, one row per commune (the national map)."""

    @property
    def group(self) -> str:
        return "commune_id"

    @property
    def level(self) -> str:
        return "nation_by_commune"


_NATION_BY_COMMUNE = _NationByCommune()


def snapshot_totals(day: date) -> dict[int, dict[str, int]]:
    """The snapshot rows of a day by province (for tests and the command's report)."""
    return {r.province_id: {f: getattr(r, f) for f in CampaignSnapshot.FIGURES}
            for r in CampaignSnapshot.objects.filter(day=day)}
