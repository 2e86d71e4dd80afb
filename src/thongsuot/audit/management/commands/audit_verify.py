from django.core.management.base import BaseCommand, CommandError

from thongsuot.audit.services import audit_verify, audit_verify_summary


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký kiểm toán và chỉ ra mắt xích hỏng đầu tiên."

    def handle(self, *args, **options):
        checked, broken, reason = audit_verify()
        summary = audit_verify_summary(checked, broken, reason)
        if reason:
            raise CommandError(summary)
        self.stdout.write(summary)
