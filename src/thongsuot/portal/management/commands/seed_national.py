from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thongsuot.core.seeding import app_modules


class Command(BaseCommand):
    help = "Tạo khối lượng dữ liệu quy mô toàn quốc để đo hiệu năng (không dùng trên hệ thống chính thức)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025, help="Hạt giống ngẫu nhiên.")
        parser.add_argument("--only", default="", help="Chỉ chạy cho các ứng dụng này (ví dụ: procedures,staffing).")
        for module in app_modules("national"):
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args, **options):
        if not settings.DEMO_ALLOWED:
            raise CommandError("Không được tạo dữ liệu giả lập trên hệ thống chính thức (THONGSUOT_PRODUCTION).")
        only = {label.strip() for label in options["only"].split(",") if label.strip()}
        for module in app_modules("national"):
            app_label = module.__name__.split(".")[1]
            if only and app_label not in only:
                continue
            if hasattr(module, "seed_national"):
                module.seed_national(options, self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu quy mô toàn quốc."))
