"""The audit chain is anchored outside the database: a keyed hash, signed checkpoints, a chain per territory.

The attacker of these tests can write to the database (triggers off, rows rewritten with SQL); the
first one does not hold the audit key, the second does but the checkpoint was taken before.
"""

import hashlib
import json
import os
import subprocess
import sys
import threading
from datetime import UTC
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, connections, models, transaction

from thongsuot.audit.models import AuditChainHead, AuditEvent
from thongsuot.audit.services import audit_record

ROOT = Path(__file__).resolve().parents[2]


def _file(actor, number: int = 1):
    return audit_record(actor=actor, action="create", object_type="tests.ho_so", object_id=str(number),
                        object_repr=f"Hồ sơ {number}")


def _without_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change")


def _plain_digest(row: dict, prev: str) -> str:
    """The hash as the platform computed it before the key: SHA-256 of the content, what anyone can redo."""
    payload = {"prev": prev, "at": row["created_at"].astimezone(UTC).isoformat(timespec="microseconds"),
               "actor": row["actor_id"], "actor_name": row["actor_name"], "agency": row["agency_id"],
               "ip": row["ip"], "action": row["action"], "type": row["object_type"], "id": row["object_id"],
               "repr": row["object_repr"], "changes": row["changes"]}
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _rewrite(target: AuditEvent, new_repr: str, digest) -> None:
    """Change one event's text, then recompute its hash and every later hash of its chain, and the head,
    with SQL: what someone with write access to the database does to hide an edit."""
    _without_triggers()
    chain = getattr(target, "chain", None)
    events = AuditEvent.objects.order_by("id")
    if chain is not None:
        events = events.filter(chain=chain)
    rows = list(events.filter(id__gte=target.pk).values())
    previous = target.prev_hash
    with connection.cursor() as cursor:
        for row in rows:
            if row["id"] == target.pk:
                row["object_repr"] = new_repr
            row["prev_hash"] = previous
            row["hash"] = digest(row, previous)
            cursor.execute("UPDATE audit_auditevent SET object_repr = %s, prev_hash = %s, hash = %s WHERE id = %s",
                           [row["object_repr"], row["prev_hash"], row["hash"], row["id"]])
            previous = row["hash"]
        head = "chain = %s" if chain is not None else "id = 1"
        cursor.execute(f"UPDATE audit_auditchainhead SET last_hash = %s WHERE {head}",
                       [previous, *([chain] if chain is not None else [])])


