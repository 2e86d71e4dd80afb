"""Reads for procedures and dossiers, scoped through the permission module."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import psycopg
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thongsuot.accounts.permissions import get_visible_or_404, scope_filter, scope_of, visible_provinces
from thongsuot.core.text import filter_folded, fold
from thongsuot.geo.models import Commune, Province
from thongsuot.procedures.models import (
    Dossier,
    DossierDailyStat,
    DossierEvent,
    DossierProvinceDailyStat,
    Procedure,
    SimplificationProposal,
    Status,
)
from thongsuot.procedures.permissions import may_receive_dossier

DONE = ("done_early", "done_on_time", "done_late")


def procedure_list(*, query: str = "", sector: str = "", online_level: str = "",
                   include_inactive: bool = False) -> QuerySet[Procedure]:
    """Return the national catalogue (every signed-in user may read it), filtered."""
    procedures = Procedure.objects.all()
    if not include_inactive:
        procedures = procedures.filter(is_active=True)
    if sector:
        procedures = procedures.filter(sector=sector)
    if online_level:
        procedures = procedures.filter(online_level=online_level)
    if query:
        procedures = filter_folded(procedures, query)
    return procedures


def access_procedure(user, code: str) -> Procedure:
    """Return the catalogue entry with this code (every signed-in user reads the catalogue), or 404."""
    return get_visible_or_404(Procedure.objects.all(), code=code)


def access_proposal(user, pk) -> SimplificationProposal:
    """Return the simplification proposal (they are public to every officer, like the catalogue), or 404."""
    return get_visible_or_404(SimplificationProposal.objects.select_related("procedure"), pk=pk)


def proposal_list(*, procedure: Procedure | None = None, state: str = "") -> QuerySet[SimplificationProposal]:
    proposals = SimplificationProposal.objects.select_related("procedure", "proposed_by")
    if procedure is not None:
        proposals = proposals.filter(procedure=procedure)
    if state:
        proposals = proposals.filter(state=state)
    return proposals


def dossier_list(*, user, filters: dict | None = None) -> QuerySet[Dossier]:
    """Return the dossiers `user` may see (commune: its own; province: its communes'; ministries: none)."""
    dossiers = scope_filter(user, Dossier.objects.select_related("procedure", "commune", "province"))
    filters = filters or {}
    if filters.get("status"):
        dossiers = dossiers.filter(status=filters["status"])
    if filters.get("channel"):
        dossiers = dossiers.filter(channel=filters["channel"])
    if filters.get("procedure"):
        dossiers = dossiers.filter(procedure__code=filters["procedure"])
    if filters.get("commune"):
        dossiers = dossiers.filter(commune__code=filters["commune"])
    if filters.get("outcome"):
        dossiers = dossiers.filter(outcome=filters["outcome"])
    if filters.get("received_from"):
        dossiers = dossiers.filter(received_on__gte=filters["received_from"])
    if filters.get("received_to"):
        dossiers = dossiers.filter(received_on__lte=filters["received_to"])
    if filters.get("overdue"):
        # Waiting for a supplement stops the clock: such a dossier is not overdue while it waits.
        dossiers = dossiers.filter(status__in=[2, 4, 6], due_date__lt=timezone.localdate())
    if filters.get("q"):
        query = filters["q"].strip()
        dossiers = dossiers.filter(code__icontains=query.upper()) if any(c.isdigit() for c in query) \
            else dossiers.filter(procedure__search_key__contains=fold(query))
    return dossiers


def access_dossier(user, code: str, *, with_events: bool = False) -> Dossier:
    """Return the dossier with this code if `user` may see it; 404 for a missing one and a forbidden one alike."""
    dossiers = dossier_list(user=user).select_related("agency")
    if with_events:
        dossiers = dossiers.prefetch_related("events__actor")
    return get_visible_or_404(dossiers, code=code)


_NAMES_TTL = 300
# "at" is None until the first read: time.monotonic() counts from boot, so on a machine up for less
# than the TTL a zero start would never look stale.
_names_cache: dict = {"at": None}


def _unit_names() -> dict:
    """Names of procedures, communes and provinces by id, kept per process for five minutes.

    They change rarely; reading them here keeps the public lookup a single-table query.
    """
    if _names_cache["at"] is None or time.monotonic() - _names_cache["at"] > _NAMES_TTL:
        _names_cache.update({
            "procedure": dict(Procedure.objects.values_list("id", "name")),
            "commune": dict(Commune.objects.values_list("id", "name")),
            "province": dict(Province.objects.values_list("id", "name")),
            "at": time.monotonic()})
    return _names_cache


def _public_lookup_sql() -> str:
    qn = connection.ops.quote_name
    return (f"SELECT d.id, d.code, d.status, d.received_on, d.due_date, d.extended_due_date, d.finished_on, "
            f"d.returned_on, d.procedure_id, d.commune_id, d.province_id, e.kind, e.at, e.new_appointment "
            f"FROM {qn(Dossier._meta.db_table)} d LEFT JOIN {qn(DossierEvent._meta.db_table)} e "
            f"ON e.dossier_id = d.id WHERE d.code = %s ORDER BY e.at, e.id")


def _may_retry() -> bool:
    # Inside a transaction the failed statement cannot be asked again on a new connection.
    return not connection.in_atomic_block


def _fetch_lookup(code: str) -> list[tuple]:
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_public_lookup_sql(), [code])
            return cursor.fetchall()
    # PostgreSQL: a prepared statement on the persistent connection, so PostgreSQL parses and
    # plans it once per connection, not per lookup (planning the join costs more than running
    # it). Django's cursors bind parameters client-side — the code would be written into the SQL
    # text, which cannot be prepared (psycopg silently ignores `prepare` on them) — so this one
    # cursor binds server-side. And one round trip: instead of a health check before every
    # lookup, a connection found dead is replaced and the (read-only) query asked again once.
    for attempt in (1, 2):
        try:
            with connection.wrap_database_errors:
                connection.ensure_connection()
                with psycopg.Cursor(connection.connection) as cursor:
                    cursor.execute(_public_lookup_sql(), [code], prepare=True)
                    return cursor.fetchall()
        except (OperationalError, InterfaceError):
            if attempt == 2 or not _may_retry():
                raise
            connection.close()
    return []


