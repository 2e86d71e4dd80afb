"""Monthly partitions of dossiers and their steps (PostgreSQL only): rows land in their month, the
months are made ahead and moved out of the DEFAULT partition, the conversion keeps every row, and
the hot reads — the dossier list, the lookup by code, the figures — read only the partitions they need
(EXPLAIN of the selectors' own SQL)."""

import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thongsuot.procedures import selectors
from thongsuot.procedures.models import Dossier, DossierEvent
from thongsuot.procedures.partitions import (
    DOSSIERS,
    EVENTS,
    code_month,
    is_partitioned,
    partitions_ensure,
    tables_partition,
)
from thongsuot.procedures.services import dossier_transition

from .conftest import at

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="Bảng hồ sơ chỉ phân vùng trên PostgreSQL.")

PARTITION = re.compile(r"^procedures_dossier(event)?_(y\d{4}m\d{2}|default)$")
OCT, NOV, DEC = "y2025m10", "y2025m11", "y2025m12"


def scanned(sql: str, params=(), *, analyze: bool = False) -> set[str]:
    """The dossier and step partitions a query's plan reads (with `analyze`, those actually read)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    names: set[str] = set()

    def walk(node: dict) -> None:
        name = node.get("Relation Name", "")
        if PARTITION.match(name) and (not analyze or node.get("Actual Loops", 0) > 0):
            names.add(name)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return names


def rows_read(sql: str, params=()) -> dict[str, int]:
    """{partition: rows it gave} from EXPLAIN ANALYZE."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    read: dict[str, int] = {}

    def walk(node: dict) -> None:
        if PARTITION.match(node.get("Relation Name", "")):
            read[node["Relation Name"]] = node.get("Actual Rows", 0) * node.get("Actual Loops", 0)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return read


def queryset_sql(queryset) -> tuple[str, tuple]:
    return queryset.query.get_compiler(connection=connection).as_sql()


def located(model) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text, COUNT(*) FROM {model._meta.db_table} GROUP BY 1")
        return dict(cursor.fetchall())


@pytest.fixture
def three_months(db, intake, persona):
    """Dossiers received in October, November and December 2025 (with their steps), and their months'
    partitions; returns the dossiers by month."""
    partitions_ensure(first=date(2025, 10, 1), months_ahead=0, today=date(2025, 12, 31))
    dossiers = {}
    for month, when in ((OCT, at(2025, 10, 6)), (NOV, at(2025, 11, 3)), (DEC, at(2025, 12, 1))):
        dossier = intake(when=when)
        dossier_transition(actor=persona("demo.xa"), dossier=dossier, kind="process", at=when)
        dossiers[month] = dossier
    return dossiers


def test_the_tables_are_partitioned_by_month(db):
    assert is_partitioned(DOSSIERS) and is_partitioned(EVENTS)


def test_rows_land_in_their_months_partition_with_their_steps(three_months):
    assert located(Dossier) == {f"{DOSSIERS}_{m}": 1 for m in (OCT, NOV, DEC)}
    assert located(DossierEvent) == {f"{EVENTS}_{m}": 3 for m in (OCT, NOV, DEC)}
    assert code_month(three_months[NOV].code) == date(2025, 11, 1)


def test_months_made_later_take_their_rows_out_of_the_default_partition(intake, persona):
    dossier = intake(when=at(2025, 7, 7))          # no July partition yet: the DEFAULT one holds it
    assert located(Dossier) == {f"{DOSSIERS}_default": 1}
    made = partitions_ensure(first=date(2025, 7, 1), months_ahead=0, today=date(2025, 7, 31))
    assert made == [f"{DOSSIERS}_y2025m07", f"{EVENTS}_y2025m07"]
    assert located(Dossier) == {f"{DOSSIERS}_y2025m07": 1}
    assert located(DossierEvent) == {f"{EVENTS}_y2025m07": 2}
    assert partitions_ensure(first=date(2025, 7, 1), months_ahead=0, today=date(2025, 7, 31)) == []
    # The moved dossier still takes steps, and the code stays unique in its month.
    dossier_transition(actor=persona("demo.xa"), dossier=dossier, kind="process")
    assert located(DossierEvent) == {f"{EVENTS}_y2025m07": 3}


