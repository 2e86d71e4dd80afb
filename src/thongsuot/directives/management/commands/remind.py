from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thongsuot.core.commands import date_option
from thongsuot.directives.services import remind_days_default, reminders_send


class Command(BaseCommand):
    help = ("Nhắc hạn nhiệm vụ được giao: trước hạn N ngày làm việc, đúng ngày đến hạn và khi quá hạn. "
            "Chạy hằng ngày; chạy lại không tạo nhắc trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Số ngày làm việc nhắc trước hạn (mặc định THONGSUOT_DIRECTIVES_REMIND_DAYS hoặc 3).")
        parser.add_argument("--date", default=None, help="Ngày chạy, dạng YYYY-MM-DD (mặc định hôm nay).")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else remind_days_default()
        if days < 0:
            raise CommandError("--days phải là số không âm.")
        today = date_option(options) or timezone.localdate()
        created = reminders_send(today=today, days_before=days)
        self.stdout.write(f"Đã tạo {created} lời nhắc hạn mới ngày {today:%d/%m/%Y}.")
