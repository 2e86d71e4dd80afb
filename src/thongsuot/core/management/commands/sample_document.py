from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thongsuot.core.documents import render_as
from thongsuot.core.documents.samples import sample_letter, sample_report
from thongsuot.core.numbers import vn_number


class Command(BaseCommand):
    help = ("Ghi một văn bản mẫu theo thể thức Nghị định 30/2020 (công văn, hoặc báo cáo với --kind report) "
            "ra tệp DOCX hoặc PDF, để xem thể thức.")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("pdf", "docx"), required=True, help="Định dạng tệp.")
        parser.add_argument("--out", required=True, help="Đường dẫn tệp ghi ra.")
        parser.add_argument("--kind", choices=("letter", "report"), default="letter",
                            help="letter: công văn đề nghị (mặc định); report: báo cáo định kỳ khoảng 10 trang.")

    def handle(self, *args, **options):
        document = sample_letter() if options["kind"] == "letter" else sample_report()
        data = render_as(document, options["format"])
        out = Path(options["out"])
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {out}: {error.strerror}.") from error
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {out} ({vn_number(len(data))} byte)."))