def _as_aware(value: datetime | str | None) -> datetime | None:
    # SQLite hands raw queries naive UTC moments (or text); PostgreSQL aware ones.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def _as_day(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def public_lookup(code: str) -> dict | None:
    """Return what anyone may know about the dossier with exactly this code, or None.

    Status, procedure, place and dates, and the steps (what and when) — never the applicant,
    the staff who acted, their notes or internal ids. The page anyone can load many times a
    second, so it is one indexed query (dossier by its unique code, joined to its steps) written
    in SQL, and names from a per-process table: no ORM query building on this path.
    """
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    rows = _fetch_lookup(code)
    if not rows:
        return None
    (_id, code, status, received_on, due_date, extended_due_date, finished_on, returned_on, procedure_id,
     commune_id, province_id) = rows[0][:11]
    names = _unit_names()
    if procedure_id not in names["procedure"]:
        _names_cache["at"] = None       # a procedure added since: read the names again
        names = _unit_names()
    step_labels, status_labels = _labels()
    steps = [{"kind": kind, "label": step_labels.get(kind, kind), "at": _as_aware(at), "new_appointment": _as_day(moved)}
             for *_dossier, kind, at, moved in rows if kind is not None]
    return {"code": code, "procedure": names["procedure"].get(procedure_id, ""),
            "commune": names["commune"].get(commune_id, ""), "province": names["province"].get(province_id, ""),
            "status": status, "status_label": status_labels[status], "received_on": _as_day(received_on),
            "appointment_date": _as_day(extended_due_date or due_date), "finished_on": _as_day(finished_on),
            "returned_on": _as_day(returned_on), "steps": steps}


_labels_by_language: dict[str, tuple[dict[str, str], dict[int, str]]] = {}


def _labels() -> tuple[dict[str, str], dict[int, str]]:
    """The steps' and statuses' names in the active language (translated once per process)."""
    language = get_language() or ""
    labels = _labels_by_language.get(language)
    if labels is None:
        labels = _labels_by_language[language] = (
            {kind: str(label) for kind, label in DossierEvent.Kind.choices},
            {value: str(label) for value, label in Status.choices})
    return labels


