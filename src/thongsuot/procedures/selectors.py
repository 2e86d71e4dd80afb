"""Reads for procedures and dossiers, scoped through the permission module.

The Decision 766 figures live in `figures.py`; they are imported here so that pages and other apps
read every procedures figure through `selectors`."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import psycopg
from django.db import InterfaceError, OperationalError, connection, connections
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from thongsuot.accounts.permissions import get_visible_or_404, scope_filter
from thongsuot.core.db import read_alias
from thongsuot.core.listing import filter_given
from thongsuot.core.text import filter_folded, fold
from thongsuot.geo.models import Commune, Province
from thongsuot.procedures.figures import (
    DONE,  # noqa: F401
    PUBLIC_FIGURES_TTL,  # noqa: F401
    Figures,  # noqa: F401
    figures,  # noqa: F401
    figures_grouping,  # noqa: F401
    figures_province,  # noqa: F401
    home_figures,  # noqa: F401
    on_time_counts,  # noqa: F401
    public_figures,  # noqa: F401
)
from thongsuot.procedures.models import (
    Dossier,
    DossierEvent,
    Procedure,
    SimplificationProposal,
    Status,
)
from thongsuot.procedures.partitions import code_month, day_start, made_spans, month_bounds


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


#: The dossier list's plain filters and the lookup each one filters on.
_DOSSIER_FILTERS = {
    "status": "status", "channel": "channel", "procedure": "procedure__code", "commune": "commune__code",
    "outcome": "outcome", "received_from": "received_on__gte", "received_to": "received_on__lte",
}


def dossier_list(*, user, filters: dict | None = None) -> QuerySet[Dossier]:
    """Return the dossiers `user` may see (commune: its own; province: its communes'; ministries: none).

    On PostgreSQL the list is bounded by the months made (`partitions.made_spans`) when every dossier
    lies in them: the same rows, but the DEFAULT partition is pruned and the newest-first page is read
    month by month from the newest, stopping at the page's end (decisions record 48)."""
    dossiers = _dossiers(user=user, filters=filters)
    spans = made_spans()
    if spans:
        within = Q()
        for start, end in spans:
            within |= Q(registered_at__gte=start, registered_at__lt=end)
        dossiers = dossiers.filter(within)
    return dossiers


def _dossiers(*, user, filters: dict | None = None) -> QuerySet[Dossier]:
    dossiers = scope_filter(user, Dossier.objects.select_related("procedure", "commune", "province"))
    filters = filters or {}
    dossiers = filter_given(dossiers, filters, _DOSSIER_FILTERS)
    if filters.get("received_to"):
        # A dossier is received on or after the day it was registered, so the bound on registration
        # says the same and lets PostgreSQL skip the later months' partitions.
        dossiers = dossiers.filter(registered_at__lt=day_start(filters["received_to"] + timedelta(days=1)))
    if filters.get("overdue"):
        # Waiting for a supplement stops the clock: such a dossier is not overdue while it waits.
        dossiers = dossiers.filter(status__in=[2, 4, 6], due_date__lt=timezone.localdate())
    if filters.get("q"):
        query = filters["q"].strip()
        dossiers = dossiers.filter(code__icontains=query.upper()) if any(c.isdigit() for c in query) \
            else dossiers.filter(procedure__search_key__contains=fold(query))
        month = code_month(query)
        if month is not None:      # a whole code: its registration month's partition only
            dossiers = _in_month(dossiers, month)
    return dossiers


def _in_month(dossiers: QuerySet[Dossier], month: date) -> QuerySet[Dossier]:
    start, end = month_bounds(month)
    return dossiers.filter(registered_at__gte=start, registered_at__lt=end)


def access_dossier(user, code: str, *, with_events: bool = False) -> Dossier:
    """Return the dossier with this code if `user` may see it; 404 for a missing one and a forbidden one alike."""
    return get_visible_or_404(dossier_by_code(user, code, with_events=with_events), code=code)


def dossier_by_code(user, code: str, *, with_events: bool = False) -> QuerySet[Dossier]:
    """The rows `access_dossier` reads: bounded to the month the code spells, so that on PostgreSQL
    the dossier (and its steps) are read from that month's partitions alone."""
    dossiers = _dossiers(user=user).select_related("agency").filter(code=code)
    month = code_month(code)
    if month is not None:
        dossiers = _in_month(dossiers, month)
    if with_events:
        dossiers = dossiers.prefetch_related(Prefetch("events", queryset=_events_in(
            DossierEvent.objects.select_related("actor"), month)))
    return dossiers


def dossier_events(dossier: Dossier) -> QuerySet[DossierEvent]:
    """The steps of `dossier`, read from its month's partition."""
    return DossierEvent.objects.filter(dossier=dossier, dossier_registered_at=dossier.registered_at)


def _events_in(events: QuerySet[DossierEvent], month: date | None) -> QuerySet[DossierEvent]:
    if month is None:
        return events
    start, end = month_bounds(month)
    return events.filter(dossier_registered_at__gte=start, dossier_registered_at__lt=end)


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


def _public_lookup_sql(*, month: bool = False) -> str:
    """The lookup's one query; with `month`, bounded to the month the code spells (PostgreSQL's
    partitions: the dossier and its steps are then read from that month's partitions alone)."""
    qn = connection.ops.quote_name
    steps_month = " AND e.dossier_registered_at >= %s AND e.dossier_registered_at < %s" if month else ""
    dossier_month = " AND d.registered_at >= %s AND d.registered_at < %s" if month else ""
    return (f"SELECT d.id, d.code, d.status, d.received_on, d.due_date, d.extended_due_date, d.finished_on, "
            f"d.returned_on, d.procedure_id, d.commune_id, d.province_id, e.kind, e.at, e.new_appointment "
            f"FROM {qn(Dossier._meta.db_table)} d LEFT JOIN {qn(DossierEvent._meta.db_table)} e "
            f"ON e.dossier_id = d.id{steps_month} WHERE d.code = %s{dossier_month} ORDER BY e.at, e.id")


def public_lookup_query(code: str) -> tuple[str, list]:
    """The lookup's SQL and parameters for `code` (the partition test EXPLAINs exactly this)."""
    # The code spells the registration day (services.dossier_code), so the bound never hides the dossier;
    # unpartitioned it is one more condition on an indexed row. SQLite keeps the plain query.
    month = code_month(code) if connection.vendor == "postgresql" else None
    if month is None:
        return _public_lookup_sql(), [code]
    start, end = month_bounds(month)
    return _public_lookup_sql(month=True), [start, end, code, start, end]


def _may_retry() -> bool:
    # Inside a transaction the failed statement cannot be asked again on a new connection. (A
    # replica is only chosen outside the primary's transactions, core/db.py.)
    return not connection.in_atomic_block


def _fetch_lookup(code: str) -> list[tuple]:
    conn = connections[read_alias(Dossier)]  # a replica when one is usable (core/db.py)
    sql, params = public_lookup_query(code)
    if conn.vendor != "postgresql" or conn.settings_dict["OPTIONS"].get("prepare_threshold") is None:
        # SQLite, or prepared statements switched off (a transaction-pooling PgBouncer before 1.21).
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    # PostgreSQL: a prepared statement on the persistent connection, so PostgreSQL parses and
    # plans it once per connection, not per lookup (planning the join costs more than running
    # it). Django's cursors bind parameters client-side — the code would be written into the SQL
    # text, which cannot be prepared (psycopg silently ignores `prepare` on them) — so this one
    # cursor binds server-side. And one round trip: instead of a health check before every
    # lookup, a connection found dead is replaced and the (read-only) query asked again once.
    for attempt in (1, 2):
        try:
            with conn.wrap_database_errors:
                conn.ensure_connection()
                with psycopg.Cursor(conn.connection) as cursor:
                    cursor.execute(sql, params, prepare=True)
                    return cursor.fetchall()
        except (OperationalError, InterfaceError):
            if attempt == 2 or not _may_retry():
                raise
            conn.close()
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
