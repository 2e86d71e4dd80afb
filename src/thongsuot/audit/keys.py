"""The audit key: a secret kept outside the database that every event's hash is keyed with.

Someone who can write to the database can rewrite an event and recompute every later hash, but
without this key the recomputed hashes do not match: `audit-verify` finds the rewrite. The key is
`THONGSUOT_AUDIT_KEY` (environment), else the file `THONGSUOT_AUDIT_KEY_FILE` (by default
`<THONGSUOT_VAR_DIR>/audit.key`). Outside production a missing file is generated (mode 0600) on
first use; in production a missing key stops the platform with a sentence saying what to set
(`audit_key_problem`, checked at start-up by the audit app's system check).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: Shortest key accepted: 32 bytes, what `secrets.token_urlsafe(32)` gives and more.
MIN_KEY_LENGTH = 32

_cache: dict[tuple[str, str], bytes] = {}


class AuditKeyError(ImproperlyConfigured):
    """The audit key is missing or unusable."""


def _key_file() -> Path:
    return Path(getattr(settings, "AUDIT_KEY_FILE", "") or Path(settings.VAR_DIR) / "audit.key")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
    except OSError as error:
        raise AuditKeyError(f"Không đọc được khoá nhật ký kiểm toán “{path}” ({error.strerror or error}). "
                            f"Hãy cấp quyền đọc tệp cho người dùng chạy nền tảng.") from error


def _generate(path: Path) -> str:
    """Write a new random key to `path`, readable by its owner only; keep a key written meanwhile."""
    key = secrets.token_urlsafe(48)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)  # another process generated it first
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def audit_key_problem() -> str:
    """Return why no usable key can be had without generating one, or "" when one can."""
    text = getattr(settings, "AUDIT_KEY", "") or ""
    where = "THONGSUOT_AUDIT_KEY"
    if not text:
        path = _key_file()
        try:
            text = _read(path)
        except AuditKeyError as error:
            return str(error)
        where = f"tệp {path}"
        if not text:
            if not settings.PRODUCTION:
                return ""
            return (f"Chưa có khoá nhật ký kiểm toán: đặt biến THONGSUOT_AUDIT_KEY (ít nhất {MIN_KEY_LENGTH} ký tự "
                    f"ngẫu nhiên) hoặc tạo tệp {path} (chế độ 0600), rồi sao lưu khoá riêng, ngoài cơ sở dữ liệu "
                    f"(docs/operations.md). Thiếu khoá, nhật ký không thể chứng minh là chưa bị sửa.")
    if len(text) < MIN_KEY_LENGTH:
        return f"Khoá nhật ký kiểm toán ({where}) quá ngắn: cần ít nhất {MIN_KEY_LENGTH} ký tự."
    return ""


def audit_key() -> bytes:
    """Return the audit key, generating the key file outside production; raise AuditKeyError if none."""
    text = getattr(settings, "AUDIT_KEY", "") or ""
    path = _key_file()
    cached = _cache.get((text, str(path)))
    if cached is not None:
        return cached
    problem = audit_key_problem()
    if problem:
        raise AuditKeyError(problem)
    if not text:
        text = _read(path) or _generate(path)
    key = text.encode("utf-8")
    _cache[(getattr(settings, "AUDIT_KEY", "") or "", str(path))] = key
    return key


def keyed_digest(message: str) -> str:
    """Return the HMAC-SHA256 of `message` under the audit key, as hex."""
    return hmac.new(audit_key(), message.encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def head_seal(*, chain: str, last_event_id: int | None, last_hash: str, count: int) -> str:
    """Return the seal of a chain head: its content, keyed, so that only the key holder can move it."""
    return keyed_digest(f"head|{chain}|{last_event_id or 0}|{last_hash}|{count}")
