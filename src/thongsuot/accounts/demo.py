"""The demo personas: one per level and role that the tests and the README name."""

from __future__ import annotations

import random

from django.conf import settings
from django.db import transaction

from thongsuot.accounts.models import Agency, Membership, Role, User
from thongsuot.audit.services import audit_record
from thongsuot.geo.models import Commune

#: username, agency code (or commune/province lookup), role, full name, job title
PERSONAS = [
    ("demo.quocgia", "BCD", Role.LEADER, "Nguyễn Văn Quốc", "Phó Trưởng Ban Chỉ đạo"),
    ("demo.quantri", "BCD", Role.ADMIN, "Lê Thị Quản", "Quản trị hệ thống"),
    ("demo.bo", "BNV", Role.OFFICER, "Trần Thị Bình", "Chuyên viên Vụ Chính quyền địa phương"),
    ("demo.bo.lanhdao", "BNV", Role.LEADER, "Phạm Minh Bộ", "Vụ trưởng Vụ Chính quyền địa phương"),
    ("demo.tinh", "T01", Role.LEADER, "Hoàng Văn Tỉnh", "Phó Chủ tịch UBND Thành phố Hà Nội"),
    ("demo.tinh.chuyenvien", "T01", Role.OFFICER, "Đỗ Thị Hà", "Chuyên viên Sở Nội vụ Hà Nội"),
    ("demo.tinh.quantri", "T01", Role.ADMIN, "Vũ Văn Trị", "Quản trị UBND Thành phố Hà Nội"),
    ("demo.tinh2", "T15", Role.LEADER, "Giàng A Lào", "Phó Chủ tịch UBND tỉnh Lào Cai"),
    ("demo.xa", "X00070", Role.OFFICER, "Ngô Thị Xuân", "Công chức Văn phòng HĐND và UBND"),
    ("demo.xa.lanhdao", "X00070", Role.LEADER, "Bùi Văn Kiếm", "Chủ tịch UBND Phường Hoàn Kiếm"),
    ("demo.xa.xem", "X00070", Role.VIEWER, "Đinh Thị Xem", "Công chức Phòng Văn hóa - Xã hội"),
    ("demo.xa2", "X00004", Role.OFFICER, "Lý Văn Đình", "Công chức Văn phòng HĐND và UBND"),
    ("demo.xa2.lanhdao", "X00004", Role.LEADER, "Trần Văn Đình", "Chủ tịch UBND Phường Ba Đình"),
    ("demo.xa3", "X02683", Role.OFFICER, "Sùng Thị Xát", "Công chức Văn phòng HĐND và UBND"),
]

# Provinces whose xã are largely mountainous (for sample flags only; real flags are imported).
MOUNTAIN_PROVINCES = {"04", "08", "11", "12", "14", "15", "19", "20", "25", "52", "66", "68"}


def personas_seed() -> dict[str, User]:
    password = settings.DEMO_PASSWORD
    users = {}
    with transaction.atomic():
        for username, agency_code, role, full_name, job_title in PERSONAS:
            agency = Agency.objects.get(code=agency_code)
            user, created = User.objects.get_or_create(username=username, defaults={
                "full_name": full_name, "job_title": job_title, "email": f"{username}@demo.thongsuot.vn"})
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
            membership, m_created = Membership.objects.update_or_create(user=user, defaults={
                "agency": agency, "role": role})
            if created or m_created:
                audit_record(actor=None, action="create", obj=membership,
                             after={"username": username, "agency": agency.code, "role": role},
                             object_repr=f"{full_name} ({agency.name})")
            users[username] = user
    return users


def sample_figures_seed() -> int:
    """Give communes without official figures a generated population and mountain flag, marked as sample."""
    communes = list(Commune.objects.filter(population__isnull=True).select_related("province"))
    for commune in communes:
        rng = random.Random(commune.code)
        if commune.kind == Commune.Kind.PHUONG:
            commune.population = rng.randint(14_000, 90_000)
        elif commune.kind == Commune.Kind.DAC_KHU:
            commune.population = rng.randint(2_000, 160_000)
        else:
            commune.population = rng.randint(7_000, 38_000)
        commune.is_mountainous = (commune.kind == Commune.Kind.XA
                                  and commune.province.code in MOUNTAIN_PROVINCES and rng.random() < 0.8)
        commune.is_island = commune.kind == Commune.Kind.DAC_KHU
        commune.figures_are_sample = True
    Commune.objects.bulk_update(communes, ["population", "is_mountainous", "is_island", "figures_are_sample"],
                                batch_size=1000)
    return len(communes)


def seed_demo(personas: dict, out) -> None:
    count = sample_figures_seed()
    if count:
        out.write(f"  Số liệu mẫu (dân số, miền núi) cho {count} xã, phường, đặc khu.")
    personas.update(personas_seed())
    out.write(f"  {len(PERSONAS)} tài khoản mẫu.")
