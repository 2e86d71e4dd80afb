from django.core.management import call_command
from django.core.management.base import BaseCommand

from thongsuot.jobs.worker import recover_interrupted, worker_id
from thongsuot.notifications.outbox import deliver_outbox


class Command(BaseCommand):
    help = ("Chạy bộ xử lý công việc nền (hàng đợi django-tasks trong cơ sở dữ liệu): nhập, xuất, báo cáo, "
            "gửi thư. Khi khởi động, công việc bị bỏ dở do bộ xử lý trước dừng đột ngột được đánh dấu "
            "không thành công.")

    def add_arguments(self, parser):
        parser.add_argument("--queues", default="*",
                            help="Các hàng đợi cần xử lý, cách nhau bởi dấu phẩy (mặc định: tất cả).")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Số giây chờ giữa hai lần kiểm tra khi hàng đợi trống.")
        parser.add_argument("--batch", action="store_true",
                            help="Xử lý hết các công việc đang chờ rồi dừng.")

    def handle(self, *args, **options):
        name = worker_id()
        recovered = recover_interrupted()
        if recovered:
            self.stderr.write(f"Đã đánh dấu không thành công {recovered} công việc bị bỏ dở.")
        # Catch up on mail that fell due while no worker ran.
        deliver_outbox.enqueue()
        self.stdout.write(f"Bộ xử lý công việc nền {name}: hàng đợi {options['queues']}.")
        call_command("db_worker", queue_name=options["queues"], interval=options["interval"],
                     batch=options["batch"], reload=False, startup_delay=False, worker_id=name,
                     verbosity=options["verbosity"])