def test_a_rewrite_recomputed_without_the_key_fails_verify(db, persona, settings, tmp_path):
    """Rewriting an event and recomputing every later hash and the head in SQL no longer passes audit-verify."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path  # no checkpoint: the key alone must catch it
    officer = persona("demo.xa")
    first = _file(officer, 1)
    _file(officer, 2)
    _file(officer, 3)
    _rewrite(first, "Hồ sơ đã bị đánh tráo", _plain_digest)
    with pytest.raises(CommandError, match=f"sự kiện #{first.pk}"):
        call_command("audit_verify")


def test_a_rewrite_before_the_checkpoint_is_caught_even_with_the_key(db, persona, tmp_path, capsys):
    """A chain rewritten and recomputed with the key departs from the checkpoint: named, with its chain."""
    from thongsuot.audit.keys import head_seal
    from thongsuot.audit.services import event_digest

    officer = persona("demo.xa")
    first = _file(officer, 1)
    last = _file(officer, 2)
    call_command("audit_checkpoint", "--out", str(tmp_path))
    checkpoint = next(tmp_path.glob("checkpoint-*.json"))
    saved = json.loads(checkpoint.read_text(encoding="utf-8"))
    assert saved["chains"][first.chain] == {"last_event_id": last.pk, "last_hash": last.hash, "count": 2}
    _file(officer, 3)  # the chain goes on after the checkpoint: that is no departure
    call_command("audit_verify", "--checkpoint", str(checkpoint))

    def keyed(row, previous):
        return event_digest(AuditEvent(**{**row, "prev_hash": previous}))

    _rewrite(first, "Hồ sơ đã bị đánh tráo", keyed)
    head = AuditChainHead.objects.get(chain=first.chain)
    AuditChainHead.objects.filter(pk=head.pk).update(seal=head_seal(
        chain=head.chain, last_event_id=head.last_event_id, last_hash=head.last_hash, count=head.count))
    call_command("audit_verify", "--no-checkpoint")  # with the key, the chain holds together by itself
    with pytest.raises(CommandError) as caught:
        call_command("audit_verify", "--checkpoint", str(checkpoint))
    message = str(caught.value)
    assert f"“{first.chain}”" in message and f"sự kiện #{last.pk}" in message
    assert "khác với mốc đã lưu" in message


def test_a_checkpoint_edited_by_hand_is_refused(db, persona, tmp_path):
    _file(persona("demo.xa"))
    call_command("audit_checkpoint", "--out", str(tmp_path))
    path = next(tmp_path.glob("checkpoint-*.json"))
    document = json.loads(path.read_text(encoding="utf-8"))
    for head in document["chains"].values():
        head["count"] += 1
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="không mang chữ ký đúng"):
        call_command("audit_verify", "--checkpoint", str(path))


def test_the_default_checkpoint_is_the_latest_and_is_mailed(db, persona, settings, tmp_path, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    """Each checkpoint is a new file; audit-verify reads the latest; --mail queues it through the outbox."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path
    officer = persona("demo.xa")
    _file(officer, 1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("audit_checkpoint", "--mail", "luu-tru@example.gov.vn")
    _file(officer, 2)
    call_command("audit_checkpoint")
    files = sorted(tmp_path.glob("checkpoint-*.json"))
    assert len(files) == 2
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["luu-tru@example.gov.vn"]
    assert files[0].stem in mailoutbox[0].subject and '"signature"' in mailoutbox[0].body
    *_, before, last = AuditEvent.objects.filter(chain="province:01").order_by("id")
    _without_triggers()
    AuditEvent.objects.filter(pk=last.pk).delete()  # the last event cut off, the head moved back
    AuditChainHead.objects.filter(chain="province:01").update(last_hash=before.hash, last_event_id=before.pk,
                                                              count=models.F("count") - 1)
    with pytest.raises(CommandError, match=f"“province:01” bị phá vỡ tại sự kiện #{last.pk}: ngắn hơn mốc"):
        call_command("audit_verify")


def test_each_province_has_its_own_chain_head(db, persona):
    """Writes of two provinces move two head rows; a ministry and the national bodies have their own."""
    hanoi, laocai = persona("demo.xa"), persona("demo.xa3")
    a1, b1, a2 = _file(hanoi, 1), _file(laocai, 2), _file(hanoi, 3)
    ministry, national = _file(persona("demo.bo"), 4), _file(persona("demo.quocgia"), 5)
    assert a1.chain == a2.chain == "province:01" and b1.chain.startswith("province:") and b1.chain != a1.chain
    assert ministry.chain == "ministry:BNV" and national.chain == "national"
    assert a2.prev_hash == a1.hash and b1.prev_hash == "0" * 64
    heads = {head.chain: head for head in AuditChainHead.objects.filter(chain__in=[a1.chain, b1.chain])}
    assert heads[a1.chain].last_event_id == a2.pk and heads[b1.chain].last_event_id == b1.pk
    assert heads[b1.chain].count == 1
    call_command("audit_verify", "--no-checkpoint")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_province_writes_while_another_holds_its_head(persona, settings):
    """On PostgreSQL, while one transaction holds province A's head, a write for province B goes through at
    once, and a second write for A waits (lock_timeout makes the wait an error)."""
    from thongsuot.accounts.demo import personas_seed
    from thongsuot.accounts.services import agencies_sync
    from thongsuot.geo.services import units_load

    # A transactional test starts from an empty database: load what the session fixture loads.
    settings.DEMO_PASSWORD = "thongsuot-demo"
    units_load()
    agencies_sync()
    personas_seed()
    hanoi, laocai = persona("demo.xa"), persona("demo.xa3")
    _file(hanoi, 0)
    _file(laocai, 0)
    holding, release = threading.Event(), threading.Event()

    def hold_hanoi():
        try:
            with transaction.atomic():
                _file(hanoi, 1)
                holding.set()
                release.wait(20)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_hanoi)
    holder.start()
    try:
        assert holding.wait(20)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            _file(laocai, 2)  # another province: no wait
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '500ms'")
            _file(hanoi, 3)  # the same province: waits for the holder
    finally:
        release.set()
        holder.join(20)
    call_command("audit_verify", "--no-checkpoint")


def test_production_without_an_audit_key_does_not_start(tmp_path):
    """THONGSUOT_PRODUCTION=1 with no THONGSUOT_AUDIT_KEY and no key file: `check` fails and says what to set."""
    env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "HOME": str(tmp_path), "THONGSUOT_PRODUCTION": "1",
           "THONGSUOT_SECRET_KEY": "x" * 60, "THONGSUOT_VAR_DIR": str(tmp_path / "var"),
           "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-m", "thongsuot", "check"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert "thongsuot.audit.E001" in result.stderr and "THONGSUOT_AUDIT_KEY" in result.stderr
    assert not (tmp_path / "var" / "audit.key").exists()
    key_file = tmp_path / "audit.key"
    key_file.write_text("k" * 40)
    result = subprocess.run([sys.executable, "-m", "thongsuot", "check"], cwd=ROOT,
                            env={**env, "THONGSUOT_AUDIT_KEY_FILE": str(key_file)}, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


def test_outside_production_the_key_file_is_made_private(settings, tmp_path):
    from thongsuot.audit.keys import audit_key

    settings.AUDIT_KEY, settings.AUDIT_KEY_FILE = "", tmp_path / "var" / "audit.key"
    key = audit_key()
    assert len(key) >= 32 and settings.AUDIT_KEY_FILE.read_bytes().strip() == key
    assert settings.AUDIT_KEY_FILE.stat().st_mode & 0o777 == 0o600
