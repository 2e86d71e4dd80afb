"""Staffing services: shared by every section."""

from __future__ import annotations

from thongsuot.core.errors import Forbidden

MAX_QUOTA_PER_FIELD = 70


def _require(allowed: bool, message: str | None = None) -> None:
    """Refuse (403, with the reason when there is one) unless a permission rule allowed the write."""
    if not allowed:
        raise Forbidden(message)
