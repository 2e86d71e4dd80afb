from django.core.management.base import BaseCommand

from thongsuot.accounts.services import agencies_sync
from thongsuot.geo.services import units_load


class Command(BaseCommand):
    help = "Nạp 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu từ các gói dữ liệu (chạy lại an toàn)."

    def handle(self, *args, **options):
        result = units_load()
        agencies = agencies_sync()
        self.stdout.write(
            f"Đã nạp {result.provinces} tỉnh, thành phố; {result.communes} xã, phường, đặc khu "
            f"({result.with_coordinates} có toạ độ; {result.former_units} đơn vị cũ); {agencies} cơ quan."
        )
