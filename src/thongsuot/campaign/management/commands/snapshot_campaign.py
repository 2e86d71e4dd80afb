from datetime import date

from django.core.management.base import BaseCommand, CommandError

from thongsuot.campaign.services import snapshot_take


class Command(BaseCommand):
    help = ("Chụp số liệu tổng hợp của chiến dịch theo tỉnh cho ngày hôm nay (chạy hằng ngày, cuối ngày). "
            "Chạy lại trong ngày thì thay số liệu của ngày đó, không tạo thêm dòng.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày ghi số liệu (YYYY-MM-DD), mặc định hôm nay.")

    def handle(self, *args, **options):
        day = None
        if options.get("date"):
            try:
                day = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Ngày không hợp lệ, cần dạng YYYY-MM-DD.") from exc
        count = snapshot_take(day=day)
        self.stdout.write(f"Đã ghi số liệu chiến dịch của {count} tỉnh, thành phố.")
