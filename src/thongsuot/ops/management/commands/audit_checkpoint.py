from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thongsuot.ops.backup import BackupError
from thongsuot.ops.services import audit_checkpoint_create


class Command(BaseCommand):
    help = ("Lập mốc nhật ký kiểm toán: ghi đỉnh của mọi chuỗi, ký bằng khoá nhật ký, vào một tệp mới ngoài cơ sở "
            "dữ liệu (và gửi thư nếu được yêu cầu), sau khi kiểm tra toàn bộ chuỗi.")

    def add_arguments(self, parser):
        parser.add_argument("--out", metavar="DIR", help="Thư mục đặt tệp mốc (mặc định THONGSUOT_AUDIT_CHECKPOINT_DIR).")
        parser.add_argument("--mail", metavar="ADDRESS", action="append",
                            help="Gửi tệp mốc tới địa chỉ thư này (có thể nêu nhiều lần; mặc định "
                                 "THONGSUOT_AUDIT_CHECKPOINT_MAIL).")

    def handle(self, *args, **options):
        options["mail"] = options["mail"] or list(settings.AUDIT_CHECKPOINT_MAIL)
        try:
            outcome = audit_checkpoint_create(out_dir=Path(options["out"]) if options["out"] else None,
                                              mail_to=options["mail"])
        except BackupError as error:
            raise CommandError(error.message) from error
        chains = outcome.body["chains"]
        events = sum(head["count"] for head in chains.values())
        self.stdout.write(self.style.SUCCESS(
            f"Đã lập mốc {outcome.path}: {len(chains)} chuỗi, {events} sự kiện."
            + (f" Đã xếp thư gửi {', '.join(options['mail'])}." if options["mail"] else "")))
