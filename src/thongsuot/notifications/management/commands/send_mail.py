import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from thongsuot.notifications.models import OutgoingEmail
from thongsuot.notifications.outbox import MAX_ATTEMPTS, deliver_pending


class Command(BaseCommand):
    help = ("Gửi các thư điện tử đang chờ (kể cả thư gửi lỗi đến lượt gửi lại). Chạy định kỳ (cron) "
            "để gửi lại thư khi máy chủ thư tạm ngừng; --watch để chạy liên tục.")

    def add_arguments(self, parser):
        parser.add_argument("--watch", action="store_true", help="Chạy liên tục, kiểm tra mỗi 30 giây.")

    def handle(self, *args, **options):
        while True:
            sent = deliver_pending()
            waiting = OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).count()
            failed = OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS).count()
            self.stdout.write(f"{timezone.localtime():%H:%M:%S} Đã gửi {sent} thư; còn chờ gửi lại {waiting}; "
                              f"gửi lỗi {failed} thư (đã thử {MAX_ATTEMPTS} lần).")
            if not options["watch"]:
                return
            time.sleep(30)
