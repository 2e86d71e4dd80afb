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
from thongsuot.procedures import national
from thongsuot.procedures.catalogue import SAMPLE_CATALOGUE, catalogue_seed
from thongsuot.procedures.models import Channel, Dossier, DossierEvent
from thongsuot.procedures.partitions import partitions_ensure
from thongsuot.procedures.services import dossier_intake, dossier_transition

Step = DossierEvent.Kind

COMMUNE_STAFF = {"demo.xa": "demo.xa.lanhdao", "demo.xa2": None, "demo.xa3": None}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quang", "Ngọc", "Đức", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hòa", "Lan", "Long", "Mai", "Nam", "Phương", "Quân", "Sơn", "Trang"]


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


#: How far back the demo's dossiers go (five working weeks, the national sample's four weeks), with room.
DEMO_DAYS = 45


def seed_demo(personas: dict, out) -> None:
    procedures = [p for p in catalogue_seed() if not p.is_internal]
    # On PostgreSQL, the months the backdated dossiers fall in get their partitions first, so nothing
    # lands in DEFAULT and the dossier list prunes from the first visit (decision 48).
    partitions_ensure(first=timezone.localdate() - timedelta(days=DEMO_DAYS))
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
