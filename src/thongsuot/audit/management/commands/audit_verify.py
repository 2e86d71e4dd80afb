from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thongsuot.audit.checkpoints import CheckpointError, checkpoint_latest, checkpoint_read
from thongsuot.audit.keys import AuditKeyError
from thongsuot.audit.services import audit_verify, audit_verify_summary


class Command(BaseCommand):
    help = ("Kiểm tra chuỗi băm của nhật ký kiểm toán (mọi chuỗi: từng tỉnh, từng bộ, trung ương), đối chiếu "
            "với mốc mới nhất đã lưu ngoài cơ sở dữ liệu, và chỉ ra mắt xích hỏng đầu tiên.")

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", metavar="FILE",
                            help="Tệp mốc cần đối chiếu (mặc định: tệp mới nhất trong THONGSUOT_AUDIT_CHECKPOINT_DIR).")
        parser.add_argument("--no-checkpoint", action="store_true", help="Không đối chiếu với mốc nào.")

    def handle(self, *args, **options):
        path = None if options["no_checkpoint"] else (
            Path(options["checkpoint"]) if options["checkpoint"] else checkpoint_latest())
        try:
            checkpoint = checkpoint_read(path) if path else None
            verdict = audit_verify(checkpoint=checkpoint["chains"] if checkpoint else None)
        except (CheckpointError, AuditKeyError) as error:
            raise CommandError(str(error)) from error
        summary = audit_verify_summary(verdict)
        if checkpoint:
            summary += f" Đối chiếu với mốc {path.name} ({checkpoint['created_at']}, {len(checkpoint['chains'])} chuỗi)."
        if not verdict.ok:
            raise CommandError(summary)
        self.stdout.write(summary)
