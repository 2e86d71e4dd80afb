from django.core.management.base import BaseCommand

from thongsuot.audit.services import audit_record
from thongsuot.geo.models import Province
from thongsuot.staffing.services import allowances_recompute


class Command(BaseCommand):
    help = ("Tính lại hỗ trợ đi lại hằng tháng của mọi cán bộ theo chính sách đang có hiệu lực hôm nay "
            "(chạy đầu mỗi tháng, để chính sách hết hạn hoặc bắt đầu có hiệu lực được áp dụng).")

    def add_arguments(self, parser):
        parser.add_argument("--province", default="", help="Chỉ tính cho tỉnh có mã này.")

    def handle(self, *args, **options):
        provinces = Province.objects.all()
        if options["province"]:
            provinces = provinces.filter(code=options["province"])
        total = 0
        for province in provinces:
            changed = allowances_recompute(province_id=province.pk)
            if changed:
                audit_record(actor=None, action="recompute", object_type="staffing.travelallowance",
                             object_id=province.code, object_repr=f"Hỗ trợ đi lại {province.name}",
                             changes={"members_changed": changed})
            total += changed
        self.stdout.write(f"Đã tính lại hỗ trợ đi lại: {total} người thay đổi mức hỗ trợ.")
