"""National volumes: premises, plans, equipment, connectivity and platforms for all 3,321 communes."""

from thongsuot.facilities import generate
from thongsuot.geo.models import Commune


def add_arguments(parser):
    parser.add_argument("--facilities-skip", action="store_true",
                        help="Không tạo dữ liệu trụ sở, thiết bị, kết nối.")


def seed_national(options, out) -> None:
    if options.get("facilities_skip"):
        return
    counts = generate.generate(Commune.objects.all(), seed=options.get("seed") or 2025, out=out)
    out.write(f"  Cơ sở vật chất: {counts['facilities']} cơ sở nhà đất, {counts['plans']} phương án "
              f"cho {counts['communes']} xã, phường, đặc khu.")
