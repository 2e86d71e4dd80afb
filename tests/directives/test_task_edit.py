"""Editing a task after it is added: the issuer's rights, the version check, the audit trail,
assignments that follow a moved deadline, and the notices their agencies receive."""

from datetime import date

import pytest
from django.core import mail

from thongsuot.accounts.models import Agency
from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError, StaleVersion
from thongsuot.directives import selectors, services
from thongsuot.directives.models import Assignment, Directive, Figure
from thongsuot.geo.models import Commune
from thongsuot.notifications.models import Notification

pytestmark = pytest.mark.django_db

START, END = date(2025, 11, 24), date(2025, 11, 30)
LATER = date(2026, 1, 15)


def deadlines(task):
    return {a.agency.code: a.deadline for a in Assignment.objects.filter(task=task).select_related("agency")}


@pytest.fixture
def task(cascaded):
    """Task 1, given to Hà Nội and Lào Cai; Hà Nội passed it on to Hoàn Kiếm and (earlier) to Ba Đình."""
    Assignment.objects.filter(task=cascaded.task, commune__code="00004").update(deadline=date(2025, 12, 20))
    return cascaded.task


def test_a_later_deadline_moves_the_assignments_that_followed_it_and_keeps_earlier_ones(persona, task):
    services.task_update(actor=persona("demo.quocgia"), task=task, version=1, deadline=LATER)
    task.refresh_from_db()
    assert (task.deadline, task.version) == (LATER, 2)
    assert deadlines(task) == {"T01": LATER, "T15": LATER, "X00070": LATER, "X00004": date(2025, 12, 20)}
    event = AuditEvent.objects.filter(object_type="directives.task", action="update").get()
    assert event.changes == {"deadline": ["2025-12-31", "2026-01-15"], "assignments_moved": 3}


def test_an_earlier_deadline_pulls_every_later_assignment_back(persona, task):
    services.task_update(actor=persona("demo.quocgia"), task=task, version=1, deadline=date(2025, 12, 15))
    assert set(deadlines(task).values()) == {date(2025, 12, 15)}


def test_moving_the_deadline_recomputes_overdue(persona, task):
    after_old_deadline = date(2026, 1, 5)
    boss = persona("demo.quocgia")

    def cells():
        matrix = selectors.directive_matrix(user=boss, directive=task.directive, today=after_old_deadline)
        return {place.code: (row[0].status, row[0].overdue) for place, row in matrix.rows}

    hanoi = task.assignments.get(agency__code="T01")
    assert hanoi.status(after_old_deadline) == "overdue"
    assert cells() == {"01": ("overdue", 3), "15": ("overdue", 1)}
    services.task_update(actor=boss, task=task, version=1, deadline=LATER)
    hanoi.refresh_from_db()
    assert hanoi.status(after_old_deadline) == "not_started"
    # Ba Đình keeps the earlier deadline Hà Nội gave it, so it alone stays overdue.
    assert cells() == {"01": ("overdue", 1), "15": ("not_started", 0)}


def test_agencies_whose_deadline_moved_are_notified_in_the_app_and_by_mail(
        persona, task, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.task_update(actor=persona("demo.quocgia"), task=task, version=1, deadline=LATER)
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"demo.tinh", "demo.tinh.chuyenvien", "demo.tinh2", "demo.xa", "demo.xa.lanhdao"}
    notice = Notification.objects.get(user__username="demo.xa")
    hoan_kiem = task.assignments.get(agency__code="X00070")
    assert notice.title == "Điều chỉnh thời hạn: Bổ sung công chức chuyên môn"
    assert "từ 31/12/2025 thành 15/01/2026" in notice.body and notice.url == hoan_kiem.get_absolute_url()
    assert any("demo.xa@demo.thongsuot.vn" in m.to for m in mail.outbox)
    assert not any("demo.xa2@demo.thongsuot.vn" in m.to for m in mail.outbox)   # Ba Đình's deadline did not move


def test_no_notice_when_the_deadline_stays(persona, task):
    services.task_update(actor=persona("demo.quocgia"), task=task, version=1, title="Bổ sung công chức cấp xã")
    assert not Notification.objects.exists()
    task.refresh_from_db()
    assert (task.title, task.version) == ("Bổ sung công chức cấp xã", 2)


def test_an_edit_from_an_old_copy_is_refused(persona, task):
    boss = persona("demo.quocgia")
    services.task_update(actor=boss, task=task, version=1, title="Bản của người thứ nhất")
    with pytest.raises(StaleVersion) as stale:
        services.task_update(actor=boss, task=task, version=1, title="Bản của người thứ hai", deadline=LATER)
    assert "đã có người khác thay đổi" in stale.value.message and "tải lại trang" in stale.value.message
    task.refresh_from_db()
    assert (task.title, task.deadline, task.version) == ("Bản của người thứ nhất", date(2025, 12, 31), 2)


