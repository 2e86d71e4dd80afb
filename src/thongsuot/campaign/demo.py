"""The demo's campaign history: about eight weeks of daily snapshots, so the charts are alive at once."""

from thongsuot.campaign.services import snapshot_backfill
from thongsuot.core.seeding import demo_calendar


def seed_demo(personas, out) -> None:
    written = snapshot_backfill(days=56, as_of=demo_calendar().as_of)
    out.write(f"  Số liệu chiến dịch theo ngày: {written} dòng (8 tuần).\n")
