from argparse import ArgumentTypeError
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thongsuot.accounts.demo import PERSONAS
from thongsuot.core.seeding import app_modules, seeding_as_of
from thongsuot.geo.models import Commune


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        # argparse turns this into one line on stderr ("argument --as-of: …"), with no traceback.
        raise ArgumentTypeError(f"ngày “{value}” không hợp lệ: hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ "
                                f"2025-12-14.") from error


class Command(BaseCommand):
    help = ("Tạo dữ liệu trình diễn: tài khoản mẫu cho mọi cấp và vai trò, số liệu mẫu (chạy lại an toàn). "
            "Đợt tháo gỡ khó khăn được tính từ ngày tạo: văn bản chỉ đạo ban hành trước đó ba tuần, hạn sau đó "
            "hơn hai tuần.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=_day, default=None, metavar="YYYY-MM-DD",
                            help="Tạo dữ liệu như thể hôm nay là ngày này (mặc định: hôm nay). "
                                 "Ví dụ --as-of 2025-12-14 cho văn bản ngày 23/11/2025, hạn 31/12/2025.")

    def handle(self, *args, **options):
        if not settings.DEMO_ALLOWED:
            raise CommandError("Không được tạo dữ liệu trình diễn trên hệ thống chính thức (THONGSUOT_PRODUCTION).")
        with seeding_as_of(options["as_of"]) as when:
            self.stdout.write(f"Đợt trình diễn tính đến ngày {when.as_of:%d/%m/%Y}: văn bản chỉ đạo ngày "
                              f"{when.issued_on:%d/%m/%Y}, hạn hoàn thành {when.deadline:%d/%m/%Y}.")
            self._seed()

    def _seed(self):
        if Commune.objects.count() == 0:
            raise CommandError("Chưa có đơn vị hành chính. Chạy `thongsuot load-units` trước.")
        personas: dict = {}
        for module in app_modules("demo"):
            if hasattr(module, "seed_demo"):
                module.seed_demo(personas, self.stdout)
        self.stdout.write(self.style.SUCCESS("Dữ liệu trình diễn đã sẵn sàng."))
        self.stdout.write(f"Mật khẩu chung của các tài khoản mẫu: {settings.DEMO_PASSWORD}")
        for username, _code, _role, _full_name, job_title in PERSONAS:
            self.stdout.write(f"  {username:<22} {job_title}")
