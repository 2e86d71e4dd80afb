"""Checkpoints: the heads of every audit chain, signed with the audit key, kept outside the database.

Someone holding both the database and the key could rewrite a chain and recompute it whole. A
checkpoint written to a file (and mailed away) before the rewrite still names, for each chain, the
event at a given position and its hash; `audit-verify` checks that each chain still holds exactly
that event there. A file is never overwritten: each checkpoint gets a new name, sortable by time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from thongsuot.audit.keys import keyed_digest, same
from thongsuot.audit.models import AuditChainHead

FORMAT = 1
PREFIX = "checkpoint-"


class CheckpointError(Exception):
    """A checkpoint file is missing, unreadable or not signed with this platform's key."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _canonical(body: dict) -> str:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checkpoint_sign(body: dict) -> str:
    return keyed_digest("checkpoint|" + _canonical(body))


def checkpoint_body() -> dict:
    """Return the heads of every chain now (one statement, so one consistent view)."""
    heads = AuditChainHead.objects.filter(count__gt=0).order_by("chain")
    return {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "chains": {head.chain: {"last_event_id": head.last_event_id, "last_hash": head.last_hash, "count": head.count}
                   for head in heads},
    }


def checkpoint_write(body: dict, *, out_dir: Path | None = None) -> Path:
    """Sign `body` and write it to a new file in `out_dir` (default THONGSUOT_AUDIT_CHECKPOINT_DIR)."""
    folder = Path(out_dir or settings.AUDIT_CHECKPOINT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    document = {**body, "signature": checkpoint_sign(body)}
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{PREFIX}{stamp}.json"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=2, sort_keys=True)
        handle.write("\n")
    return path


def checkpoint_latest(folder: Path | None = None) -> Path | None:
    """Return the newest checkpoint file in `folder` (default THONGSUOT_AUDIT_CHECKPOINT_DIR), or None."""
    folder = Path(folder or settings.AUDIT_CHECKPOINT_DIR)
    if not folder.is_dir():
        return None
    files = sorted(folder.glob(f"{PREFIX}*.json"))
    return files[-1] if files else None


def checkpoint_read(path: Path) -> dict:
    """Return the checkpoint in `path` once its signature is checked; raise CheckpointError otherwise."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CheckpointError(f"Không có tệp mốc nhật ký “{path}”.") from error
    except (OSError, ValueError) as error:
        raise CheckpointError(f"Không đọc được tệp mốc nhật ký “{path}”: {error}.") from error
    signature = document.pop("signature", "") if isinstance(document, dict) else ""
    if not isinstance(signature, str) or not signature or not same(signature, checkpoint_sign(document)):
        raise CheckpointError(f"Tệp mốc nhật ký “{path}” không mang chữ ký đúng bằng khoá nhật ký của nền tảng này "
                              f"(tệp bị sửa, hoặc khoá đã khác).")
    if document.get("format") != FORMAT or not isinstance(document.get("chains"), dict):
        raise CheckpointError(f"Tệp mốc nhật ký “{path}” không đúng định dạng.")
    return document
