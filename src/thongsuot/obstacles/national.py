"""National-scale volumes: ~50,000 cases with ~250,000 timeline events over all 3,321 communes.

Rows are bulk-created (no audit events: this is benchmark data, never a real history).
Each case follows one realistic path up and down the ladder, so its status, level, agency
and events agree with each other.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from thongsuot.accounts.models import Agency, Level, User
from thongsuot.core.calendar import add_working_days, working_days_between
from thongsuot.core.vocabulary import DOMAIN_SECTOR, MINISTRY_CODES, Domain
from thongsuot.obstacles import tallies
from thongsuot.obstacles.models import (
    EscalationAnswer,
    EscalationRequest,
    Obstacle,
    ObstacleEvent,
    ObstacleSettings,
    RequestCase,
    Severity,
)

MARK = "natl-"
#: (weight, steps); each step is (event kind, status after, level after); "comment" keeps the state.
PATHS = [
    (8, [("acknowledge", "acknowledged", "commune")]),
    (10, [("acknowledge", "acknowledged", "commune"), ("start", "in_progress", "commune"), ("comment", None, None)]),
    (6, [("comment", None, None)]),
    (8, [("acknowledge", "acknowledged", "commune"), ("escalate", "escalated", "province"), ("comment", None, None)]),
    (10, [("escalate", "escalated", "province"), ("acknowledge", "acknowledged", "province"),
          ("start", "in_progress", "province"), ("comment", None, None)]),
    (6, [("escalate", "escalated", "province"), ("acknowledge", "acknowledged", "province"),
         ("escalate", "escalated", "ministry"), ("comment", None, None)]),
    (5, [("escalate", "escalated", "province"), ("escalate", "escalated", "ministry"),
         ("acknowledge", "acknowledged", "ministry"), ("answer", "answered", "province"), ("comment", None, None)]),
    (4, [("escalate", "escalated", "province"), ("return", "returned", "commune"), ("comment", None, None)]),
    (10, [("escalate", "escalated", "province"), ("acknowledge", "acknowledged", "province"),
          ("resolve", "resolved", "commune")]),
    (22, [("acknowledge", "acknowledged", "commune"), ("start", "in_progress", "commune"),
          ("resolve", "resolved", "commune"), ("close", "closed", "commune")]),
    (7, [("escalate", "escalated", "province"), ("escalate", "escalated", "ministry"),
         ("answer", "answered", "province"), ("pass_down", "answered", "commune"), ("close", "closed", "commune"),
         ("comment", None, None)]),
    (2, [("escalate", "escalated", "province"), ("escalate", "escalated", "national"), ("comment", None, None)]),
    (2, [("acknowledge", "acknowledged", "commune"), ("resolve", "resolved", "commune"),
         ("reopen", "reopened", "commune")]),
]
TITLES = {
    "org_staff": ["Thiếu công chức {f}", "Chưa bố trí đủ biên chế {f}", "Công chức {f} chưa được đào tạo"],
    "hq_assets": ["Trụ sở {f} xuống cấp", "Chưa có phương án xử lý trụ sở {f} dôi dư", "Thiếu phòng làm việc {f}"],
    "equipment_it": ["Thiếu máy tính {f}", "Đường truyền {f} chập chờn", "Chưa có thiết bị họp trực tuyến {f}"],
    "procedures": ["Thủ tục {f} chưa rõ thẩm quyền", "Phần mềm một cửa chưa liên thông {f}"],
    "decentralisation": ["Nhiệm vụ phân cấp {f} chưa có hướng dẫn", "Không đủ điều kiện thực hiện nhiệm vụ {f}"],
    "finance": ["Thiếu kinh phí {f}", "Chưa được giao dự toán {f}"],
    "other": ["Vướng mắc {f}", "Kiến nghị về {f}"],
}
FIELDS = ["địa chính", "xây dựng", "tư pháp - hộ tịch", "văn hóa - xã hội", "tài chính - kế toán",
          "công nghệ thông tin", "giáo dục", "y tế", "nông nghiệp", "môi trường"]
#: How often each domain comes up in the sample (the two directive-only domains do not).
DOMAIN_WEIGHTS = {Domain.ORG_STAFF: 22, Domain.HQ_ASSETS: 18, Domain.EQUIPMENT_IT: 16, Domain.PROCEDURES: 14,
                  Domain.DECENTRALISATION: 12, Domain.FINANCE: 12, Domain.OTHER: 6}


def add_arguments(parser):
    parser.add_argument("--obstacles", type=int, default=50_000,
                        help="Số khó khăn, vướng mắc giả lập (mặc định 50.000; 0 để bỏ qua).")


def seed_national(options, out) -> None:
    count = options.get("obstacles", 50_000)
    if not count:
        return
    existing = Obstacle.objects.filter(submission_key__startswith=MARK).count()
    if existing >= count:
        out.write(f"  Đã có {existing} khó khăn giả lập, bỏ qua.")
        return
    rng = random.Random(options.get("seed", 2025))
    created = _seed(count - existing, rng, start_index=existing)
    tallies.rebuild()
    tallies.rebuild_requests()
    out.write(f"  {created[0]} khó khăn, vướng mắc và {created[1]} sự kiện xử lý giả lập.")


def _seed(count: int, rng: random.Random, start_index: int, *, days: int = 150, mark: str = MARK,
          label: str = "", note: str = "dữ liệu giả lập quy mô toàn quốc") -> tuple[int, int]:
    """Bulk-create `count` cases filed over the last `days` days, keyed `mark` + index, titles after `label`."""
    limits = ObstacleSettings.current()
    commune_agencies = list(Agency.objects.filter(level=Level.COMMUNE).order_by("commune__code")
                            .values_list("id", "commune_id", "province_id"))
    province_agency = dict(Agency.objects.filter(level=Level.PROVINCE).values_list("province_id", "id"))
    ministries = dict(Agency.objects.filter(level=Level.MINISTRY).values_list("code", "id"))
    national = Agency.objects.get(code="BCD").pk
    author = User.objects.filter(membership__agency__level=Level.COMMUNE).order_by("id").first() \
        or User.objects.order_by("id").first()
    # Larger provinces file more: weight each commune at random, heavier in a few provinces.
    weights = [rng.uniform(0.5, 1.5) * (2.5 if prov in (1, 79) else 1.0) for _a, _c, prov in commune_agencies]
    today = timezone.localdate()
    now = timezone.localtime()     # a case's later steps never lie in the future; dates read as local dates
    tz = timezone.get_current_timezone()
    due_cache: dict = {}

    def due(level, start):
        key = (level, start)
        if key not in due_cache:
            due_cache[key] = add_working_days(start, limits.days_for(level))
        return due_cache[key]

    taken_cache: dict = {}

    def taken(start, end):
        if (start, end) not in taken_cache:
            taken_cache[start, end] = working_days_between(start, end)
        return taken_cache[start, end]

    path_weights = [w for w, _p in PATHS]
    total_events = 0
    batch = 2000
    made = 0
    while made < count:
        size = min(batch, count - made)
        picks = rng.choices(commune_agencies, weights=weights, k=size)
        if made == 0 and size >= len(province_agency):
            # Every province gets at least one case: the first picks are one commune of each.
            by_province: dict = {}
            for row in commune_agencies:
                by_province.setdefault(row[2], []).append(row)
            picks[:len(by_province)] = [rng.choice(rows) for _prov, rows in sorted(by_province.items())]
        obstacles, plans = [], []
        for offset, (agency_id, commune_id, province_id) in enumerate(picks):
            index = start_index + made + offset
            domain = rng.choices(list(DOMAIN_WEIGHTS), weights=list(DOMAIN_WEIGHTS.values()))[0]
            title = label + rng.choice(TITLES[domain]).format(f=rng.choice(FIELDS))
            description = f"{title} ({note}, số {index})."
            filed = today - timedelta(days=rng.randint(0, days))
            created_at = min(datetime.combine(filed, time(rng.randint(7, 16), rng.randint(0, 59)), tz), now)
            steps = rng.choices(PATHS, weights=path_weights)[0][1]
            status, level, when, entered = "new", "commune", created_at, filed
            events = [("create", "", "new", "", "commune", created_at)]
            ministry_id = None
            written = []
            for kind, to_status, to_level in steps:
                when = min(when + timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 8)), now)
                if kind == "comment":
                    events.append(("comment", status, status, level, level, when))
                    continue
                if to_level == "ministry":
                    ministry_id = ministries[MINISTRY_CODES[DOMAIN_SECTOR[domain]]]
                if to_level in ("ministry", "national"):
                    written.append((to_level, when))
                if kind == "answer":
                    # Ministries take from a day to well past their limit to answer in writing.
                    when = min(when + timedelta(days=rng.choice((0, 1, 2, 4, 7, 10, 14, 20, 30))), now)
                    written.append(("answer", when))
                events.append((kind, status, to_status, level, to_level, when))
                if to_level != level:
                    entered = when.date()
                status, level = to_status, to_level
            if rng.random() < 0.65:
                when = min(when + timedelta(hours=rng.randint(1, 48)), now)
                events.append(("comment", status, status, level, level, when))
            responsible = {"commune": agency_id, "province": province_agency[province_id],
                           "ministry": ministry_id, "national": national}[level]
            if status in ("resolved", "closed"):
                responsible = agency_id
            open_case = status not in ("resolved", "closed")
            obstacle = Obstacle(
                province_id=province_id, commune_id=commune_id, origin_agency_id=agency_id,
                responsible_agency_id=responsible, ministry_id=ministry_id, domain=domain, title=title,
                description=description, severity=rng.choices(Severity.values, weights=[25, 45, 22, 8])[0],
                level=level, status=status, level_entered_on=min(entered, today),
                due_date=due(level, min(entered, today)) if open_case else None,
                resolution="Đã giải quyết (giả lập)." if not open_case else "",
                resolved_level="province" if not open_case else "", created_by=author, created_at=created_at,
                updated_at=when, version=len(events), submission_key=f"{mark}{index}")
            obstacle.refresh_search_key()
            obstacles.append(obstacle)
            plans.append((events, written))
        with transaction.atomic():
            Obstacle.objects.bulk_create(obstacles, batch_size=1000)
            if obstacles[0].pk is None:  # a backend that does not return ids
                keys = [o.submission_key for o in obstacles]
                ids = dict(Obstacle.objects.filter(submission_key__in=keys).values_list("submission_key", "id"))
                for o in obstacles:
                    o.pk = o.id = ids[o.submission_key]
            rows, requests, answers = [], [], []
            for obstacle, (events, written) in zip(obstacles, plans, strict=True):
                for kind, from_s, to_s, from_l, to_l, when in events:
                    rows.append(ObstacleEvent(obstacle_id=obstacle.pk, province_id=obstacle.province_id,
                                              commune_id=obstacle.commune_id, kind=kind, from_status=from_s,
                                              to_status=to_s, from_level=from_l, to_level=to_l,
                                              agency_id=obstacle.origin_agency_id, created_at=when,
                                              message="Ý kiến xử lý (giả lập)." if kind == "comment" else ""))
                for target, when in written:
                    if target == "answer":
                        answers.append((obstacle, when))
                        continue
                    to_agency = obstacle.ministry_id if target == "ministry" else national
                    answered_at = next((w for t, w in written if t == "answer"), None)
                    sent_on = when.date()
                    answer_due = due(target, sent_on)
                    requests.append(EscalationRequest(
                        obstacle_id=obstacle.pk, from_agency_id=province_agency[obstacle.province_id],
                        to_agency_id=to_agency, to_level=target, number=f"{rng.randint(1, 999)}/UBND-NV",
                        signed_on=sent_on, signer_name="Người ký giả lập", signer_title="Phó Chủ tịch",
                        content="Đề nghị hướng dẫn (giả lập).", created_by=author, created_at=when,
                        excerpt="đề nghị hướng dẫn tháo gỡ khó khăn (giả lập)", domain=obstacle.domain,
                        province_id=obstacle.province_id, sent_on=sent_on, answer_days=limits.days_for(target),
                        answer_due=answer_due, answered_on=answered_at.date() if answered_at else None,
                        days_taken=taken(sent_on, answered_at.date()) if answered_at else None))
            ObstacleEvent.objects.bulk_create(rows, batch_size=5000)
            EscalationRequest.objects.bulk_create(requests, batch_size=2000)
            answered_by: dict = {}
            if answers:
                by_obstacle = dict(EscalationRequest.objects.filter(
                    obstacle_id__in=[o.pk for o, _w in answers]).values_list("obstacle_id", "id"))
                made_answers = EscalationAnswer.objects.bulk_create([EscalationAnswer(
                    request_id=by_obstacle[o.pk], obstacle_id=o.pk, agency_id=o.ministry_id, number="1/BNV-CQĐP",
                    signed_on=when.date(), signer_name="Người ký giả lập", signer_title="Vụ trưởng",
                    guidance="Hướng dẫn (giả lập).", created_by=author, created_at=when) for o, when in answers],
                    batch_size=2000)
                answered_by = {a.request_id: a.pk for a in made_answers}
            RequestCase.objects.bulk_create([RequestCase(request_id=r.pk, obstacle_id=r.obstacle_id, position=1,
                                                         answer_id=answered_by.get(r.pk)) for r in requests],
                                            batch_size=5000)
        total_events += len(rows)
        made += size
    return made, total_events
