from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime
from django.utils.timezone import localtime

from thongsuot.ops.backup import BackupError, megabytes, number, seconds
from thongsuot.ops.backup.database import ENGINE_LABELS
from thongsuot.ops.services import backup_restore


class Command(BaseCommand):
    help = ("Khôi phục cơ sở dữ liệu và tệp tải lên từ một tệp sao lưu, rồi kiểm tra nhật ký kiểm toán, "
            "bảng số liệu hồ sơ và số dòng. Dừng nền tảng trước khi chạy.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp sao lưu do `thongsuot backup` tạo.")
        parser.add_argument("--force", action="store_true",
                            help="Ghi đè cơ sở dữ liệu và thư mục tệp tải lên đang có dữ liệu.")

    def handle(self, *args, **options):
        try:
            outcome = backup_restore(path=Path(options["path"]), force=options["force"])
        except BackupError as error:
            raise CommandError(error.message) from error
        manifest = outcome.manifest
        created = parse_datetime(manifest.get("created_at") or "")
        when = f"sao lưu lúc {localtime(created):%d/%m/%Y %H:%M:%S}, " if created else ""
        self.stdout.write(
            f"Đã khôi phục từ {options['path']} ({when}phiên bản {manifest.get('version')}, "
            f"{ENGINE_LABELS[manifest['engine']]}) trong {seconds(outcome.seconds)}; tệp tải lên: "
            f"{number(outcome.media_files)} tệp, {megabytes(outcome.media_bytes)}.")
        if outcome.moved_aside:
            self.stdout.write(f"Thư mục tệp tải lên cũ được giữ tại {outcome.moved_aside}.")
        self.stdout.write("Kiểm tra:")
        for check in outcome.checks:
            mark = self.style.SUCCESS("  ✓ ") if check.ok else self.style.ERROR("  ✗ ")
            self.stdout.write(mark + check.text)
        if outcome.pending:
            self.stdout.write(f"Bản sao lưu cũ hơn mã đang chạy: còn {len(outcome.pending)} bước chuyển đổi dữ "
                              f"liệu chưa áp dụng. Chạy `thongsuot migrate` trước khi mở lại nền tảng.")
        failed = [check for check in outcome.checks if not check.ok]
        if failed:
            raise CommandError(f"Đã khôi phục nhưng {len(failed)} kiểm tra không đạt (xem ✗ ở trên): dữ liệu "
                               f"khôi phục không khớp bản sao lưu. Đừng mở lại nền tảng trên dữ liệu này.")
        self.stdout.write(self.style.SUCCESS("Khôi phục xong, mọi kiểm tra đều đạt."))
