"""Write and read the backup archive: one .tar.gz with the dump, the uploads and the manifest.

The manifest goes last, so that the SHA-256 of each file is computed while the file is written,
in one read. A reader extracts into a staging folder and checks every file against the manifest
before anything on the machine is changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import time
import zlib
from datetime import datetime
from pathlib import Path, PurePosixPath

from thongsuot.ops.backup import BackupError
from thongsuot.ops.backup.database import DUMP_NAMES

FORMAT = "thongsuot-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024


def destination_for(path: Path, now: datetime) -> Path:
    """Return the archive file for PATH: inside it when it is a folder, PATH itself otherwise."""
    if path.is_dir() or str(path).endswith(("/", os.sep)):
        if not path.is_dir():
            raise BackupError(f"Không có thư mục “{path}”. Hãy tạo thư mục đó hoặc chọn thư mục khác.")
        path = path / f"thongsuot-{now:%Y%m%d-%H%M%S}.tar.gz"
    if path.exists():
        raise BackupError(f"Đã có tệp “{path}”; không ghi đè một bản sao lưu. Hãy chọn tên khác.")
    if not path.parent.is_dir():
        raise BackupError(f"Không có thư mục “{path.parent}” để ghi tệp sao lưu.")
    return path


def media_files(root: Path) -> list[Path]:
    """Return the regular files under the uploads folder, in a stable order (none if it is missing)."""
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found)


class _Hashing(io.RawIOBase):
    """A file read through this wrapper leaves its SHA-256 behind."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


def _add(tar: tarfile.TarFile, path: Path, name: str, files: dict) -> None:
    with path.open("rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        hashing = _Hashing(handle)
        tar.addfile(info, hashing)
    files[name] = {"sha256": hashing.sha256.hexdigest(), "size": info.size}


def write(destination: Path, *, dump_file: Path, dump_name: str, media_root: Path, manifest: dict) -> dict:
    """Write the archive (through a .partial file renamed at the end); return the files it holds."""
    partial = destination.with_name(destination.name + ".partial")
    files: dict[str, dict] = {}
    try:
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            _add(tar, dump_file, dump_name, files)
            for path in media_files(media_root):
                name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                try:
                    _add(tar, path, name, files)
                except FileNotFoundError:
                    continue  # deleted since the listing: it is not in the dump's world either
            data = json.dumps({**manifest, "files": files}, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
            tar.addfile(info, io.BytesIO(data))
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, destination)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Không ghi được tệp sao lưu “{destination}”: {error.strerror or error}.") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return files


def _member_allowed(member: tarfile.TarInfo) -> bool:
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts or not member.isfile():
        return False
    return member.name == MANIFEST or member.name in DUMP_NAMES.values() or \
        (len(path.parts) > 1 and path.parts[0] == MEDIA)


def _not_ours(archive: Path, why: str) -> BackupError:
    return BackupError(f"“{archive}” không phải là tệp sao lưu của Thông Suốt ({why}).")


def read(archive: Path, staging: Path) -> dict:
    """Extract the archive into `staging`, check every file against the manifest, return the manifest."""
    if not archive.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu “{archive}”.")
    try:
        with tarfile.open(archive, "r|*") as tar:
            for member in tar:
                if not _member_allowed(member):
                    raise _not_ours(archive, f"có mục lạ “{member.name}”")
                tar.extract(member, staging, filter="data")
    except tarfile.ReadError as error:
        if not any(staging.iterdir()):
            raise _not_ours(archive, "không đọc được dạng tar") from error
        raise BackupError(f"Tệp sao lưu “{archive}” bị hỏng hoặc bị cắt cụt ({error}).") from error
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"Tệp sao lưu “{archive}” bị hỏng hoặc bị cắt cụt ({error}).") from error
    except OSError as error:
        raise BackupError(f"Không giải nén được “{archive}”: {error.strerror or error}.") from error
    try:
        manifest = json.loads((staging / MANIFEST).read_text("utf-8"))
    except FileNotFoundError as error:
        raise _not_ours(archive, "thiếu manifest.json") from error
    except ValueError as error:
        raise BackupError(f"Bản kê manifest.json trong “{archive}” bị hỏng ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_ours(archive, "manifest.json không phải của Thông Suốt")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"Tệp sao lưu có định dạng phiên bản {manifest.get('format_version')}, phiên bản "
                          f"này của Thông Suốt chỉ đọc được phiên bản {FORMAT_VERSION}.")
    _check_files(archive, staging, manifest)
    return manifest


def _check_files(archive: Path, staging: Path, manifest: dict) -> None:
    listed = manifest.get("files") or {}
    if DUMP_NAMES.get(manifest.get("engine")) not in listed:
        raise _not_ours(archive, "thiếu bản sao cơ sở dữ liệu")
    present = {path.relative_to(staging).as_posix() for path in staging.rglob("*") if path.is_file()} - {MANIFEST}
    missing, extra = sorted(set(listed) - present), sorted(present - set(listed))
    if missing:
        raise BackupError(f"Tệp sao lưu “{archive}” thiếu {len(missing)} tệp có trong bản kê, ví dụ “{missing[0]}”.")
    if extra:
        raise BackupError(f"Tệp sao lưu “{archive}” có {len(extra)} tệp không có trong bản kê, ví dụ “{extra[0]}”.")
    for name, expected in listed.items():
        digest = hashlib.sha256()
        with (staging / name).open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != expected.get("sha256"):
            raise BackupError(f"Tệp sao lưu “{archive}” bị hỏng: “{name}” không khớp mã kiểm tra SHA-256 ghi "
                              f"trong bản kê. Chưa có gì trên máy này bị thay đổi.")
