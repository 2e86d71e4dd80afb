"""Writes of the ops app: make a backup (and record its run), restore one; checkpoint the audit chains."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from thongsuot.audit.checkpoints import (
    CheckpointError,
    checkpoint_body,
    checkpoint_latest,
    checkpoint_read,
    checkpoint_write,
)
from thongsuot.audit.services import audit_verify, audit_verify_summary
from thongsuot.notifications import outbox
from thongsuot.notifications.models import OutgoingEmail
from thongsuot.ops.backup import BackupError, archive, database, number
from thongsuot.ops.backup.checks import Check, pending_migrations, run_checks, unknown_migrations
from thongsuot.ops.models import BackupRun


def project_version() -> str:
    """Return the installed version of the platform ("không rõ" when run from an uninstalled tree)."""
    try:
        return version("thongsuot")
    except PackageNotFoundError:
        return "không rõ"


@dataclass
class BackupOutcome:
    run: BackupRun
    snapshot: database.Snapshot
    files: dict
    seconds: float


@dataclass
class RestoreOutcome:
    manifest: dict
    media_files: int
    media_bytes: int
    seconds: float
    checks: list[Check] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    moved_aside: Path | None = None

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def backup_run_record(*, started_at: datetime, path: Path | str, ok: bool, size_bytes: int = 0,
                      error: str = "") -> BackupRun:
    """Record one run, successful or not, so /healthz can tell how old the last good backup is."""
    return BackupRun.objects.create(started_at=started_at, finished_at=timezone.now(), path=str(path)[:1000],
                                    size_bytes=size_bytes, ok=ok, error=error[:1000])


def backup_create(*, path: Path) -> BackupOutcome:
    """Write one archive of the database, the uploads and a manifest; record the run either way.

    The run's row is written after the dump, so the archive never holds its own run.
    """
    started_at, began = timezone.now(), time.monotonic()
    destination = archive.destination_for(Path(path), timezone.localtime(started_at))
    try:
        with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".thongsuot-saoluu-") as staging:
            snapshot = database.dump(Path(staging))
            manifest = {
                "format": archive.FORMAT, "format_version": archive.FORMAT_VERSION,
                "version": project_version(), "created_at": started_at.isoformat(),
                "engine": snapshot.engine, "migrations": snapshot.migrations,
                "row_counts": snapshot.row_counts, "audit_head": snapshot.audit_head,
                "dump_seconds": round(time.monotonic() - began, 3),
            }
            files = archive.write(destination, dump_file=snapshot.file, dump_name=snapshot.file.name,
                                  media_root=Path(settings.PRIVATE_MEDIA_ROOT), manifest=manifest)
    except BackupError as error:
        backup_run_record(started_at=started_at, path=destination, ok=False, error=error.message)
        raise
    except Exception as error:
        message = f"Sao lưu không thành công: {error}"
        backup_run_record(started_at=started_at, path=destination, ok=False, error=message)
        raise BackupError(message) from error
    run = backup_run_record(started_at=started_at, path=destination, ok=True,
                            size_bytes=destination.stat().st_size)
    return BackupOutcome(run=run, snapshot=snapshot, files=files, seconds=time.monotonic() - began)


def backup_restore(*, path: Path, force: bool = False) -> RestoreOutcome:
    """Restore an archive over the configured database and uploads folder, then check the result.

    Every refusal (not our archive, a damaged file, a newer version, data in the way) comes before
    anything is changed. Run it with the platform stopped.
    """
    began = time.monotonic()
    media_root = Path(settings.PRIVATE_MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".thongsuot-khoiphuc-"))
    try:
        manifest = archive.read(Path(path), staging)
        kind = manifest["engine"]
        dump_file = staging / database.DUMP_NAMES[kind]
        unknown = unknown_migrations(manifest)
        if unknown:
            raise BackupError(
                f"Tệp sao lưu được tạo bởi phiên bản {manifest.get('version')} mới hơn mã đang chạy: có "
                f"{len(unknown)} bước chuyển đổi dữ liệu (migration) mà mã này không có, ví dụ {unknown[0]}. "
                f"Hãy cài phiên bản {manifest.get('version')} trở lên rồi khôi phục lại.")
        database.check_restorable(dump_file, kind)
        if not force:
            _refuse_data_in_the_way(media_root)
        database.restore(dump_file, kind)
        staged_media = staging / archive.MEDIA
        moved_aside = _put_media_in_place(staged_media, media_root)
        media = [name for name in manifest["files"] if name.startswith(f"{archive.MEDIA}/")]
        outcome = RestoreOutcome(
            manifest=manifest, media_files=len(media),
            media_bytes=sum(manifest["files"][name]["size"] for name in media),
            seconds=0.0, checks=run_checks(manifest), pending=pending_migrations(manifest),
            moved_aside=moved_aside)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    outcome.seconds = time.monotonic() - began
    return outcome


def _refuse_data_in_the_way(media_root: Path) -> None:
    holding = database.tables_holding_data()
    if holding:
        example = ", ".join(sorted(holding)[:3])
        raise BackupError(
            f"Cơ sở dữ liệu đích đang có dữ liệu ({number(sum(holding.values()))} dòng trong {len(holding)} bảng, "
            f"ví dụ {example}); khôi phục sẽ thay thế toàn bộ. Nếu chắc chắn muốn ghi đè, hãy chạy lại "
            f"với --force.")
    if archive.media_files(media_root):
        raise BackupError(
            f"Thư mục tệp tải lên “{media_root}” đang có tệp; khôi phục sẽ thay thế nó. Nếu chắc chắn, hãy chạy "
            f"lại với --force (thư mục cũ được giữ lại bên cạnh, không bị xoá).")


def _put_media_in_place(staged: Path, media_root: Path) -> Path | None:
    """Move the restored uploads into place; keep a non-empty old folder beside it, never delete it."""
    staged.mkdir(exist_ok=True)
    moved_aside = None
    try:
        if archive.media_files(media_root):
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            moved_aside = media_root.with_name(f"{media_root.name}.truoc-khoi-phuc-{stamp}")
            os.replace(media_root, moved_aside)
        if media_root.exists():
            # Empty (or a mount point that cannot be renamed): fill it in place.
            shutil.copytree(staged, media_root, dirs_exist_ok=True)
        else:
            os.replace(staged, media_root)
    except OSError as error:
        raise BackupError(f"Đã khôi phục cơ sở dữ liệu nhưng không đưa được tệp tải lên vào “{media_root}”: "
                          f"{error.strerror or error}.") from error
    return moved_aside


@dataclass
class CheckpointOutcome:
    path: Path
    body: dict
    previous: Path | None


def audit_checkpoint_create(*, out_dir: Path | None = None, mail_to: list[str] | None = None) -> CheckpointOutcome:
    """Write the signed heads of every audit chain to a new file outside the database, and mail it.

    The heads are read first, then every chain is verified (against the previous checkpoint in the
    same folder, if any): a broken chain is never checkpointed. Raise BackupError naming the break.
    """
    body = checkpoint_body()
    previous = checkpoint_latest(out_dir)
    try:
        anchor = checkpoint_read(previous)["chains"] if previous else None
    except CheckpointError as error:
        raise BackupError(error.message) from error
    verdict = audit_verify(checkpoint=anchor)
    if not verdict.ok:
        raise BackupError(f"Không lập mốc: {audit_verify_summary(verdict)}")
    path = checkpoint_write(body, out_dir=out_dir)
    if mail_to:
        text = path.read_text(encoding="utf-8")
        with transaction.atomic():
            OutgoingEmail.objects.create(
                subject=f"[Thông Suốt] Mốc nhật ký kiểm toán {path.stem}"[:200],
                body=(f"Mốc nhật ký kiểm toán lập lúc {body['created_at']}: {len(body['chains'])} chuỗi. "
                      f"Hãy lưu thư này (tệp {path.name}) ngoài máy chủ; `thongsuot audit-verify --checkpoint "
                      f"<tệp>` đối chiếu nhật ký với nó.\n\n{text}"),
                from_email=settings.DEFAULT_FROM_EMAIL, recipients=mail_to)
            transaction.on_commit(outbox.kick)
    return CheckpointOutcome(path=path, body=body, previous=previous)