def test_nothing_changed_writes_nothing(persona, task):
    services.task_update(actor=persona("demo.quocgia"), task=task, version=1, title=task.title)
    task.refresh_from_db()
    assert task.version == 1
    assert not AuditEvent.objects.filter(object_type="directives.task", action="update").exists()


def test_only_the_issuers_officers_and_leaders_edit(persona, task):
    for username in ("demo.tinh", "demo.xa", "demo.bo.lanhdao", "demo.quantri"):
        with pytest.raises(DomainError) as refused:
            services.task_update(actor=persona(username), task=task, version=1, title="X")
        assert refused.value.code == "forbidden", username


def test_province_officer_edits_its_own_directives_task_and_its_communes_are_told(persona):
    officer = persona("demo.tinh.chuyenvien")
    directive = services.directive_create(actor=persona("demo.tinh"), number="12/KH-UBND", issued_on=START,
                                          urgency="khan", title="Kế hoạch của tỉnh", signer_name="A", signer_title="B")
    task = services.task_create(actor=officer, directive=directive, title="Rà soát", deadline=date(2025, 12, 20))
    services.directive_issue(actor=persona("demo.tinh"), directive=directive)
    services.task_assign(actor=officer, task=task, communes=Commune.objects.filter(code__in=["00070", "00004"]))
    services.task_update(actor=officer, task=task, version=1, deadline=date(2025, 12, 27))
    assert set(deadlines(task).values()) == {date(2025, 12, 27)}
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "demo.xa", "demo.xa.lanhdao", "demo.xa2", "demo.xa2.lanhdao"}   # both communes' members


def test_deadline_before_the_directive_is_refused(persona, task):
    with pytest.raises(DomainError) as refused:
        services.task_update(actor=persona("demo.quocgia"), task=task, version=1, deadline=date(2025, 11, 1))
    assert (refused.value.field, refused.value.message) == ("deadline",
                                                            "Thời hạn không được trước ngày ban hành văn bản.")


def test_figures_are_renamed_added_and_dropped_unless_reported(persona, task):
    boss = persona("demo.quocgia")
    it_gap, hired = task.figures.all()
    services.task_update(actor=boss, task=task, version=1, figures=[
        (it_gap.pk, "Số công chức CNTT còn thiếu (sau rà soát)", "người"), (None, "Số lớp bồi dưỡng", "lớp")])
    assert [(f.name, f.unit, f.position) for f in task.figures.all()] == [
        ("Số công chức CNTT còn thiếu (sau rà soát)", "người", 1), ("Số lớp bồi dưỡng", "lớp", 2)]
    assert not Figure.objects.filter(pk=hired.pk).exists()
    event = AuditEvent.objects.filter(object_type="directives.task", action="update").get()
    assert event.changes["figures"] == [["Số công chức CNTT còn thiếu (người)", "Số công chức đã tuyển (người)"],
                                        ["Số công chức CNTT còn thiếu (sau rà soát) (người)",
                                         "Số lớp bồi dưỡng (lớp)"]]
    hoan_kiem = task.assignments.get(agency__code="X00070")
    services.report_submit(actor=persona("demo.xa"), assignment=hoan_kiem, period_start=START, period_end=END,
                           narrative="x", progress=10, figures={f.pk: 1 for f in task.figures.all()})
    with pytest.raises(DomainError) as refused:
        services.task_update(actor=boss, task=task, version=2, figures=[(it_gap.pk, it_gap.name, "người")])
    assert refused.value.message == ("Chỉ tiêu “Số lớp bồi dưỡng” đã có số liệu trong báo cáo nên không bỏ được; "
                                     "có thể sửa tên hoặc đơn vị tính.")
    assert task.figures.count() == 2


