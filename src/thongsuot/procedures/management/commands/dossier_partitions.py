import argparse
from datetime import date, datetime

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from thongsuot.procedures.partitions import (
    MONTHS_AHEAD,
    is_partitioned,
    partitions_default_rows,
    partitions_ensure,
    partitions_list,
)


def _month(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"Tháng không hợp lệ: {value} (cần dạng YYYY-MM).") from error


class Command(BaseCommand):
    help = ("Tạo trước các phân vùng theo tháng của bảng hồ sơ và bước xử lý (PostgreSQL; chạy lại không sao). "
            "Chạy hằng ngày hoặc hằng tháng từ cron.")

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=MONTHS_AHEAD,
                            help=f"Số tháng tạo trước, sau tháng hiện tại (mặc định {MONTHS_AHEAD}).")
        parser.add_argument("--since", type=_month, default=None, metavar="YYYY-MM",
                            help="Tạo cả các tháng từ tháng này (hồ sơ cũ đang nằm trong phân vùng DEFAULT).")
        parser.add_argument("--list", action="store_true", help="Liệt kê các phân vùng và số dòng ước tính.")

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0
        if connection.vendor != "postgresql" or not is_partitioned():
            if not quiet:
                self.stdout.write("Cơ sở dữ liệu này không phân vùng bảng hồ sơ: không có gì để làm.")
            return
        with transaction.atomic():
            made = partitions_ensure(first=options["since"], months_ahead=max(0, options["months"]))
        if quiet:
            return
        for name in made:
            self.stdout.write(f"  Đã tạo phân vùng {name}")
        self.stdout.write(self.style.SUCCESS(f"Phân vùng đã có đủ đến {options['months']} tháng tới "
                                             f"({len(made)} phân vùng mới)."))
        if options["list"]:
            for name, rows in partitions_list():
                self.stdout.write(f"  {name}: ~{rows:,} dòng")
        if partitions_default_rows():
            self.stdout.write(self.style.WARNING(
                "Phân vùng DEFAULT đang có hồ sơ ngoài các tháng đã tạo: tạo các tháng đó bằng "
                "`dossier-partitions --since YYYY-MM`, và kiểm tra đồng hồ của máy chủ."))
