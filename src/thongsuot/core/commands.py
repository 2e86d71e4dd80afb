"""What the management commands share: a day given on the command line."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError


def date_option(options: dict, name: str = "date") -> date | None:
    """The day given as `--<name>` (YYYY-MM-DD), or None when it was not given.

    A day that does not parse stops the command with a Vietnamese message, never a traceback.
    """
    value = options.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--{name}: ngày không hợp lệ, cần dạng YYYY-MM-DD.") from exc
