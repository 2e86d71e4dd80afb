"""Taking a task back: deleted from a draft, withdrawn (kept with its reports) once issued; the
issuer's rights, the version check, the notices, the audit trail, and every list it leaves."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError, InvalidTransition, StaleVersion
from thongsuot.directives import selectors, services
from thongsuot.directives.models import Assignment, Figure, ProgressReport, RegistryLink, Reminder, Task
from thongsuot.geo.models import Province
from thongsuot.notifications.models import Notification

pytestmark = pytest.mark.django_db

START, END = date(2025, 11, 24), date(2025, 11, 30)
AFTER_DEADLINE = date(2026, 1, 5)
REASON = "Nội dung đã được giao tại văn bản số 31/CĐ-BCĐ."


@pytest.fixture
def task(cascaded, persona):
    """Task 1: Hà Nội (passed on to Hoàn Kiếm and Ba Đình) and Lào Cai; Hoàn Kiếm filed an approved report."""
    hoan_kiem = cascaded.children.get(commune__code="00070")
    figures = {f.pk: 2 for f in cascaded.task.figures.all()}
    report = services.report_submit(actor=persona("demo.xa"), assignment=hoan_kiem, period_start=START,
                                    period_end=END, narrative="Đã rà soát", progress=50, figures=figures)
    services.report_approve(actor=persona("demo.xa.lanhdao"), report=report)
    return cascaded.task


# --- draft: deleted outright --------------------------------------------------------------------

def test_a_draft_task_is_deleted_with_its_figures_and_links_and_the_next_tasks_move_up(
        persona, national_directive):
    boss = persona("demo.quocgia")
    first, second = national_directive.tasks.order_by("position")
    RegistryLink.objects.create(task=first, source="facilities.readiness", linked_by=boss)
    assert services.task_withdraw(actor=boss, task=first, version=1, reason="Nhập nhầm") is None
    assert not Task.objects.filter(pk=first.pk).exists()
    assert not Figure.objects.filter(task_id=first.pk).exists() and not RegistryLink.objects.exists()
    second.refresh_from_db()
    assert second.position == 1
    event = AuditEvent.objects.get(object_type="directives.task", action="delete")
    assert event.object_id == str(first.pk) and event.changes["reason"] == "Nhập nhầm"
    assert event.changes["title"] == ["Bổ sung công chức chuyên môn", None]
    assert not Notification.objects.exists()


def test_draft_page_offers_delete_and_redirects_to_the_directive(client_for, national_directive):
    client = client_for("demo.quocgia")
    first = national_directive.tasks.get(position=1)
    page = client.get(f"/chi-dao/nhiem-vu/{first.pk}/").content.decode()
    assert f'href="/chi-dao/nhiem-vu/{first.pk}/rut/">Xoá nhiệm vụ</a>' in page
    form = client.get(f"/chi-dao/nhiem-vu/{first.pk}/rut/").content.decode()
    assert "sẽ bị xoá hẳn" in form and 'name="version" value="1"' in form and "csrfmiddlewaretoken" in form
    response = client.post(f"/chi-dao/nhiem-vu/{first.pk}/rut/", {"version": "1", "reason": "Nhập nhầm"},
                           follow=True)
    assert response.redirect_chain == [(f"/chi-dao/{national_directive.pk}/", 302)]
    assert "Đã xoá nhiệm vụ khỏi dự thảo." in response.content.decode()
    assert list(national_directive.tasks.values_list("position", "title")) == [(1, "Rà soát trụ sở dôi dư")]


# --- issued: withdrawn, history kept ------------------------------------------------------------

def test_withdrawing_keeps_assignments_and_reports_and_makes_the_task_read_only(persona, task):
    boss = persona("demo.quocgia")
    kept = services.task_withdraw(actor=boss, task=task, version=1, reason=f"  {REASON} ")
    assert kept.pk == task.pk
    task.refresh_from_db()
    assert (task.withdrawal_reason, task.withdrawn_by, task.version) == (REASON, boss, 2)
    assert task.withdrawn_at is not None and task.is_withdrawn
    assert Assignment.objects.filter(task=task).count() == 4
    assert ProgressReport.objects.filter(assignment__task=task, status="approved").count() == 1
    hanoi = task.assignments.get(agency__code="T01")
    refusals = [
        lambda: services.task_update(actor=boss, task=task, version=2, title="Sửa sau khi rút"),
        lambda: services.task_assign(actor=boss, task=task),
        lambda: services.task_withdraw(actor=boss, task=task, version=2, reason="Lần nữa"),
        lambda: services.assignment_cascade(actor=persona("demo.tinh"), assignment=hanoi),
        lambda: services.report_submit(actor=persona("demo.tinh.chuyenvien"), assignment=hanoi,
                                       period_start=START, period_end=END, narrative="Mới", progress=10,
                                       figures={f.pk: 1 for f in task.figures.all()}),
    ]
    for refused_call in refusals:
        with pytest.raises(InvalidTransition) as refused:
            refused_call()
        assert "Nhiệm vụ này đã được rút" in refused.value.message
    assert ProgressReport.objects.filter(assignment__task=task).count() == 1


def test_every_assigned_agency_including_communes_is_notified_once(
        persona, task, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.task_withdraw(actor=persona("demo.quocgia"), task=task, version=1, reason=REASON)
    notices = Notification.objects.filter(key=f"directives:withdraw:{task.pk}")
    assert set(notices.values_list("agency__code", flat=True)) == {"T01", "T15", "X00004", "X00070"}
    per_user = list(notices.values_list("user__username", flat=True))
    assert len(per_user) == len(set(per_user))          # one notice each, however the agency is reached
    notice = notices.get(user__username="demo.xa")
    assert notice.title == "Rút nhiệm vụ: Bổ sung công chức chuyên môn"
    assert "văn bản số 15/CĐ-BCĐ" in notice.body and f"Lý do: {REASON}" in notice.body
    assert notice.url == task.assignments.get(agency__code="X00070").get_absolute_url()
    assert notice.message["title"] == "Rút nhiệm vụ: %(task)s" and notice.message["params"]["reason"] == REASON
    with translation.override("en"):
        assert notice.display_title == "Task withdrawn: Bổ sung công chức chuyên môn"
        assert notice.display_body.startswith("Dear UBND Phường Hoàn Kiếm,") and f"Reason: {REASON}" in notice.display_body


def test_the_audit_event_records_the_reason_and_what_was_kept(persona, task):
    services.task_withdraw(actor=persona("demo.quocgia"), task=task, version=1, reason=REASON)
    event = AuditEvent.objects.get(object_type="directives.task", action="withdraw")
    assert event.object_id == str(task.pk) and event.actor.username == "demo.quocgia"
    assert (event.changes["reason"], event.changes["assignments"], event.changes["reports"]) == (REASON, 4, 1)


def test_a_withdrawn_task_leaves_the_matrix_roll_ups_to_do_lists_and_overdue_counts(persona, task):
    boss = persona("demo.quocgia")
    directive = task.directive

    def national():
        matrix = selectors.directive_matrix(user=boss, directive=directive, today=AFTER_DEADLINE)
        return [t.pk for t in matrix.tasks], {p.code: [c.overdue for c in cells] for p, cells in matrix.rows}

    def hanoi():
        matrix = selectors.province_matrix(user=boss, directive=directive, province=Province.objects.get(code="01"),
                                           today=AFTER_DEADLINE)
        return [t.pk for t in matrix.tasks], len(matrix.rows)

    other = directive.tasks.get(position=2)
    assert national() == ([task.pk, other.pk], {"01": [3, 1], "15": [1, 1]})
    assert hanoi() == ([task.pk, other.pk], 3)
    xa = persona("demo.xa")
    assert selectors.assigned_to_us(user=xa).count() == 1
    services.task_withdraw(actor=boss, task=task, version=1, reason=REASON)
    assert national() == ([other.pk], {"01": [1], "15": [1]})
    assert hanoi() == ([other.pk], 1)                   # only Hà Nội's own row: the communes had task 1 only
    assert selectors.assigned_to_us(user=xa).count() == 0
    assert selectors.assigned_to_us(user=persona("demo.tinh")).count() == 1
    summary = selectors.home_summary(user=persona("demo.tinh"))
    assert (summary["open"], summary["pending"]) == (1, 0)


def test_reminders_skip_a_withdrawn_task_and_its_old_reminders_are_hidden(persona, task):
    out = StringIO()
    call_command("remind", "--date=2026-01-05", "--days=3", stdout=out)
    assert "Đã tạo 6 lời nhắc" in out.getvalue()        # 4 on task 1, 2 on task 2, all overdue
    assert selectors.reminder_list(user=persona("demo.xa")).count() == 1
    services.task_withdraw(actor=persona("demo.quocgia"), task=task, version=1, reason=REASON)
    Reminder.objects.all().delete()
    call_command("remind", "--date=2026-01-05", "--days=3", stdout=out)
    assert set(Reminder.objects.values_list("assignment__task", flat=True)) == {task.directive.tasks.get(
        position=2).pk}
    assert selectors.reminder_list(user=persona("demo.xa")).count() == 0


def test_pending_reports_of_a_withdrawn_task_are_no_longer_waiting_for_approval(persona, task):
    hanoi = task.assignments.get(agency__code="T01")
    report = services.report_submit(actor=persona("demo.tinh.chuyenvien"), assignment=hanoi, period_start=START,
                                    period_end=END, narrative="Chờ duyệt", progress=30,
                                    figures={f.pk: 1 for f in task.figures.all()})
    leader = persona("demo.tinh")
    assert list(selectors.pending_reports(user=leader)) == [report]
    services.task_withdraw(actor=persona("demo.quocgia"), task=task, version=1, reason=REASON)
    assert not selectors.pending_reports(user=leader).exists()
    with pytest.raises(InvalidTransition):
        services.report_approve(actor=leader, report=report)


# --- refusals ------------------------------------------------------------------------------------

def test_only_the_issuers_officers_and_leaders_withdraw(persona, task):
    for username in ("demo.tinh", "demo.xa", "demo.bo.lanhdao", "demo.quantri"):
        with pytest.raises(DomainError) as refused:
            services.task_withdraw(actor=persona(username), task=task, version=1, reason=REASON)
        assert refused.value.code == "forbidden", username
    task.refresh_from_db()
    assert not task.is_withdrawn


def test_a_reason_is_required(persona, task):
    with pytest.raises(DomainError) as refused:
        services.task_withdraw(actor=persona("demo.quocgia"), task=task, version=1, reason="   ")
    assert (refused.value.field, refused.value.message) == ("reason", "Cần ghi rõ lý do rút nhiệm vụ.")
    task.refresh_from_db()
    assert not task.is_withdrawn and not AuditEvent.objects.filter(action="withdraw").exists()


def test_withdrawing_from_an_old_copy_is_refused(persona, task):
    boss = persona("demo.quocgia")
    services.task_update(actor=boss, task=task, version=1, title="Bổ sung công chức cấp xã")
    with pytest.raises(StaleVersion) as stale:
        services.task_withdraw(actor=boss, task=task, version=1, reason=REASON)
    assert "đã có người khác thay đổi" in stale.value.message
    task.refresh_from_db()
    assert not task.is_withdrawn and not Notification.objects.filter(key__startswith="directives:withdraw").exists()


# --- pages ---------------------------------------------------------------------------------------

def test_withdraw_page_confirms_then_shows_the_task_as_withdrawn_read_only(client_for, task):
    client = client_for("demo.quocgia")
    page = client.get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()
    assert f'href="/chi-dao/nhiem-vu/{task.pk}/rut/">Rút nhiệm vụ</a>' in page
    form = client.get(f"/chi-dao/nhiem-vu/{task.pk}/rut/").content.decode()
    assert "Nhiệm vụ đã giao cho 4 nơi." in form and "1 báo cáo đã gửi vẫn được lưu" in form
    missing = client.post(f"/chi-dao/nhiem-vu/{task.pk}/rut/", {"version": "1", "reason": ""})
    assert missing.status_code == 400 and "Cần ghi rõ lý do rút nhiệm vụ." in missing.content.decode()
    response = client.post(f"/chi-dao/nhiem-vu/{task.pk}/rut/", {"version": "1", "reason": REASON}, follow=True)
    assert response.redirect_chain == [(f"/chi-dao/{task.directive_id}/", 302)]
    html = response.content.decode()
    assert "Đã rút nhiệm vụ. Các nơi được giao đã được thông báo" in html and "Đã rút</span>" in html
    page = client.get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()
    assert "Nhiệm vụ đã được cơ quan ban hành rút ngày" in page and REASON in page
    assert f"/chi-dao/nhiem-vu/{task.pk}/sua/" not in page and f"/chi-dao/nhiem-vu/{task.pk}/rut/" not in page
    assert "Hà Nội" in page                            # the assignees are still listed


def test_withdrawn_assignment_and_report_pages_offer_no_action(client_for, task):
    services.task_withdraw(actor=task.directive.created_by, task=task, version=1, reason=REASON)
    hoan_kiem = task.assignments.get(agency__code="X00070")
    xa = client_for("demo.xa")
    page = xa.get(f"/chi-dao/giao/{hoan_kiem.pk}/").content.decode()
    assert REASON in page and f"/chi-dao/giao/{hoan_kiem.pk}/bao-cao/" not in page
    report = hoan_kiem.reports.get()
    assert xa.get(f"/chi-dao/bao-cao/{report.pk}/").status_code == 200
    refused = xa.get(f"/chi-dao/giao/{hoan_kiem.pk}/bao-cao/", follow=True)
    assert "Nhiệm vụ này đã được rút" in refused.content.decode()
    hanoi = task.assignments.get(agency__code="T01")
    page = client_for("demo.tinh").get(f"/chi-dao/giao/{hanoi.pk}/").content.decode()
    assert f"/chi-dao/giao/{hanoi.pk}/giao-tiep/" not in page


def test_withdraw_page_stale_copy_and_other_agencies(client_for, persona, task):
    client = client_for("demo.quocgia")
    services.task_update(actor=persona("demo.quocgia"), task=task, version=1, title="Đổi tên")
    stale = client.post(f"/chi-dao/nhiem-vu/{task.pk}/rut/", {"version": "1", "reason": REASON})
    assert stale.status_code == 409 and REASON in stale.content.decode()
    assert "Nhiệm vụ này đã có người khác thay đổi trong lúc bạn sửa; hãy tải lại trang" in stale.content.decode()
    for username in ("demo.tinh", "demo.xa"):           # they see the task but may not take it back
        assert client_for(username).get(f"/chi-dao/nhiem-vu/{task.pk}/rut/").status_code == 403, username
        assert client_for(username).post(f"/chi-dao/nhiem-vu/{task.pk}/rut/",
                                         {"version": "2", "reason": REASON}).status_code == 403, username
    assert client_for("demo.xa3").get(f"/chi-dao/nhiem-vu/{task.pk}/rut/").status_code == 404   # not theirs
    task.refresh_from_db()
    assert not task.is_withdrawn


# --- API -----------------------------------------------------------------------------------------

def test_api_withdraw_and_delete(api_for, task, national_directive):
    boss = api_for("demo.quocgia")
    url = f"/api/directives/tasks/{task.pk}/withdraw/"
    assert boss.post(url, {"version": 1}, format="json").status_code == 400
    assert api_for("demo.tinh").post(url, {"version": 1, "reason": REASON}, format="json").status_code == 403
    assert api_for("demo.xa3").post(url, {"version": 1, "reason": REASON}, format="json").status_code == 404
    assert boss.post(url, {"version": 9, "reason": REASON}, format="json").json()["code"] == "stale"
    response = boss.post(url, {"version": 1, "reason": REASON}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["withdrawal_reason"] == REASON and response.json()["withdrawn_at"]
    again = boss.post(url, {"version": 2, "reason": REASON}, format="json")
    assert again.status_code == 409 and "đã được rút" in again.json()["detail"]
    mine = api_for("demo.xa").get("/api/directives/assignments/?mine=1").json()["results"]
    assert mine == []
    draft = services.directive_create(actor=task.directive.created_by, number="99/CĐ-BCĐ", issued_on=START,
                                      urgency="khan", title="Dự thảo", signer_name="A", signer_title="B")
    mistake = services.task_create(actor=task.directive.created_by, directive=draft, title="Nhầm", deadline=END)
    response = boss.post(f"/api/directives/tasks/{mistake.pk}/withdraw/", {"version": 1, "reason": "Nhầm"},
                         format="json")
    assert response.status_code == 204 and not Task.objects.filter(pk=mistake.pk).exists()
