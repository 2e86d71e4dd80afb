from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thongsuot.core.seeding import app_modules


class Command(BaseCommand):
    help = "Tạo dữ liệu trình diễn: tài khoản mẫu cho mọi cấp và vai trò, số liệu mẫu (chạy lại an toàn)."

    def handle(self, *args, **options):
        if not settings.DEMO_ALLOWED:
            raise CommandError("Không được tạo dữ liệu trình diễn trên hệ thống chính thức (THONGSUOT_PRODUCTION).")
        from thongsuot.geo.models import Commune

        if Commune.objects.count() == 0:
            raise CommandError("Chưa có đơn vị hành chính. Chạy `thongsuot load-units` trước.")
        personas: dict = {}
        for module in app_modules("demo"):
            if hasattr(module, "seed_demo"):
                module.seed_demo(personas, self.stdout)
        self.stdout.write(self.style.SUCCESS("Dữ liệu trình diễn đã sẵn sàng."))
        self.stdout.write(f"Mật khẩu chung của các tài khoản mẫu: {settings.DEMO_PASSWORD}")
        from thongsuot.accounts.demo import PERSONAS

        for username, _code, _role, _full_name, job_title in PERSONAS:
            self.stdout.write(f"  {username:<22} {job_title}")
