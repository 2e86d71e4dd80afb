"""Demo staffing for Hà Nội and Lào Cai, with exact figures for the demo personas' communes.

Phường Hoàn Kiếm (demo.xa) lacks exactly one IT specialist, so recruiting one closes the gap
that demo.tinh sees on the shortage table.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from thongsuot.geo.models import Commune, Province
from thongsuot.geo.selectors import communes_sample
from thongsuot.staffing import generate, rules, services
from thongsuot.staffing.models import Enrollment, PersonnelAction, StaffingQuota, StaffMember, TrainingCourse

DEMO_PROVINCES = ("01", "15")


def _exact_hoan_kiem() -> dict:
    commune = Commune.objects.get(code="00070")
    quotas = rules.default_quotas(commune)
    return {"00070": {field: max(0, headcount - 1) if field == "it" else headcount
                      for field, headcount in quotas.items()}}


def seed_demo(personas: dict, out) -> None:
    User = get_user_model()
    tinh = personas.get("demo.tinh") or User.objects.get(username="demo.tinh")
    tinh2 = personas.get("demo.tinh2") or User.objects.get(username="demo.tinh2")
    provinces = {p.code: p for p in Province.objects.all()}
    policies = generate.policies_seed(tinh, provinces, [s for s in generate.SAMPLE_POLICIES if s[0] == "01"])
    policies += generate.policies_seed(tinh2, provinces, [s for s in generate.SAMPLE_POLICIES if s[0] == "15"])
    communes = list(Commune.objects.filter(province__code__in=DEMO_PROVINCES).select_related("province"))
    result = generate.seed_communes(communes, seed="demo", fill_override=_exact_hoan_kiem())
    if result["communes"]:
        _history(tinh, tinh2)
    out.write(f"  Nhân sự: {result['members']} cán bộ mẫu ở {result['communes']} xã, phường; "
              f"{policies} chính sách hỗ trợ đi lại.")
    # A few communes of every other province, so the national tables are not empty for 32 of 34.
    sample = generate.seed_communes(communes_sample(per_province=3, seed=34, exclude_provinces=DEMO_PROVINCES),
                                    seed="demo")
    if sample["communes"]:
        out.write(f"  Nhân sự mẫu ở {sample['communes']} xã của 32 tỉnh còn lại: {sample['members']} cán bộ "
                  f"(số liệu mẫu).")


def _history(tinh, tinh2) -> None:
    """A few decisions and courses through the services, so pages show a history and audit trail."""
    decided = date(2025, 9, 15)
    ba_dinh = Commune.objects.get(code="00004")
    mover = StaffMember.objects.filter(commune__code="00004", field="land", status="active").first()
    target = Commune.objects.filter(province__code="01", kind="xa").exclude(code="00070").order_by("code").first()
    if mover and target:
        services.staff_move(actor=tinh, member=mover, kind=PersonnelAction.Kind.TRANSFER, to_commune=target,
                            decision_number="1520/QĐ-UBND", decision_date=decided, effective_date=decided,
                            note="Tăng cường cán bộ địa chính cho xã thiếu.")
    seconded = StaffMember.objects.filter(commune=target, field="finance", status="active").first() if target else None
    if seconded:
        services.staff_move(actor=tinh, member=seconded, kind=PersonnelAction.Kind.SECONDMENT, to_commune=ba_dinh,
                            decision_number="1521/QĐ-UBND", decision_date=decided, effective_date=decided)
    bat_xat = Commune.objects.get(code="02683")
    row = StaffingQuota.objects.filter(commune=bat_xat, field="other").first()
    it_row = StaffingQuota.objects.filter(commune=bat_xat, field="it").first()
    if row and it_row and row.headcount >= 1:
        services.quota_override(actor=tinh2, quota=row, headcount=row.headcount - 1,
                                reason="Chuyển 1 chỉ tiêu sang công nghệ thông tin để chuyển đổi số.")
        services.quota_override(actor=tinh2, quota=it_row, headcount=it_row.headcount + 1,
                                reason="Xã vùng cao cần thêm cán bộ chuyển đổi số.")
    hanoi = Province.objects.get(code="01")
    today = date.today()
    course = services.course_create(actor=tinh, province=hanoi, commune=None,
                                    title="Bồi dưỡng kỹ năng số cho công chức cấp xã", field="it",
                                    organiser="Sở Khoa học và Công nghệ Hà Nội", starts_on=date(2025, 9, 8),
                                    ends_on=date(2025, 9, 12), mode=TrainingCourse.Mode.ONLINE, capacity=200)
    services.course_create(actor=tinh, province=hanoi, commune=None, title="Nghiệp vụ quản lý đất đai cấp xã",
                           field="land", organiser="Sở Nông nghiệp và Môi trường Hà Nội",
                           starts_on=today + timedelta(days=14), ends_on=today + timedelta(days=18),
                           mode=TrainingCourse.Mode.IN_PERSON, capacity=120)
    for index, member in enumerate(StaffMember.objects.filter(province=hanoi, field="it", status="active")
                                   .order_by("id")[:40]):
        enrollment = services.enrollment_create(actor=tinh, course=course, member=member)
        if index % 3:
            services.enrollment_set_status(actor=tinh, enrollment=enrollment, status=Enrollment.Status.COMPLETED,
                                           on=date(2025, 9, 12))
