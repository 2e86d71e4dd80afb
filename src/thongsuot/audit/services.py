"""Append audit events, chained by hash, inside the caller's transaction.

Every service that changes data calls `audit_record` before it returns, so the event
commits or rolls back with the change itself.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from thongsuot.audit import history
from thongsuot.audit.models import AuditChainHead, AuditEvent
from thongsuot.core import context

GENESIS = "0" * 64


def _jsonable(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def diff(before: dict, after: dict) -> dict:
    """Return {field: [before, after]} for the fields whose value changed."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {k: [_jsonable(before.get(k)), _jsonable(after.get(k))]
            for k in keys if _jsonable(before.get(k)) != _jsonable(after.get(k))}


def event_digest(event: AuditEvent) -> str:
    """Return the hash of an event's content chained to its predecessor's hash."""
    payload = {
        "prev": event.prev_hash,
        "at": event.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "agency": event.agency_id,
        "ip": event.ip,
        "action": event.action,
        "type": event.object_type,
        "id": event.object_id,
        "repr": event.object_repr,
        "changes": event.changes,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _locked_head_hash() -> str:
    """Lock the chain head and return the latest hash (two short SQL statements, no ORM building:
    every write of the platform passes here)."""
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_hash FROM {table} WHERE id = 1{lock}")
        row = cursor.fetchone()
    if row is None:
        AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
        return _locked_head_hash()
    return row[0]


def _move_head(event: AuditEvent) -> None:
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET last_hash = %s, last_event_id = %s WHERE id = 1", [event.hash, event.pk])


# No savepoint of its own inside a caller's transaction (one round trip less per write): a failure
# here fails the caller's whole transaction, which is what an unrecorded change must do anyway.
@transaction.atomic(savepoint=False)
def audit_record(*, actor, action: str, obj: Model | None = None, object_type: str = "", object_id: str = "",
                 object_repr: str = "", before: dict | None = None, after: dict | None = None,
                 changes: dict | None = None, agency=None) -> AuditEvent:
    """Append one event. Pass `before`/`after` for changes, or `changes` for free-form facts."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    recorded = diff(before or {}, after or {}) if (before is not None or after is not None) else {}
    if changes:
        recorded.update(_jsonable(changes))
    user = actor if getattr(actor, "is_authenticated", False) else None
    if agency is None and user is not None:
        agency = history.agency_of(user)
    previous = _locked_head_hash()
    event = AuditEvent(
        created_at=timezone.now(), actor=user, actor_name=(user.username if user else "")[:150],
        agency=agency, ip=context.current().ip, action=action, object_type=object_type[:60],
        object_id=str(object_id)[:64], object_repr=object_repr[:255], changes=recorded, prev_hash=previous,
    )
    event.hash = event_digest(event)
    event.save(force_insert=True)
    _move_head(event)
    return event


#: Why a link of the chain is broken, as `audit_verify` names it.
BROKEN_REASONS = {
    "prev_hash": "không khớp với mã băm của sự kiện liền trước (có sự kiện bị xoá hoặc chèn)",
    "hash": "nội dung đã bị sửa sau khi ghi",
    "head": "sự kiện cuối cùng của chuỗi đã bị xoá",
}


def audit_verify_summary(checked: int, broken: AuditEvent | None, reason: str) -> str:
    """Say in one sentence what `audit_verify` found (for the command and for a restore's checks)."""
    if not reason:
        return f"Chuỗi nhật ký toàn vẹn: {checked} sự kiện đã kiểm tra."
    where = f"sự kiện #{broken.pk} ({broken.created_at:%d/%m/%Y %H:%M:%S})" if broken else "cuối chuỗi"
    return f"Chuỗi nhật ký bị phá vỡ tại {where}: {BROKEN_REASONS[reason]}. {checked} sự kiện trước đó hợp lệ."


def audit_verify(batch_size: int = 5000) -> tuple[int, AuditEvent | None, str]:
    """Walk the chain in order; return (events checked, first broken event or None, reason)."""
    previous = GENESIS
    checked = 0
    last_id = 0
    while True:
        events = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not events:
            break
        for event in events:
            if event.prev_hash != previous:
                return checked, event, "prev_hash"
            if event_digest(event) != event.hash:
                return checked, event, "hash"
            previous = event.hash
            checked += 1
            last_id = event.id
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and checked and head.last_hash != previous:
        return checked, None, "head"
    return checked, None, ""
