"""Backups of the whole platform in one archive, and their restore with a check of what came back.

An archive (`.tar.gz`) holds the database dump (`database.sqlite3` made with SQLite's online backup
API, or `database.pgdump` from `pg_dump --format=custom`), the private uploads under `media/`, and
`manifest.json` last: the version, the engine, the applied migrations, the row count of every table
and the audit chain head, all read from the same snapshot as the dump, and a SHA-256 of every file.

`database` knows the two engines, `archive` writes and reads the tar, `checks` tells whether a
restored database is the one that was saved. `ops.services` runs them and records each `BackupRun`.
"""

from thongsuot.core.errors import DomainError
from thongsuot.core.numbers import vn_number


class BackupError(DomainError):
    """A backup or restore cannot go on; `message` says why in Vietnamese, without a traceback."""


def number(value: int) -> str:
    """Write an integer the Vietnamese way, with dots between thousands: 45.678."""
    return vn_number(value)


def megabytes(size: int) -> str:
    """Write a size in MB with a decimal comma: 15,7 MB."""
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def seconds(value: float) -> str:
    """Write a duration with a decimal comma: 3,2 giây."""
    return f"{value:.1f} giây".replace(".", ",")
