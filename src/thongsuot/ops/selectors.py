"""Reads about the platform's own running."""

from __future__ import annotations

from thongsuot.ops.models import BackupRun


def last_backup() -> BackupRun | None:
    """Return the most recent backup that finished successfully, or None."""
    return BackupRun.objects.filter(ok=True).order_by("-finished_at").first()
