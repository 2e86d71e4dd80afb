from django.core.management.base import BaseCommand, CommandError

from thongsuot.audit.services import audit_verify

REASONS = {
    "prev_hash": "không khớp với mã băm của sự kiện liền trước (có sự kiện bị xoá hoặc chèn)",
    "hash": "nội dung đã bị sửa sau khi ghi",
    "head": "sự kiện cuối cùng của chuỗi đã bị xoá",
}


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký kiểm toán và chỉ ra mắt xích hỏng đầu tiên."

    def handle(self, *args, **options):
        checked, broken, reason = audit_verify()
        if reason:
            where = f"sự kiện #{broken.pk} ({broken.created_at:%d/%m/%Y %H:%M:%S})" if broken else "cuối chuỗi"
            raise CommandError(f"Chuỗi nhật ký bị phá vỡ tại {where}: {REASONS[reason]}. "
                               f"{checked} sự kiện trước đó hợp lệ.")
        self.stdout.write(f"Chuỗi nhật ký toàn vẹn: {checked} sự kiện đã kiểm tra.")