@dataclass
class Figures:
    """Dossier figures for a territory and a period, in the terms of Decision 766/QĐ-TTg."""

    label: str = ""
    received: int = 0
    received_online: int = 0
    carried_over: int = 0
    done_early: int = 0
    done_on_time: int = 0
    done_late: int = 0
    withdrawn: int = 0
    refused: int = 0
    returned: int = 0
    open_now: int = 0
    open_paused_now: int = 0
    open_late_now: int = 0
    key: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.done_early + self.done_on_time + self.done_late

    @property
    def to_process(self) -> int:
        return self.carried_over + self.received

    @property
    def open_on_schedule_now(self) -> int:
        return self.open_now - self.open_late_now - self.open_paused_now

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * (self.done_early + self.done_on_time) / self.done, 1) if self.done else None

    @property
    def online_rate(self) -> float | None:
        return round(100 * self.received_online / self.received, 1) if self.received else None

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "received": self.received,
                "received_online": self.received_online, "carried_over": self.carried_over,
                "to_process": self.to_process, "done_early": self.done_early, "done_on_time": self.done_on_time,
                "done_late": self.done_late, "done": self.done, "withdrawn": self.withdrawn,
                "refused": self.refused, "returned": self.returned, "open_now": self.open_now,
                "open_late_now": self.open_late_now, "open_paused_now": self.open_paused_now,
                "open_on_schedule_now": self.open_on_schedule_now,
                "on_time_rate": self.on_time_rate, "online_rate": self.online_rate}


def _stats(user, *, per_province: bool) -> QuerySet:
    # Ministries read national figures (never dossiers): an empty Q lets every row through.
    if per_province:
        return scope_filter(user, DossierProvinceDailyStat.objects.all(), commune_field=None, ministry_q=Q())
    return scope_filter(user, DossierDailyStat.objects.all(), ministry_q=Q())


_PERIOD_SUMS = ("received", "received_online", "done_early", "done_on_time", "done_late", "withdrawn", "refused",
                "returned")


def figures(*, user, start: date, end: date, group_by: str | None = None, province: Province | None = None,
            commune: Commune | None = None) -> tuple[Figures, list[Figures]]:
    """Return the totals and, when `group_by` is "province" or "commune", one row per unit.

    Counts for the period come from the daily summary; "carried over" is what was received
    before the period and not finished before it; "open now" and "late now" are today's.
    """
    scope = scope_of(user)
    # Totals and per-province rows come from the province table (a few thousand rows for the
    # nation); per-commune rows and a commune's own figures from the commune table.
    per_province = commune is None and group_by != "commune" and scope is not None and not scope.is_commune
    return _figures_of(_stats(user, per_province=per_province), start=start, end=end, group_by=group_by,
                       province=province, commune=commune)


#: How long the public figures page keeps a computed table (seconds): the summary tables change with
#: every dossier, but the public reads period totals, where ten minutes late is still true enough.
PUBLIC_FIGURES_TTL = 600


def public_figures(*, start: date, end: date, province: Province | None = None) -> tuple[Figures, list[Figures]]:
    """The Decision 766 figures anyone may read: the nation by province, or a province by commune.

    Counts only, from the daily summary tables (no dossier, no applicant); kept in the cache for
    `PUBLIC_FIGURES_TTL`, so a busy public page costs one summary query per table per ten minutes.
    """
    key = f"procedures:public-figures:{get_language()}:{province.pk if province else 'vn'}:{start}:{end}"
    cached = cache.get(key)
    if cached is None:
        stats = (DossierDailyStat.objects.all() if province is not None
                 else DossierProvinceDailyStat.objects.all())
        cached = _figures_of(stats, start=start, end=end, group_by="commune" if province else "province",
                             province=province)
        cache.set(key, cached, PUBLIC_FIGURES_TTL)
    return cached


