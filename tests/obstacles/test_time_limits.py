"""Due dates on Vietnam's working-day calendar, and the daily overdue run."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from tests.obstacles.factories import file_case
from thongsuot.obstacles import services
from thongsuot.obstacles.models import CaseLevel, Obstacle, ObstacleEvent, ObstacleSettings, Status


@pytest.fixture
def on_day(monkeypatch):
    def set_day(day: date):
        monkeypatch.setattr(services, "today", lambda: day)

    return set_day


def test_a_commune_case_filed_before_tet_is_due_after_it(persona, on_day):
    # Friday 13/02/2026; 16–20/02 are Tết holidays: five working days end on Friday 27/02.
    on_day(date(2026, 2, 13))
    obstacle = file_case(persona("demo.xa"))
    assert obstacle.due_date == date(2026, 2, 27)
    assert obstacle.level_entered_on == date(2026, 2, 13)


def test_a_swapped_saturday_counts_and_the_day_it_replaced_does_not(persona, on_day):
    # Thursday 24/04/2025: Fri 25, Sat 26 (worked by swap), Mon 28, Tue 29, then 30/4–2/5 off, Mon 05/05.
    on_day(date(2025, 4, 24))
    assert file_case(persona("demo.xa")).due_date == date(2025, 5, 5)


def test_each_level_has_its_own_editable_limit(persona, on_day):
    on_day(date(2025, 11, 24))  # a Monday
    assert services.due_date_for(CaseLevel.PROVINCE, date(2025, 11, 24)) == date(2025, 12, 8)
    services.obstacle_settings_update(actor=persona("demo.quantri"), commune_days=2, province_days=3,
                                      ministry_days=15, national_days=15, overdue_action="notify")
    assert file_case(persona("demo.xa")).due_date == date(2025, 11, 26)
    assert services.due_date_for(CaseLevel.PROVINCE, date(2025, 11, 24)) == date(2025, 11, 27)


def test_only_national_admins_change_the_limits(persona):
    from thongsuot.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.obstacle_settings_update(actor=persona("demo.tinh"), commune_days=1, province_days=1,
                                          ministry_days=1, national_days=1, overdue_action="notify")
    assert ObstacleSettings.current().commune_days == 5


def test_overdue_commune_case_moves_up_once(persona, on_day):
    on_day(date(2025, 11, 24))
    obstacle = file_case(persona("demo.xa"))
    assert obstacle.due_date == date(2025, 12, 1)
    assert services.obstacles_escalate_overdue(on=date(2025, 12, 1)) == {"escalated": 0, "notified": 0}
    on_day(date(2025, 12, 2))
    assert services.obstacles_escalate_overdue(on=date(2025, 12, 2)) == {"escalated": 1, "notified": 0}
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.level, obstacle.responsible_agency.code) == (
        Status.ESCALATED, CaseLevel.PROVINCE, "T01")
    assert obstacle.due_date == date(2025, 12, 16)
    version = obstacle.version
    assert services.obstacles_escalate_overdue(on=date(2025, 12, 2)) == {"escalated": 0, "notified": 0}
    obstacle.refresh_from_db()
    assert obstacle.version == version
    event = obstacle.events.get(kind="escalate")
    assert event.actor is None and "quá hạn" in event.message


def test_notify_setting_records_one_notice_per_due_date(persona, on_day):
    on_day(date(2025, 11, 24))
    ObstacleSettings.objects.update_or_create(pk=1, defaults={"overdue_action": "notify"})
    ObstacleSettings.forget()
    obstacle = file_case(persona("demo.xa"))
    out = StringIO()
    call_command("escalate_overdue", "--date", "2025-12-05", stdout=out)
    assert "đã thông báo quá hạn: 1" in out.getvalue()
    call_command("escalate_overdue", "--date", "2025-12-06", stdout=StringIO())
    obstacle.refresh_from_db()
    assert obstacle.status == Status.NEW and obstacle.level == CaseLevel.COMMUNE
    assert ObstacleEvent.objects.filter(obstacle=obstacle, kind="overdue").count() == 1


def test_above_the_commune_overdue_cases_are_only_notified(persona, on_day):
    on_day(date(2025, 11, 24))
    obstacle = file_case(persona("demo.xa"))
    obstacle = services.obstacle_escalate(actor=persona("demo.xa.lanhdao"), obstacle=obstacle,
                                          version=obstacle.version, message="Vượt thẩm quyền.")
    counts = services.obstacles_escalate_overdue(on=date(2026, 1, 5))
    assert counts == {"escalated": 0, "notified": 1}
    obstacle.refresh_from_db()
    assert obstacle.level == CaseLevel.PROVINCE and obstacle.overdue_notice_for == obstacle.due_date


def test_list_marks_and_filters_overdue_cases(client_for, persona, on_day):
    on_day(date(2025, 1, 6))
    late = file_case(persona("demo.xa"), title="Hồ sơ quá hạn từ đầu năm")
    on_day(date(2099, 1, 5))
    file_case(persona("demo.xa"), title="Hồ sơ còn hạn rất xa")
    body = client_for("demo.xa").get("/kho-khan/?overdue=1").content.decode()
    assert "Hồ sơ quá hạn từ đầu năm" in body and "Hồ sơ còn hạn rất xa" not in body
    assert "Quá hạn" in client_for("demo.xa").get(f"/kho-khan/{late.pk}/").content.decode()
    assert Obstacle.objects.get(pk=late.pk).is_overdue()


def test_national_admin_edits_limits_on_a_page(client_for):
    admin = client_for("demo.quantri")
    assert "Thời hạn xử lý" in admin.get("/").content.decode()
    bad = admin.post("/kho-khan/thoi-han/", {"commune_days": 0, "province_days": 10, "ministry_days": 15,
                                            "national_days": 15, "overdue_action": "notify"})
    assert bad.status_code == 400 and "Cấp xã (ngày làm việc)" in bad.content.decode()
    assert 'name="version" value="1"' in admin.get("/kho-khan/thoi-han/").content.decode()
    ok = admin.post("/kho-khan/thoi-han/", {"commune_days": 7, "province_days": 10, "ministry_days": 15,
                                           "national_days": 20, "overdue_action": "notify", "version": 1})
    assert ok.status_code == 302
    row = ObstacleSettings.current()
    assert (row.commune_days, row.national_days, row.overdue_action, row.version) == (7, 20, "notify", 2)
    assert client_for("demo.tinh").get("/kho-khan/thoi-han/").status_code == 404


def test_limits_edited_from_a_stale_page_are_refused_and_nothing_changes(client_for, persona):
    """core.versioning: someone saved the limits after this page was read; 409, typed values kept."""
    admin = client_for("demo.quantri")
    admin.get("/kho-khan/thoi-han/")
    services.obstacle_settings_update(actor=persona("demo.quantri"), commune_days=4, province_days=10,
                                      ministry_days=15, national_days=15, overdue_action="escalate", version=1)
    stale = admin.post("/kho-khan/thoi-han/", {"commune_days": 9, "province_days": 10, "ministry_days": 15,
                                              "national_days": 15, "overdue_action": "notify", "version": 1})
    assert stale.status_code == 409 and "Bản ghi đã được người khác sửa lúc" in stale.content.decode()
    assert 'value="9"' in stale.content.decode()
    row = ObstacleSettings.objects.get(pk=1)
    assert (row.commune_days, row.version) == (4, 2)
