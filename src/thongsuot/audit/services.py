"""Append audit events, chained by keyed hash, inside the caller's transaction.

Every service that changes data calls `audit_record` before it returns, so the event
commits or rolls back with the change itself. Events form one chain per territory
(`chain_for`): a write locks its own chain's head only, so two provinces never wait for
each other. `audit_verify` walks every chain, and against a checkpoint (audit.checkpoints)
kept outside the database.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from thongsuot.audit import history
from thongsuot.audit.keys import head_seal, keyed_digest, same
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


#: The chain of the events recorded before chains were split (plain SHA-256, sealed by its head).
LEGACY = ""
#: The chain of national bodies, of people without an agency, and of the platform itself.
NATIONAL = "national"


def chain_for(agency) -> str:
    """Return the chain an event recorded for `agency` joins: its province's (commune and province
    agencies), its ministry's, or the national chain (central bodies, no agency)."""
    level = getattr(agency, "level", "")
    if level in ("commune", "province") and agency.province_id:
        return f"province:{agency.province.code}"
    if level == "ministry":
        return f"ministry:{agency.code}"
    return NATIONAL


def event_digest(event: AuditEvent) -> str:
    """Return the hash of an event's content chained to its predecessor's hash: an HMAC under the
    audit key, or plain SHA-256 for the legacy chain."""
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
    if event.chain != LEGACY:
        payload["chain"] = event.chain
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if event.chain == LEGACY:
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
    return keyed_digest(encoded)


def _locked_head(chain: str) -> tuple[int, str, int]:
    """Lock the head of one chain and return (its id, the latest hash, the event count): two short SQL
    statements, no ORM building, as every write of the platform passes here. A chain's first event
    makes its head (the unique `chain` settles a race: the loser reads the winner's row)."""
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, last_hash, count FROM {table} WHERE chain = %s{lock}", [chain])
        row = cursor.fetchone()
    if row is None:
        AuditChainHead.objects.get_or_create(chain=chain, defaults={"last_hash": GENESIS})
        return _locked_head(chain)
    return row


def _move_head(head_id: int, event: AuditEvent, count: int) -> None:
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    seal = head_seal(chain=event.chain, last_event_id=event.pk, last_hash=event.hash, count=count)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET last_hash = %s, last_event_id = %s, count = %s, seal = %s WHERE id = %s",
                       [event.hash, event.pk, count, seal, head_id])


#: Inside `audit_folded`: the actions `audit_record` was asked for, counted instead of recorded.
_folded: ContextVar[Counter | None] = ContextVar("thongsuot_audit_folded", default=None)


@contextmanager
def audit_folded():
    """Fold the events of many writes into the one the caller records: inside, `audit_record`
    appends nothing and counts the actions it was asked for (the yielded `Counter`). For the import
    of a file, whose one event names the file's hash and the counts (issue #17), when a registry
    writes its rows through the services the forms use."""
    token = _folded.set(Counter())
    try:
        yield _folded.get()
    finally:
        _folded.reset(token)


# No savepoint of its own inside a caller's transaction (one round trip less per write): a failure
# here fails the caller's whole transaction, which is what an unrecorded change must do anyway.
@transaction.atomic(savepoint=False)
def audit_record(*, actor, action: str, obj: Model | None = None, object_type: str = "", object_id: str = "",
                 object_repr: str = "", before: dict | None = None, after: dict | None = None,
                 changes: dict | None = None, agency=None) -> AuditEvent | None:
    """Append one event. Pass `before`/`after` for changes, or `changes` for free-form facts.
    Inside `audit_folded`, count the action and append nothing (returns None)."""
    folded = _folded.get()
    if folded is not None:
        folded[action] += 1
        return None
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
    chain = chain_for(agency)
    head_id, previous, count = _locked_head(chain)
    event = AuditEvent(
        created_at=timezone.now(), actor=user, actor_name=(user.username if user else "")[:150],
        agency=agency, ip=context.current().ip, action=action, object_type=object_type[:60],
        object_id=str(object_id)[:64], object_repr=object_repr[:255], changes=recorded, chain=chain, prev_hash=previous,
    )
    event.hash = event_digest(event)
    event.save(force_insert=True)
    _move_head(head_id, event, count + 1)
    return event


