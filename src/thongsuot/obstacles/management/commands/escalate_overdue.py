from django.core.management.base import BaseCommand

from thongsuot.core.commands import date_option
from thongsuot.obstacles.services import obstacles_escalate_overdue


class Command(BaseCommand):
    help = ("Xử lý khó khăn quá hạn (chạy hằng ngày): chuyển lên một cấp hoặc chỉ thông báo, theo cấu hình. "
            "Chạy lại trong cùng ngày không thay đổi gì thêm.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày xét quá hạn (YYYY-MM-DD), mặc định hôm nay.")

    def handle(self, *args, **options):
        counts = obstacles_escalate_overdue(on=date_option(options))
        self.stdout.write(f"Đã tự động chuyển cấp trên: {counts['escalated']}; đã thông báo quá hạn: "
                          f"{counts['notified']}.")
