from django.core.management.base import BaseCommand, CommandError

from thongsuot.geo.models import Province
from thongsuot.procedures.stats import stats_rebuild, stats_verify


class Command(BaseCommand):
    help = "Tính lại (--rebuild) hoặc đối chiếu (--verify) bảng số liệu hồ sơ theo xã, theo ngày."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="Xóa và tính lại bảng số liệu từ các hồ sơ.")
        action.add_argument("--verify", action="store_true",
                            help="Đối chiếu bảng số liệu với số liệu tính lại; báo mọi chênh lệch.")
        parser.add_argument("--province", help="Chỉ xử lý một tỉnh (mã 2 chữ số).")

    def handle(self, *args, **options):
        province_id = None
        if options["province"]:
            province = Province.objects.filter(code=options["province"]).first()
            if province is None:
                raise CommandError(f"Không có tỉnh mã {options['province']}.")
            province_id = province.pk
        if options["rebuild"]:
            count = stats_rebuild(province_id=province_id)
            self.stdout.write(self.style.SUCCESS(f"Đã tính lại bảng số liệu: {count} dòng."))
            return
        differences = stats_verify(province_id=province_id)
        if not differences:
            self.stdout.write(self.style.SUCCESS("Bảng số liệu khớp với hồ sơ."))
            return
        for item in differences[:50]:
            changes = ", ".join(f"{name}: {have} ≠ {want}" for name, (have, want) in item["changes"].items())
            unit = f"xã #{item['commune_id']}" if item["commune_id"] else f"tỉnh #{item['province_id']}"
            self.stdout.write(f"  {unit} ngày {item['day']:%d/%m/%Y}: {changes}")
        raise CommandError(f"Bảng số liệu lệch ở {len(differences)} dòng (đang có ≠ tính lại). "
                           f"Chạy `thongsuot dossier-stats --rebuild` để sửa.")
