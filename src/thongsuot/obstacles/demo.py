"""Demo cases: each demo persona finds cases in every state of the ladder (sample data).

Each case is filed some days before the seeding day and moves on a day or more apart, through the
services at those moments (`core.seeding.happened_at`), so its timeline reads like real work and
the cases that sat too long at one level are overdue by the ordinary rule, not by a special flag.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction

from thongsuot.accounts.models import Agency, User
from thongsuot.core.seeding import demo_calendar, happened_at
from thongsuot.obstacles import national, services, tallies
from thongsuot.obstacles.models import Obstacle
from thongsuot.obstacles.notifications import emails_muted

SAMPLE = "[Dữ liệu mẫu] "

#: key, days before the seeding day it was filed, filer, title, domain, severity, description, the moves after
#: filing (one a day; a ministry takes a week to answer). "overdue" sits at the commune past its limit.
CASES = [
    ("new", 1, "demo.xa", "Thiếu máy tính cho bộ phận một cửa", "equipment_it", "high",
     "Trung tâm Phục vụ hành chính công phường có 4 máy tính cho 9 quầy tiếp nhận.", []),
    ("ack", 3, "demo.xa", "Đường truyền mạng chuyên dùng chập chờn", "equipment_it", "medium",
     "Mạng truyền số liệu chuyên dùng mất kết nối 2–3 lần mỗi ngày, ảnh hưởng tiếp nhận hồ sơ trực tuyến.",
     ["acknowledge"]),
    ("work", 4, "demo.xa", "Chưa tuyển được công chức công nghệ thông tin", "org_staff", "medium",
     "Phường còn thiếu 1 công chức công nghệ thông tin theo định biên; đợt xét tuyển vừa qua không có người đạt.",
     ["acknowledge", "start"]),
    ("province", 8, "demo.xa", "Trụ sở phường cũ Hàng Trống xuống cấp", "hq_assets", "high",
     "Trụ sở cũ thấm dột, cần kinh phí sửa chữa để bố trí làm điểm tiếp dân.", ["up"]),
    ("ministry", 15, "demo.xa", "Chưa có hướng dẫn tiêu chuẩn tuyển dụng công chức công nghệ thông tin cấp xã",
     "org_staff", "critical",
     "Phường thiếu 1 công chức công nghệ thông tin theo định biên nhưng chưa có hướng dẫn tiêu chuẩn, vị trí "
     "việc làm sau sắp xếp; cần hướng dẫn về biên chế.",
     ["up", "to_bnv"]),
    ("answered", 12, "demo.xa", "Vướng mắc chế độ phụ cấp cán bộ không chuyên trách", "org_staff", "high",
     "Chưa rõ mức phụ cấp cho người hoạt động không chuyên trách sau sắp xếp.", ["up", "to_bnv", "answer"]),
    ("returned", 6, "demo.xa", "Thiếu kinh phí mua máy scan số hóa hồ sơ", "finance", "medium",
     "Cần 3 máy scan khổ A3 để số hóa hồ sơ đất đai.", ["up", "return"]),
    ("resolved", 10, "demo.xa", "Chưa thống nhất con dấu Trung tâm Phục vụ hành chính công", "procedures", "low",
     "Trung tâm chưa được cấp con dấu riêng.", ["up", "resolve"]),
    ("closed", 12, "demo.xa", "Biển tên trụ sở chưa thay theo tên đơn vị mới", "hq_assets", "low",
     "Biển tên trụ sở vẫn ghi tên phường cũ.", ["acknowledge", "start", "resolve_commune", "close"]),
    ("reopened", 7, "demo.xa", "Phần mềm một cửa chưa liên thông với cổng dịch vụ công", "procedures", "high",
     "Hồ sơ nộp trực tuyến không tự chuyển vào phần mềm một cửa của phường.",
     ["acknowledge", "resolve_commune", "reopen"]),
    ("national", 14, "demo.xa", "Nhiệm vụ phân cấp về cấp phép xây dựng chưa có hướng dẫn", "decentralisation",
     "critical", "Nhiệm vụ cấp giấy phép xây dựng được phân cấp cho xã nhưng chưa có hướng dẫn thực hiện.",
     ["up", "to_national"]),
    ("overdue", 30, "demo.xa", "Chưa bàn giao hồ sơ lưu trữ của quận cũ", "other", "medium",
     "Hồ sơ lưu trữ của quận Hoàn Kiếm cũ chưa được bàn giao cho phường.", []),
    ("xa2", 2, "demo.xa2", "Thiếu phòng họp trực tuyến", "equipment_it", "medium",
     "Phường chưa có phòng họp trực tuyến kết nối với thành phố.", []),
    ("xa3", 4, "demo.xa3", "Khoảng cách đi lại của công chức quá xa", "org_staff", "high",
     "Nhiều công chức ở cách trụ sở mới trên 40 km, chưa có chính sách hỗ trợ đi lại.", []),
    ("tinh", 5, "demo.tinh.chuyenvien", "Chưa có hướng dẫn xử lý trụ sở dôi dư sau sắp xếp", "hq_assets", "high",
     "Thành phố có 126 trụ sở dôi dư cần phương án xử lý theo Nghị định 186/2025/NĐ-CP.", []),
]


#: What each case is about in the registries' terms, consistent with the demo registries: Phường Hoàn
#: Kiếm lacks exactly one IT officer (staffing.demo), so its staffing cases name that specialty.
SUBJECTS = {
    "new": {"facility_subject": "equipment", "equipment_category": "may_tinh"},
    "ack": {"facility_subject": "connectivity"},
    "work": {"staff_field": "it", "headcount_needed": 1},
    "province": {"facility_subject": "premises"},
    "ministry": {"staff_field": "it", "headcount_needed": 1},
    "answered": {"staff_field": "other", "headcount_needed": 0},
    "closed": {"facility_subject": "premises"},
    "xa2": {"facility_subject": "equipment", "equipment_category": "hop_truc_tuyen"},
    "xa3": {"staff_field": "other", "headcount_needed": 0},
    "tinh": {"facility_subject": "premises"},
}


def _request_fields(signer: User, today) -> dict:
    return {"number": "125/UBND-NV", "signed_on": today, "signer_name": signer.full_name,
            "signer_title": signer.job_title or "Phó Chủ tịch", "content": "Đề nghị hướng dẫn thực hiện."}


def _apply(obstacle: Obstacle, move: str, users: dict, today) -> Obstacle:
    def get(username):
        return users[username]

    commune_leader = "demo.xa.lanhdao"
    province_leader = "demo.tinh"
    v = obstacle.version
    if move in ("acknowledge", "start"):
        return services.obstacle_transition(actor=get(commune_leader), obstacle=obstacle, action=move, version=v)
    if move == "up":
        return services.obstacle_escalate(actor=get(commune_leader), obstacle=obstacle, version=v,
                                          message="Vượt thẩm quyền giải quyết của cấp xã.")
    if move == "to_bnv":
        return services.obstacle_escalate(actor=get("demo.tinh"), obstacle=obstacle, version=v,
                                          to_ministry=Agency.objects.get(code="BNV"),
                                          **_request_fields(get("demo.tinh"), today))
    if move == "to_national":
        return services.obstacle_escalate(actor=get("demo.tinh"), obstacle=obstacle, version=v, to_national=True,
                                          **_request_fields(get("demo.tinh"), today))
    if move == "answer":
        return services.obstacle_answer(actor=get("demo.bo.lanhdao"), obstacle=obstacle, version=v,
                                        number="318/BNV-CQĐP", signed_on=today, signer_name="Phạm Minh Bộ",
                                        signer_title="Vụ trưởng Vụ Chính quyền địa phương",
                                        guidance="Thực hiện theo Nghị định 150/2025/NĐ-CP; bố trí trong tổng "
                                                 "biên chế được giao của thành phố.")
    if move == "return":
        return services.obstacle_transition(actor=get(province_leader), obstacle=obstacle, action="return",
                                            version=v, message="Đề nghị bổ sung dự toán chi tiết và báo giá.")
    if move == "resolve":
        return services.obstacle_transition(actor=get(province_leader), obstacle=obstacle, action="resolve",
                                            version=v, message="Sở Nội vụ đã hướng dẫn, giao phường thực hiện.")
    if move == "resolve_commune":
        return services.obstacle_transition(actor=get(commune_leader), obstacle=obstacle, action="resolve",
                                            version=v, message="Phường đã tự khắc phục.")
    if move == "close":
        return services.obstacle_transition(actor=obstacle.created_by, obstacle=obstacle, action="close", version=v)
    if move == "reopen":
        return services.obstacle_transition(actor=obstacle.created_by, obstacle=obstacle, action="reopen",
                                            version=v, message="Lỗi liên thông vẫn còn sau khi cập nhật.")
    raise ValueError(move)


#: Days from one move to the next: a ministry answers in about a week, everyone else the next day.
GAPS = {"answer": 7}


def seed_demo(personas: dict, out) -> None:
    when = demo_calendar()
    seed_cases(out)
    sampled = _national_sample(when)
    if sampled:
        out.write(f"  {sampled} khó khăn, vướng mắc mẫu ở các xã của cả 34 tỉnh (số liệu mẫu).")


def seed_cases(out) -> None:
    """The personas' own cases, in every state of the ladder, through the services (idempotent)."""
    users = {u.username: u for u in User.objects.filter(username__startswith="demo.")}
    when = demo_calendar()
    made = 0
    for key, age, filer, title, domain, severity, description, moves in CASES:
        if filer not in users:
            continue
        submission_key = f"demo-{key}"
        if Obstacle.objects.filter(created_by=users[filer], submission_key=submission_key).exists():
            continue
        day = when.as_of - timedelta(days=age)
        with transaction.atomic(), emails_muted():
            with happened_at(when.moment(day, 8, 40)):
                obstacle = services.obstacle_create(actor=users[filer], title=SAMPLE + title,
                                                    description=description, domain=domain, severity=severity,
                                                    submission_key=submission_key, **SUBJECTS.get(key, {}))
            for number, move in enumerate(moves):
                day += timedelta(days=GAPS.get(move, 1))
                with happened_at(when.moment(day, 9 + number % 6, 10 * number % 60)):
                    obstacle = _apply(obstacle, move, users, day)
        made += 1
    out.write(f"  {made} khó khăn, vướng mắc mẫu ở mọi trạng thái.")


#: Sample cases across the country, so the national overview is not empty for 32 of 34 provinces.
NATIONAL_SAMPLE = 300
NATIONAL_MARK = "mau-"


def _national_sample(when) -> int:
    """Bulk sample cases over every province, filed since the letter (no audit: sample data, never history)."""
    if Obstacle.objects.filter(submission_key__startswith=NATIONAL_MARK).exists():
        return 0
    with transaction.atomic():
        made, _events = national._seed(NATIONAL_SAMPLE, random.Random(2025), 0,
                                       days=(when.as_of - when.issued_on).days, mark=NATIONAL_MARK,
                                       label=SAMPLE, note="số liệu mẫu")
        tallies.rebuild()
        tallies.rebuild_requests()
    return made