#: Why a link of a chain is broken, as `audit_verify` names it.
BROKEN_REASONS = {
    "prev_hash": "không khớp với mã băm của sự kiện liền trước (có sự kiện bị xoá hoặc chèn)",
    "hash": "nội dung đã bị sửa sau khi ghi (hoặc mã băm được tính lại không có khoá nhật ký)",
    "head": "đỉnh chuỗi không khớp với sự kiện cuối cùng (sự kiện cuối bị xoá hoặc đỉnh chuỗi bị sửa)",
    "seal": "dấu niêm phong của đỉnh chuỗi sai (đỉnh chuỗi bị sửa không có khoá nhật ký)",
    "checkpoint": "khác với mốc đã lưu ngoài cơ sở dữ liệu (chuỗi đã bị viết lại từ trước sự kiện này)",
    "checkpoint_short": "ngắn hơn mốc đã lưu ngoài cơ sở dữ liệu (sự kiện cuối bị xoá)",
}


@dataclass
class Verdict:
    """What `audit_verify` found: events and chains checked, and where the first break is."""

    checked: int = 0
    chains: int = 0
    reason: str = ""
    chain: str | None = None
    broken: AuditEvent | None = None
    #: For a departure from the checkpoint: the checkpointed event id at that position.
    expected_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.reason


def chain_label(chain: str) -> str:
    return chain or "legacy"


def audit_verify_summary(verdict: Verdict) -> str:
    """Say in one sentence what `audit_verify` found (for the command and for a restore's checks)."""
    if verdict.ok:
        return f"Chuỗi nhật ký toàn vẹn: {verdict.checked} sự kiện trong {verdict.chains} chuỗi đã kiểm tra."
    broken = verdict.broken
    if broken is not None:
        where = f"sự kiện #{broken.pk} ({timezone.localtime(broken.created_at):%d/%m/%Y %H:%M:%S})"
    elif verdict.expected_id is not None:
        where = f"sự kiện #{verdict.expected_id}"
    else:
        where = "cuối chuỗi"
    if verdict.reason == "checkpoint" and broken is not None and verdict.expected_id not in (None, broken.pk):
        where += f", chỗ của sự kiện #{verdict.expected_id} trong mốc"
    return (f"Chuỗi nhật ký “{chain_label(verdict.chain)}” bị phá vỡ tại {where}: "
            f"{BROKEN_REASONS[verdict.reason]}. {verdict.checked} sự kiện trước đó hợp lệ.")


def audit_verify(*, checkpoint: dict | None = None, batch_size: int = 5000) -> Verdict:
    """Walk every chain in order; stop at the first broken link. With `checkpoint` (the "chains" of a
    checkpoint read by audit.checkpoints: {chain: {"last_event_id", "last_hash", "count"}}), each chain
    must still hold the checkpointed event, with the same hash, at the same position."""
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    chains = sorted(set(heads) | set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
                    | set(checkpoint or {}))
    verdict = Verdict()
    for chain in chains:
        verdict.chains += 1
        verdict.chain = chain
        anchor = (checkpoint or {}).get(chain)
        previous, position, last_id = GENESIS, 0, 0
        while True:
            events = list(AuditEvent.objects.filter(chain=chain, id__gt=last_id).order_by("id")[:batch_size])
            if not events:
                break
            for event in events:
                if event.prev_hash != previous:
                    verdict.reason, verdict.broken = "prev_hash", event
                    return verdict
                if not same(event_digest(event), event.hash):
                    verdict.reason, verdict.broken = "hash", event
                    return verdict
                position += 1
                if anchor and position == anchor["count"] and (
                        event.pk != anchor["last_event_id"] or event.hash != anchor["last_hash"]):
                    verdict.reason, verdict.broken, verdict.expected_id = "checkpoint", event, anchor["last_event_id"]
                    return verdict
                previous, last_id = event.hash, event.pk
                verdict.checked += 1
        if anchor and position < anchor["count"]:
            verdict.reason, verdict.expected_id = "checkpoint_short", anchor["last_event_id"]
            return verdict
        head = heads.get(chain)
        if position == 0 and (head is None or head.count == 0):
            continue
        if head is None or head.last_hash != previous or head.count != position or head.last_event_id != last_id:
            verdict.reason = "head"
            return verdict
        if not same(head.seal, head_seal(chain=chain, last_event_id=head.last_event_id, last_hash=head.last_hash,
                                         count=head.count)):
            verdict.reason = "seal"
            return verdict
    verdict.chain = None
    return verdict