def _figures_of(stats: QuerySet, *, start: date, end: date, group_by: str | None, province: Province | None,
                commune: Commune | None = None) -> tuple[Figures, list[Figures]]:
    if province is not None:
        stats = stats.filter(province=province)
    if commune is not None:
        stats = stats.filter(commune=commune)
    keys = {"province": ["province_id"], "commune": ["commune_id"]}.get(group_by or "", [])
    today = timezone.localdate()
    period = stats.filter(day__gte=start, day__lte=end)
    before = stats.filter(day__lt=start)
    period_sums = {name: Sum(name) for name in _PERIOD_SUMS}
    before_sums = {"b_received": Sum("received"), "b_done_early": Sum("done_early"),
                   "b_done_on_time": Sum("done_on_time"), "b_done_late": Sum("done_late"),
                   "b_withdrawn": Sum("withdrawn")}
    open_sums = {"o_due": Sum("open_due"), "o_paused": Sum("open_paused"),
                 "open_late_now": Sum("open_due", filter=Q(day__lt=today))}

    def collect(queryset, sums) -> dict:
        if keys:
            return {row[keys[0]]: row for row in queryset.order_by().values(*keys).annotate(**sums)}
        return {None: queryset.aggregate(**sums)}

    rows: dict = {}
    for part, sums in ((period, period_sums), (before, before_sums), (stats, open_sums)):
        for key, values in collect(part, sums).items():
            rows.setdefault(key, {}).update({k: v or 0 for k, v in values.items() if k not in keys})
    result = []
    total = Figures(label=_("Tổng cộng"))
    for key, values in rows.items():
        item = Figures(key=str(key) if key is not None else "")
        for name in _PERIOD_SUMS + ("open_late_now",):
            setattr(item, name, values.get(name, 0))
        item.open_now = values.get("o_due", 0) + values.get("o_paused", 0)
        item.open_paused_now = values.get("o_paused", 0)
        item.carried_over = values.get("b_received", 0) - sum(values.get(f"b_{n}", 0) for n in
                                                               ("done_early", "done_on_time", "done_late",
                                                                "withdrawn"))
        for name in _PERIOD_SUMS + ("open_now", "open_paused_now", "open_late_now", "carried_over"):
            setattr(total, name, getattr(total, name) + getattr(item, name))
        result.append(item)
    if keys:
        model = Province if group_by == "province" else Commune
        names = dict(model.objects.filter(pk__in=[k for k in rows if k is not None]).values_list("pk", "name"))
        codes = dict(model.objects.filter(pk__in=[k for k in rows if k is not None]).values_list("pk", "code"))
        for item in result:
            item.label = names.get(int(item.key), "")
            item.extra["code"] = codes.get(int(item.key), "")
        result.sort(key=lambda f: f.label)
    return total, result if keys else []


def figures_province(user, code: str) -> Province | None:
    """The province a figures request narrows to: None when none is asked, 404 when it is not the user's."""
    if not code:
        return None
    province = visible_provinces(user).filter(code=code[:2]).first()
    if province is None:
        raise Http404
    return province


def figures_grouping(user, province: Province | None) -> str | None:
    """How the figures page breaks its totals down: a commune sees its own, a province (or a province
    picked from the nation) its communes, the nation and the ministries the provinces."""
    scope = scope_of(user)
    if scope and scope.is_commune:
        return None
    if scope and scope.is_province or province is not None:
        return "commune"
    return "province"


def home_figures(*, user) -> dict:
    """This month's figures for the user's territory, for the home page panel."""
    today = timezone.localdate()
    total, _rows = figures(user=user, start=today.replace(day=1), end=today)
    return {"figures": total, "start": today.replace(day=1), "end": today,
            "can_intake": may_receive_dossier(user)}


def on_time_counts(*, user, start: date, end: date, group_by: str, province: Province | None = None,
                   commune: Commune | None = None) -> dict[int, tuple[int, int]]:
    """{unit id: (finished early or on time, finished)} over the period, per province or commune, in one
    grouped read of the daily summary (the campaign scorecard's on-time rate)."""
    per_province = group_by == "province_id"
    stats = _stats(user, per_province=per_province)
    if province is not None:
        stats = stats.filter(province=province)
    if commune is not None:
        stats = stats.filter(commune=commune)
    rows = (stats.filter(day__gte=start, day__lte=end).order_by().values(group_by)
            .annotate(good=Sum("done_early") + Sum("done_on_time"),
                      done=Sum("done_early") + Sum("done_on_time") + Sum("done_late")))
    return {r[group_by]: (r["good"] or 0, r["done"]) for r in rows if r["done"]}
