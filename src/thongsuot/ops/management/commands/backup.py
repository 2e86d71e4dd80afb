from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thongsuot.ops.backup import BackupError, megabytes, number, seconds
from thongsuot.ops.backup.database import ENGINE_LABELS
from thongsuot.ops.services import backup_create


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu, tệp tải lên và bản kê vào một tệp .tar.gz; chạy được khi nền tảng "
            "đang phục vụ.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp sao lưu cần tạo, hoặc thư mục để đặt tệp "
                                         "thongsuot-YYYYMMDD-HHMMSS.tar.gz vào.")

    def handle(self, *args, **options):
        try:
            outcome = backup_create(path=Path(options["path"]))
        except BackupError as error:
            raise CommandError(error.message) from error
        snapshot, run, head = outcome.snapshot, outcome.run, outcome.snapshot.audit_head
        media = [name for name in outcome.files if name.startswith("media/")]
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu vào {run.path} ({megabytes(run.size_bytes)}) trong {seconds(outcome.seconds)}."))
        self.stdout.write(
            f"Cơ sở dữ liệu {ENGINE_LABELS[snapshot.engine]}: {len(snapshot.row_counts)} bảng, "
            f"{number(sum(snapshot.row_counts.values()))} dòng; nhật ký kiểm toán: "
            f"{number(snapshot.row_counts.get('audit_auditevent', 0))} sự kiện"
            + (f" (đỉnh chuỗi #{head['last_event_id']} {head['last_hash'][:12]})" if head else "")
            + f"; tệp tải lên: {number(len(media))} tệp.")
