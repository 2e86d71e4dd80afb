"""Bulk loading: COPY, and constraints dropped during a load come back (or stay, on rollback)."""

import pytest
from django.db import IntegrityError, connection, transaction

from thongsuot.core.bulkload import copy_rows, deferred_constraints
from thongsuot.geo.models import Province
from thongsuot.procedures.models import Procedure

pytestmark = pytest.mark.django_db


def _definitions(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass", [table])
        constraints = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return constraints | {row[0] for row in cursor.fetchall()}


def test_copy_rows_appends_rows():
    copy_rows(Procedure, ["code", "name", "sector", "time_limit_days", "fee", "fee_note", "online_level",
                          "is_internal", "is_active", "legal_basis", "is_sample", "search_key"],
              [["9.999001", "Thủ tục nạp thử", "khac", 3, 0, "", "none", False, True, "", True, "9.999001"]])
    assert Procedure.objects.get(code="9.999001").time_limit_days == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes are deferred on PostgreSQL only")
def test_deferred_constraints_are_rebuilt_and_enforced():
    table = Procedure._meta.db_table
    before = _definitions(table)
    with transaction.atomic(), deferred_constraints(Procedure):
        during = _definitions(table)
    assert during < before and any("UNIQUE" in d for d in before - during)
    assert _definitions(table) == before
    Procedure.objects.create(code="9.999002", name="A", sector="khac", time_limit_days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Procedure.objects.create(code="9.999002", name="B", sector="khac", time_limit_days=1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes are deferred on PostgreSQL only")
def test_a_failed_load_rolls_back_with_its_constraints():
    table = Province._meta.db_table
    before = _definitions(table)
    with pytest.raises(RuntimeError), transaction.atomic(), deferred_constraints(Province):
        raise RuntimeError("nạp lỗi")
    assert _definitions(table) == before


def test_deferred_constraints_do_nothing_when_not_enabled():
    table = Procedure._meta.db_table
    before = _definitions(table) if connection.vendor == "postgresql" else set()
    with transaction.atomic(), deferred_constraints(Procedure, enabled=False):
        if connection.vendor == "postgresql":
            assert _definitions(table) == before