def test_edit_page_saves_and_shows_the_stale_message(client_for, persona, task):
    client = client_for("demo.quocgia")
    page = client.get(f"/chi-dao/nhiem-vu/{task.pk}/sua/").content.decode()
    assert 'name="version" value="1"' in page and "Chỉ tiêu 1: tên" in page and "Bỏ chỉ tiêu 2" in page
    it_gap, hired = task.figures.all()
    form = {"title": "Bổ sung công chức chuyên môn cấp xã", "domain": "org_staff", "description": "",
            "deadline": "15/01/2026", "lead_agency": Agency.objects.get(code="BNV").pk, "version": "1",
            f"figure_{it_gap.pk}_name": it_gap.name, f"figure_{it_gap.pk}_unit": "người",
            f"figure_{hired.pk}_name": hired.name, f"figure_{hired.pk}_unit": "người",
            "figures": "Số lớp bồi dưỡng | lớp"}
    response = client.post(f"/chi-dao/nhiem-vu/{task.pk}/sua/", form)
    assert response.status_code == 302 and response["Location"] == f"/chi-dao/nhiem-vu/{task.pk}/"
    task.refresh_from_db()
    assert (task.title, task.deadline, task.version, task.figures.count()) == (
        "Bổ sung công chức chuyên môn cấp xã", LATER, 2, 3)
    assert list(task.coordinating_agencies.all()) == []
    stale = client.post(f"/chi-dao/nhiem-vu/{task.pk}/sua/", {**form, "title": "Cũ", "figures": ""})
    html = stale.content.decode()
    assert stale.status_code == 409 and "Cũ" in html  # what was typed stays on the page
    assert "Nhiệm vụ này đã có người khác thay đổi trong lúc bạn sửa; hãy tải lại trang" in html
    task.refresh_from_db()
    assert task.title == "Bổ sung công chức chuyên môn cấp xã"


def test_edit_page_lists_errors_in_vietnamese(client_for, task):
    it_gap, hired = task.figures.all()
    response = client_for("demo.quocgia").post(f"/chi-dao/nhiem-vu/{task.pk}/sua/", {
        "title": "", "domain": "org_staff", "deadline": "32/12/2025", "version": "1",
        f"figure_{it_gap.pk}_name": "", f"figure_{it_gap.pk}_unit": "người", f"figure_{hired.pk}_drop": "on"})
    html = response.content.decode()
    assert "Chưa lưu được. Vui lòng sửa các lỗi sau:" in html
    assert "Ngày không hợp lệ (dạng ngày/tháng/năm)." in html
    assert "Chưa nhập tên chỉ tiêu (hoặc đánh dấu “Bỏ chỉ tiêu”)." in html
    assert task.figures.count() == 2


def test_edit_page_is_for_the_issuer_only(client_for, task, national_directive):
    assert client_for("demo.quocgia").get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode().count(
        f'href="/chi-dao/nhiem-vu/{task.pk}/sua/"') == 1
    assert f"/chi-dao/nhiem-vu/{task.pk}/sua/" not in client_for("demo.tinh").get(
        f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()
    for username in ("demo.tinh", "demo.tinh2", "demo.xa"):
        assert client_for(username).get(f"/chi-dao/nhiem-vu/{task.pk}/sua/").status_code == 403, username
    draft = services.directive_create(actor=task.directive.created_by, number="99/CĐ-BCĐ", issued_on=START,
                                      urgency="khan", title="Dự thảo", signer_name="A", signer_title="B")
    hidden = services.task_create(actor=task.directive.created_by, directive=draft, title="Ẩn", deadline=END)
    assert client_for("demo.tinh").get(f"/chi-dao/nhiem-vu/{hidden.pk}/sua/").status_code == 404
    assert Directive.objects.count() == 2


def test_api_patch_with_version(api_for, task):
    boss = api_for("demo.quocgia")
    url = f"/api/directives/tasks/{task.pk}/"
    read = boss.get(url).json()
    assert read["version"] == 1 and read["deadline"] == "2025-12-31"
    response = boss.patch(url, {"version": 1, "deadline": "2026-01-15", "coordinating_agencies": ["BTC", "BXD"]},
                          format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["version"], response.json()["deadline"]) == (2, "2026-01-15")
    assert sorted(response.json()["coordinating_agencies"]) == ["BTC", "BXD"]
    assert response.json()["title"] == "Bổ sung công chức chuyên môn"      # untouched
    stale = boss.patch(url, {"version": 1, "title": "Cũ"}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale" and "đã có người khác thay đổi" in stale.json()["detail"]
    assert api_for("demo.tinh").patch(url, {"version": 2, "title": "X"}, format="json").status_code == 403
    assert boss.patch(url, {"title": "thiếu phiên bản"}, format="json").status_code == 400
    figures = read["figures"]
    response = boss.patch(url, {"version": 2, "figures": [{"id": figures[1]["id"], "name": "Đã tuyển", "unit": "người"},
                                                          {"name": "Số lớp", "unit": "lớp"}]}, format="json")
    assert [f["name"] for f in response.json()["figures"]] == ["Đã tuyển", "Số lớp"]