def test_the_command_makes_the_next_months_and_is_idempotent(db, capsys):
    call_command("dossier_partitions", months=5)
    call_command("dossier_partitions", months=5, list=True)
    out = capsys.readouterr().out
    assert "(0 phân vùng mới)" in out and f"{DOSSIERS}_default" in out


def test_converting_plain_tables_keeps_every_row_and_key(three_months, persona, intake):
    """What the migration does, on tables made plain again inside the test's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")      # no check left pending on the tables replaced
        for table in (EVENTS, DOSSIERS):
            cursor.execute(f"CREATE TABLE {table}_plain (LIKE {table} INCLUDING ALL)")
            cursor.execute(f"INSERT INTO {table}_plain SELECT * FROM {table}")
        for table in (EVENTS, DOSSIERS):
            cursor.execute(f"DROP TABLE {table} CASCADE")
            cursor.execute(f"ALTER TABLE {table}_plain RENAME TO {table}")
    assert not is_partitioned(DOSSIERS)
    tables_partition()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert is_partitioned(DOSSIERS) and is_partitioned(EVENTS)
    assert located(Dossier) == {f"{DOSSIERS}_{m}": 1 for m in (OCT, NOV, DEC)}
    assert located(DossierEvent) == {f"{EVENTS}_{m}": 3 for m in (OCT, NOV, DEC)}
    # New rows get ids after the moved ones, and the moved ones still take steps.
    dossier_transition(actor=persona("demo.xa"), dossier=three_months[NOV], kind="finish", at=at(2025, 11, 4))
    assert DossierEvent.objects.filter(dossier=three_months[NOV]).count() == 4
    assert intake(when=at(2025, 11, 5)).id > max(d.id for d in three_months.values())


def test_a_step_must_belong_to_an_existing_dossier_of_its_month(three_months):
    from django.db import IntegrityError, transaction

    nov = three_months[NOV]
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierEvent.objects.create(dossier=nov, dossier_registered_at=three_months[OCT].registered_at,
                                    province_id=nov.province_id, commune_id=nov.commune_id, kind="process",
                                    to_status=4, at=nov.registered_at)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


# --- Pruning -----------------------------------------------------------------------------------------------------

def test_the_public_lookup_reads_one_months_partitions(three_months):
    code = three_months[NOV].code
    sql, params = selectors.public_lookup_query(code)
    assert scanned(sql, params) == {f"{DOSSIERS}_{NOV}", f"{EVENTS}_{NOV}"}
    found = selectors.public_lookup(code)
    assert found["code"] == code and [s["kind"] for s in found["steps"]] == ["register", "receive", "process"]


def test_the_officers_lookup_by_code_reads_one_months_partitions(three_months, persona):
    code = three_months[OCT].code
    user = persona("demo.xa")
    assert scanned(*queryset_sql(selectors.dossier_by_code(user, code))) == {f"{DOSSIERS}_{OCT}"}
    events = selectors.dossier_events(three_months[OCT])
    assert scanned(*queryset_sql(events)) == {f"{EVENTS}_{OCT}"}
    dossier = selectors.access_dossier(user, code, with_events=True)
    assert [e.kind for e in dossier.events.all()] == ["register", "receive", "process"]


def test_the_dossier_list_prunes_by_code_and_by_period(three_months, persona):
    user = persona("demo.xa")
    by_code = selectors.dossier_list(user=user, filters={"q": three_months[DEC].code})
    assert scanned(*queryset_sql(by_code)) == {f"{DOSSIERS}_{DEC}"}
    assert list(by_code) == [three_months[DEC]]
    # Received by 30 November: registered by then too, so December and later months are skipped.
    period = selectors.dossier_list(user=user, filters={"received_from": date(2025, 11, 1),
                                                         "received_to": date(2025, 11, 30)})
    plan = scanned(*queryset_sql(period))
    assert f"{DOSSIERS}_{DEC}" not in plan and f"{DOSSIERS}_{NOV}" in plan
    assert not any(name > f"{DOSSIERS}_{NOV}" and "default" not in name for name in plan)
    assert list(period) == [three_months[NOV]]


def test_the_newest_first_list_page_reads_the_newest_month_alone(three_months, persona, intake):
    """The list's first page, newest first: bounded by the months made (the DEFAULT partition is
    empty), the plan leaves DEFAULT out, and PostgreSQL walks the months in order from the newest,
    stopping when the page is full — the older months are never read. The planner picks this plan by
    itself on large tables; with the test's few rows it would rather sort them all, so sorting is
    turned off here to see it."""
    user = persona("demo.xa")
    for day in (2, 3, 4):
        intake(when=at(2025, 12, day))
    listed = selectors.dossier_list(user=user)
    assert f"{DOSSIERS}_default" not in scanned(*queryset_sql(listed))
    page = listed[:3]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
    read = scanned(*queryset_sql(page), analyze=True)      # months ahead, made empty, are probed first
    assert f"{DOSSIERS}_{DEC}" in read and not read & {f"{DOSSIERS}_{OCT}", f"{DOSSIERS}_{NOV}"}
    assert [d.registered_at.day for d in page] == [4, 3, 2]
    # What the user sees is unchanged: every dossier, newest first.
    assert list(listed) == list(Dossier.objects.order_by("-registered_at", "-id"))
    # The province's list too (its own (province, registered_at) index).
    province_page = selectors.dossier_list(user=persona("demo.tinh"))[:3]
    assert f"{DOSSIERS}_default" not in scanned(*queryset_sql(province_page))
    read = scanned(*queryset_sql(province_page), analyze=True)
    assert f"{DOSSIERS}_{DEC}" in read and not read & {f"{DOSSIERS}_{OCT}", f"{DOSSIERS}_{NOV}"}


def test_a_dossier_in_the_default_partition_is_still_listed(three_months, persona, intake):
    """A month not made in time: its dossier waits in DEFAULT, and the list reads DEFAULT again
    (unbounded) rather than hide it."""
    user = persona("demo.xa")
    stray = intake(when=at(2025, 7, 7))
    assert located(Dossier)[f"{DOSSIERS}_default"] == 1
    listed = selectors.dossier_list(user=user)
    assert f"{DOSSIERS}_default" in scanned(*queryset_sql(listed))
    assert stray in list(listed) and len(list(listed)) == 4


def test_the_figures_read_no_dossier_partition(three_months, persona):
    """The figures come from the summary tables: not one dossier or step partition in their plans."""
    queries = []
    for user in ("demo.xa", "demo.tinh"):
        with CaptureQueriesContext(connection) as captured:
            selectors.figures(user=persona(user), start=date(2025, 11, 1), end=date(2025, 11, 30),
                              group_by="commune")
            selectors.home_figures(user=persona(user))
        queries += [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert any("dossierdailystat" in q or "dossierprovincedailystat" in q for q in queries)
    for sql in queries:
        assert scanned(sql) == set(), sql


def test_a_bulk_load_gives_the_partitions_their_indexes_back(three_months):
    """`core.bulkload.deferred_constraints` (the national seed) drops and rebuilds the partitioned
    indexes and the steps' key: every partition has them again afterwards."""
    from django.db import transaction

    from thongsuot.core.bulkload import deferred_constraints

    def indexes(partition: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM pg_index WHERE indrelid = %s::regclass", [partition])
            return cursor.fetchone()[0]

    def event_keys() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = %s::regclass",
                           [f"{EVENTS}_{NOV}"])
            return cursor.fetchone()[0]

    before = indexes(f"{DOSSIERS}_{NOV}"), indexes(f"{EVENTS}_{NOV}"), event_keys()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")      # a seed starts with no check pending
    with transaction.atomic(), deferred_constraints(Dossier, DossierEvent):
        assert indexes(f"{DOSSIERS}_{NOV}") < before[0]
    assert (indexes(f"{DOSSIERS}_{NOV}"), indexes(f"{EVENTS}_{NOV}"), event_keys()) == before
