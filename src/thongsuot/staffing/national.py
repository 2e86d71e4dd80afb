"""National-scale staffing: ~130,000 staff over the 3,321 communes, with realistic shortages."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model

from thongsuot.accounts.demo import sample_figures_seed
from thongsuot.accounts.models import Level, Membership
from thongsuot.geo.models import Commune, Province
from thongsuot.staffing import generate


def add_arguments(parser):
    parser.add_argument("--staffing-skip", action="store_true", help="Không tạo dữ liệu nhân sự.")
    parser.add_argument("--staffing-provinces", default="",
                        help="Chỉ tạo nhân sự cho các tỉnh này (mã, cách nhau bởi dấu phẩy).")


def seed_national(options, out) -> None:
    if options.get("staffing_skip"):
        return

    sample_figures_seed()  # the rule needs population; generated figures are marked as samples
    started = time.monotonic()
    provinces = Province.objects.all()
    if options.get("staffing_provinces"):
        provinces = provinces.filter(code__in=[c.strip() for c in options["staffing_provinces"].split(",")])
    by_code = {p.code: p for p in provinces}
    actor = _province_actor()
    if actor is not None:
        generate.policies_seed(actor, by_code, generate.POLICIES)
    total = {"communes": 0, "members": 0}
    for province in provinces:
        communes = list(Commune.objects.filter(province=province))
        result = generate.seed_communes(communes, seed="national")
        total["communes"] += result["communes"]
        total["members"] += result["members"]
    out.write(f"  Nhân sự: {total['members']} cán bộ ở {total['communes']} xã, phường, đặc khu "
              f"({time.monotonic() - started:.0f} giây).")


def _province_actor():
    """A national leader adopts the sample policies (audit needs an actor)."""
    membership = (Membership.objects.filter(agency__level=Level.CENTRAL, role="leader")
                  .select_related("user").first())
    return membership.user if membership else get_user_model().objects.filter(is_superuser=True).first()
