"""Bulk loading: COPY, rows inserted with their new ids, and constraints dropped during a load come
back (or stay, on rollback)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from thongsuot.core.bulkload import copy_rows, deferred_constraints, insert_objects, insert_rows
from thongsuot.geo.models import Commune, Province
from thongsuot.procedures.models import Procedure
from thongsuot.staffing.models import PersonnelAction, StaffMember

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


def _member(commune, name: str, **values) -> StaffMember:
    return StaffMember(province_id=commune.province_id, commune=commune, full_name=name, gender="female",
                       birth_year=1990, category="cong_chuc", position="Chuyên viên", field="tu_phap",
                       joined_on=date(2024, 3, 1), commute_km=Decimal("12.5"), search_key=name.lower(), **values)


def test_insert_objects_gives_each_its_id_and_writes_every_field():
    commune = Commune.objects.filter(province__code="01").order_by("code").first()
    before = timezone.now()
    with transaction.atomic():
        members = [_member(commune, f"Nạp Thử {n}", contract_until=date(2027, 1, 1) if n else None)
                   for n in range(3)]
        insert_objects(StaffMember, members)
    assert all(not m._state.adding for m in members) and len({m.pk for m in members}) == 3
    saved = {m.pk: m for m in StaffMember.objects.filter(pk__in=[m.pk for m in members])}
    for member in members:
        again = saved[member.pk]
        assert (again.full_name, again.commune_id, again.joined_on, again.commute_km, again.contract_until) == (
            member.full_name, commune.pk, date(2024, 3, 1), Decimal("12.5"), member.contract_until)
        assert again.created_at == again.updated_at == member.created_at and again.created_at >= before
        assert again.version == 1 and again.status == StaffMember.Status.ACTIVE
    # The table's own sequence moved past the ids taken: the next ordinary insert does not collide.
    later = _member(commune, "Nạp Sau")
    later.save()
    assert later.pk > max(m.pk for m in members)


def test_insert_rows_returns_the_ids_in_the_rows_order():
    commune = Commune.objects.filter(province__code="01").order_by("code").first()
    with transaction.atomic():
        member = _member(commune, "Có Quyết Định")
        member.save()
        numbers = [f"{n}/QĐ-UBND" for n in range(5)]
        ids = insert_rows(PersonnelAction, ("province_id", "commune", "member", "kind", "decision_number",
                                            "decision_date", "effective_date", "created_at", "from_field", "to_field",
                                            "note", "submission_key"),
                          [(commune.province_id, commune.pk, member.pk, "recruitment", number,
                            date(2024, 3, 1) + timedelta(days=n), date(2024, 3, 2), timezone.now(), "", "tu_phap",
                            "", "")
                           for n, number in enumerate(numbers)])
    by_id = dict(PersonnelAction.objects.filter(pk__in=ids).values_list("pk", "decision_number"))
    assert [by_id[pk] for pk in ids] == numbers
    assert PersonnelAction.objects.get(pk=ids[4]).decision_date == date(2024, 3, 5)
    # Without ids: the database numbers the rows after those.
    with transaction.atomic():
        assert insert_rows(PersonnelAction, ("province_id", "commune", "member", "kind", "decision_number",
                                             "decision_date", "effective_date", "created_at", "from_field",
                                             "to_field", "note", "submission_key"),
                           [(commune.province_id, commune.pk, member.pk, "leaving", "9/QĐ-UBND", date(2025, 1, 2),
                             date(2025, 1, 2), timezone.now(), "", "", "", "")], ids=False) == []
    assert PersonnelAction.objects.get(decision_number="9/QĐ-UBND").pk > max(ids)


def test_insert_rows_leaves_nothing_when_the_transaction_fails():
    commune = Commune.objects.filter(province__code="01").order_by("code").first()
    with pytest.raises(RuntimeError), transaction.atomic():
        insert_objects(StaffMember, [_member(commune, "Không Còn")])
        raise RuntimeError("lỗi sau khi ghi")
    assert not StaffMember.objects.filter(full_name="Không Còn").exists()

