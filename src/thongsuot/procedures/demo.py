"""Demo data: a sample catalogue of commune-level procedures and a month of dossiers per demo commune.

The catalogue is realistic but marked `is_sample`: names, limits and fees follow common
commune-level procedures; the codes are illustrative, not copied from the national database.
Dossiers go through the real services (backdated), so events, audit and figures agree.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from thongsuot.accounts.models import User
from thongsuot.core import calendar
from thongsuot.core.vocabulary import ProcedureField
from thongsuot.procedures import national
from thongsuot.procedures.models import Channel, Dossier, DossierEvent, OnlineLevel, Procedure
from thongsuot.procedures.services import dossier_intake, dossier_transition

Step = DossierEvent.Kind

#: code, name, sector, limit (working days), fee (VND), online level, internal
SAMPLE_CATALOGUE = [
    ("M.001193", "Đăng ký khai sinh", ProcedureField.CIVIL_STATUS, 1, 0, OnlineLevel.FULL, False),
    ("M.000894", "Đăng ký kết hôn", ProcedureField.CIVIL_STATUS, 5, 0, OnlineLevel.PARTIAL, False),
    ("M.000656", "Đăng ký khai tử", ProcedureField.CIVIL_STATUS, 1, 0, OnlineLevel.FULL, False),
    ("M.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", ProcedureField.CIVIL_STATUS, 3, 0, OnlineLevel.FULL, False),
    ("M.004859", "Cấp bản sao trích lục hộ tịch", ProcedureField.CIVIL_STATUS, 1, 8_000, OnlineLevel.FULL, False),
    ("M.001019", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", ProcedureField.CERTIFICATION, 1, 2_000,
     OnlineLevel.PARTIAL, False),
    ("M.001016", "Chứng thực chữ ký trong giấy tờ, văn bản", ProcedureField.CERTIFICATION, 1, 10_000, OnlineLevel.NONE, False),
    ("M.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", ProcedureField.CERTIFICATION, 2,
     50_000, OnlineLevel.NONE, False),
    ("M.001612", "Đăng ký thành lập hộ kinh doanh", ProcedureField.BUSINESS, 3, 100_000, OnlineLevel.FULL, False),
    ("M.003003", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu", ProcedureField.LAND, 20, 0, OnlineLevel.PARTIAL, False),
    ("M.009794", "Cấp giấy phép xây dựng nhà ở riêng lẻ", ProcedureField.CONSTRUCTION, 15, 75_000, OnlineLevel.PARTIAL,
     False),
    ("M.001776", "Trợ giúp xã hội thường xuyên đối với đối tượng bảo trợ xã hội", ProcedureField.SOCIAL, 10, 0,
     OnlineLevel.PARTIAL, False),
    ("M.010815", "Giải quyết chế độ trợ cấp một lần đối với thân nhân người có công", ProcedureField.MERIT, 12, 0,
     OnlineLevel.PARTIAL, False),
    ("M.005097", "Xét, cấp học bổng chính sách cho học sinh", ProcedureField.EDUCATION, 5, 0, OnlineLevel.PARTIAL, False),
    ("M.NB0001", "Thẩm định kế hoạch sử dụng đất hằng năm cấp xã (thủ tục nội bộ)", ProcedureField.LAND, 15, 0,
     OnlineLevel.NONE, True),
]

COMMUNE_STAFF = {"demo.xa": "demo.xa.lanhdao", "demo.xa2": None, "demo.xa3": None}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Ngọc", "Đức", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hòa", "Lan", "Long", "Mai", "Nam", "Phương", "Quân", "Sơn", "Trang"]


def catalogue_seed() -> list[Procedure]:
    procedures = []
    for code, name, sector, days, fee, online, internal in SAMPLE_CATALOGUE:
        procedure, _created = Procedure.objects.update_or_create(code=code, defaults={
            "name": name, "sector": sector, "time_limit_days": days, "fee": fee, "online_level": online,
            "is_internal": internal, "is_sample": True,
            "legal_basis": "Dữ liệu mẫu để trình diễn (mã minh họa, không phải mã chính thức)."})
        procedures.append(procedure)
    return procedures


def _moment(day, rng) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59))))


def _dossiers_seed(officer, leader, procedures, rng, out) -> int:
    today = timezone.localdate()
    now = timezone.now()
    count = 0
    day = calendar.add_working_days(today, -25)
    while day <= today:
        if calendar.is_working_day(day):
            for _ in range(rng.randint(1, 3)):
                count += _one_dossier(officer, leader, rng.choice(procedures), day, today, now, rng)
        day += timedelta(days=1)
    return count


def _one_dossier(officer, leader, procedure, day, today, now, rng) -> int:
    channel = rng.choices(Channel.values, weights=[35, 60, 5])[0]
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    registered_only = channel == Channel.ONLINE and day == today and rng.random() < 0.5
    received_at = min(_moment(day, rng), now)
    dossier = dossier_intake(actor=officer, procedure=procedure, channel=channel, applicant_name=name,
                             applicant_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                             applicant_address=f"Số {rng.randint(1, 200)}, tổ {rng.randint(1, 30)}",
                             register_only=registered_only, at=received_at)
    if registered_only:
        return 1
    due = dossier.due_date
    roll = rng.random()
    plan: list[tuple[str, int]] = []     # (step, working days after receipt)
    if roll < 0.04:
        plan = [(Step.WITHDRAW, 1)]
    elif roll < 0.14:
        plan = [(Step.PROCESS, 0), (Step.SUPPLEMENT_REQUEST, 1), (Step.SUPPLEMENT_RECEIVED, 3)]
        plan += [(Step.FINISH, 3 + max(1, procedure.time_limit_days - 1)),
                 (Step.RETURN_RESULT, 5 + procedure.time_limit_days)]
    elif roll < 0.17:
        plan = [(Step.PROCESS, 0), (Step.SUPPLEMENT_REQUEST, 1), (Step.SUPPLEMENT_RECEIVED, 2),
                (Step.SUPPLEMENT_REQUEST, 2), (Step.SUPPLEMENT_RECEIVED, 3), (Step.FINISH, 4)]
    elif roll < 0.20 and leader is not None:
        plan = [(Step.PROCESS, 0), (Step.EXTEND, procedure.time_limit_days),
                (Step.FINISH, procedure.time_limit_days + 2)]
    elif roll < 0.22:
        plan = [(Step.PROCESS, 0), (Step.FINISH, procedure.time_limit_days + 1)]
    else:
        finish = rng.randint(0, procedure.time_limit_days)
        plan = [(Step.PROCESS, 0), (Step.FINISH, finish), (Step.RETURN_RESULT, finish + rng.randint(0, 2))]
    last = dossier.received_at
    for kind, offset in plan:
        when_day = calendar.add_working_days(day, offset) if offset else day
        if when_day > today:
            break
        moment = max(min(_moment(when_day, rng), now), last)
        last = moment
        actor = leader if kind in (Step.EXTEND, Step.STOP) else officer
        extra = {}
        if kind == Step.EXTEND:
            extra["new_appointment"] = calendar.add_working_days(due, 3)
        notes = {Step.SUPPLEMENT_REQUEST: "Bổ sung bản sao giấy tờ tùy thân", Step.WITHDRAW: "Công dân xin rút hồ sơ",
                 Step.EXTEND: "Cần xác minh thêm thông tin tại thực địa"}
        dossier = dossier_transition(actor=actor, dossier=dossier, kind=kind, at=moment, note=notes.get(kind, ""),
                                     **extra)
    return 1


def seed_demo(personas: dict, out) -> None:
    procedures = [p for p in catalogue_seed() if not p.is_internal]
    out.write(f"  Danh mục mẫu: {len(SAMPLE_CATALOGUE)} thủ tục hành chính cấp xã (dữ liệu mẫu).")
    total = 0
    for officer_name, leader_name in COMMUNE_STAFF.items():
        officer = personas.get(officer_name)
        if officer is None:
            continue
        commune_id = officer.membership.agency.commune_id
        if Dossier.objects.filter(commune_id=commune_id).exists():
            continue
        rng = random.Random(f"thongsuot-{officer_name}")
        total += _dossiers_seed(officer, personas.get(leader_name) if leader_name else None, procedures, rng, out)
    if total:
        out.write(f"  {total} hồ sơ mẫu cho các xã, phường trình diễn.")
    _national_sample(out)


#: Dossiers spread over every commune for the last four weeks, so national figures have all 34 provinces.
NATIONAL_SAMPLE = 6000


def _national_sample(out) -> None:
    """Generated dossiers (applicant “dữ liệu giả lập”) through the national generator, once."""
    demo_communes = [p.membership.agency.commune_id for p in User.objects.filter(username__in=COMMUNE_STAFF)
                     .select_related("membership__agency")]
    if Dossier.objects.exclude(commune_id__in=demo_communes).exists():
        return
    national.seed_national({"dossiers": NATIONAL_SAMPLE, "dossier_days": 28, "seed": 766}, _Quiet())
    out.write(f"  {NATIONAL_SAMPLE} hồ sơ mẫu ở các xã của cả 34 tỉnh trong bốn tuần qua (số liệu mẫu).")


class _Quiet:
    """An output that keeps the generator's progress lines off the demo's summary."""

    def write(self, _text: str) -> None:
        pass
