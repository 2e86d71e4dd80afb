"""The folders the platform writes to at run time: created when missing, refused in plain words.

`THONGSUOT_VAR_DIR` (the SQLite file, logs), the private uploads (`THONGSUOT_MEDIA_ROOT`) and the
folder of an SQLite file named in `THONGSUOT_DATABASE_URL` are made on start-up, so that a fresh
clone runs with nothing created by hand. A path that cannot be made stops the start with one
sentence naming it; `thongsuot.cli` and the WSGI entry print that sentence instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class RuntimeFolderError(ImproperlyConfigured):
    """A runtime folder is missing and cannot be created."""


def runtime_folders() -> list[Path]:
    """Return the folders the platform needs to write to, from the settings."""
    folders = [Path(settings.VAR_DIR), Path(settings.PRIVATE_MEDIA_ROOT)]
    for database in settings.DATABASES.values():
        name = str(database.get("NAME") or "")
        if database.get("ENGINE", "").endswith("sqlite3") and name and name != ":memory:" \
                and not name.startswith("file:"):
            folders.append(Path(name).parent)
    return list(dict.fromkeys(folders))


def ensure_runtime_folders() -> None:
    """Create each runtime folder that is missing; raise RuntimeFolderError naming one that cannot be."""
    for folder in runtime_folders():
        if folder.exists() and not folder.is_dir():
            raise RuntimeFolderError(
                f"“{folder}” đã có nhưng không phải là thư mục. Hãy xoá hoặc đổi tên nó, hoặc chọn thư mục khác "
                f"bằng biến THONGSUOT_VAR_DIR.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            raise RuntimeFolderError(
                f"Không tạo được thư mục dữ liệu “{folder}” ({reason}). Hãy chọn một thư mục có quyền ghi "
                f"bằng biến THONGSUOT_VAR_DIR (hoặc THONGSUOT_MEDIA_ROOT, THONGSUOT_DATABASE_URL) rồi chạy lại."
            ) from error
