import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from thongsuot.accounts.models import Agency, Membership
from thongsuot.accounts.services import member_create, member_update
from thongsuot.audit.models import AuditEvent
from thongsuot.audit.services import GENESIS, audit_verify


def _add_member(persona):
    return member_create(actor=persona("demo.tinh.quantri"), agency=Agency.objects.get(code="X00004"),
                         username="can.bo.moi", full_name="Cán Bộ Mới", role="officer",
                         password="mat-khau-rat-manh-2025")


def test_service_writes_event_with_before_and_after(db, persona):
    membership = _add_member(persona)
    member_update(actor=persona("demo.tinh.quantri"), membership=membership, role="leader", full_name="Cán Bộ Mới")
    event = AuditEvent.objects.filter(object_type="accounts.membership", object_id=str(membership.pk)).last()
    assert event.action == "update"
    assert event.changes == {"role": ["officer", "leader"]}
    assert event.actor.username == "demo.tinh.quantri" and event.agency.code == "T01"


def test_events_are_chained(db, persona):
    _add_member(persona)
    events = list(AuditEvent.objects.filter(chain="province:01").order_by("id"))
    assert events and events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    verdict = audit_verify()
    assert (verdict.checked, verdict.broken, verdict.reason) == (AuditEvent.objects.count(), None, "")


def test_database_refuses_update_and_delete(db, persona):
    _add_member(persona)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(object_repr="sửa lén")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def _without_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        else:
            # Flush deferred foreign-key checks first: PostgreSQL refuses ALTER TABLE while they are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change")


def test_verify_names_the_first_tampered_event(db, persona):
    _add_member(persona)
    member_update(actor=persona("demo.tinh.quantri"), membership=Membership.objects.get(user__username="can.bo.moi"),
                  role="viewer", full_name="Cán Bộ Mới")
    target = AuditEvent.objects.filter(chain="province:01").order_by("id")[1]
    _without_triggers()
    AuditEvent.objects.filter(pk=target.pk).update(object_repr="đã bị sửa")
    verdict = audit_verify()
    assert verdict.broken.pk == target.pk and verdict.reason == "hash" and verdict.chain == "province:01"
    with pytest.raises(CommandError, match=f"sự kiện #{target.pk}"):
        call_command("audit_verify")


def test_verify_detects_a_deleted_event(db, persona):
    _add_member(persona)
    _add_member_two = member_create(actor=persona("demo.tinh.quantri"), agency=Agency.objects.get(code="X00004"),
                                    username="can.bo.hai", full_name="Cán Bộ Hai", role="officer",
                                    password="mat-khau-rat-manh-2025")
    assert _add_member_two
    victim = AuditEvent.objects.filter(chain="province:01").order_by("id")[0]
    _without_triggers()
    AuditEvent.objects.filter(pk=victim.pk).delete()
    verdict = audit_verify()
    assert verdict.reason == "prev_hash" and verdict.broken.pk > victim.pk


def test_history_page_is_scoped(client_for, persona):
    membership = _add_member(persona)
    url = f"/nhat-ky/accounts.membership/{membership.pk}/"
    page = client_for("demo.tinh.quantri").get(url)
    assert page.status_code == 200 and "Cán Bộ Mới" in page.content.decode()
    assert client_for("demo.xa").get(url).status_code == 404
    assert client_for("demo.tinh2").get(url).status_code == 404

