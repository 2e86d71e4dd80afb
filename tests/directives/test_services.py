"""Service rules: who may issue, assign, pass on, report and approve; what is refused; what is audited."""

from datetime import date

import pytest

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError, InvalidTransition
from thongsuot.directives import services
from thongsuot.directives.models import Assignment, Directive, ProgressReport, ReportFigure
from thongsuot.geo.models import Commune, Province

pytestmark = pytest.mark.django_db

START, END = date(2025, 11, 24), date(2025, 11, 30)


def figures_for(task, *values):
    return {f.pk: v for f, v in zip(task.figures.all(), values, strict=True)}


def submit(persona, assignment, progress=40, values=(3, 1), username="demo.xa", **extra):
    return services.report_submit(actor=persona(username), assignment=assignment, period_start=START,
                                  period_end=END, narrative="Đã rà soát, còn thiếu công chức CNTT.",
                                  progress=progress, figures=figures_for(assignment.task, *values), **extra)


def hoan_kiem(cascaded):
    return cascaded.children.get(commune__code="00070")


class TestDirective:
    def test_national_leader_drafts_and_issues_with_audit(self, national_directive, persona):
        assert national_directive.status == Directive.Status.DRAFT
        assert national_directive.province_id is None
        services.directive_issue(actor=persona("demo.quocgia"), directive=national_directive)
        national_directive.refresh_from_db()
        assert national_directive.status == Directive.Status.ISSUED
        event = AuditEvent.objects.filter(object_type="directives.directive", action="issue").get()
        assert event.changes == {"status": ["draft", "issued"]}

    def test_number_given_with_prefix_is_stored_bare_and_duplicates_refused(self, national_directive, persona):
        assert national_directive.number == "15/CĐ-BCĐ"
        with pytest.raises(DomainError) as exc:
            services.directive_create(actor=persona("demo.quocgia"), number="Số: 15/CĐ-BCĐ", issued_on=START,
                                      urgency="khan", title="Khác", signer_name="A", signer_title="B")
        assert exc.value.field == "number"

    def test_commune_and_ministry_cannot_issue_directives(self, persona):
        for username in ("demo.xa", "demo.bo", "demo.xa.xem"):
            with pytest.raises(DomainError, match="không có quyền"):
                services.directive_create(actor=persona(username), number="1/CV", issued_on=START, urgency="thuong",
                                          title="X", signer_name="A", signer_title="B")

    def test_province_directive_belongs_to_its_province(self, persona):
        directive = services.directive_create(actor=persona("demo.tinh"), number="12/CĐ-UBND", issued_on=START,
                                              urgency="khan", title="Triển khai", signer_name="A", signer_title="B")
        assert directive.province.code == "01"

    def test_issuing_twice_or_without_tasks_is_refused(self, national_directive, persona):
        boss = persona("demo.quocgia")
        empty = services.directive_create(actor=boss, number="16/CĐ-BCĐ", issued_on=START, urgency="thuong",
                                          title="Trống", signer_name="A", signer_title="B")
        with pytest.raises(DomainError, match="chưa có nhiệm vụ"):
            services.directive_issue(actor=boss, directive=empty)
        services.directive_issue(actor=boss, directive=national_directive)
        with pytest.raises(InvalidTransition):
            services.directive_issue(actor=boss, directive=national_directive)

    def test_officer_cannot_issue(self, persona):
        officer = persona("demo.tinh.chuyenvien")
        directive = services.directive_create(actor=officer, number="3/CV-UBND", issued_on=START, urgency="thuong",
                                              title="T", signer_name="A", signer_title="B")
        services.task_create(actor=officer, directive=directive, title="Việc", deadline=END)
        with pytest.raises(DomainError, match="không có quyền"):
            services.directive_issue(actor=officer, directive=directive)

    def test_issued_directive_cannot_be_edited(self, issued, persona):
        with pytest.raises(DomainError, match="đã ban hành"):
            services.directive_update(actor=persona("demo.quocgia"), directive=issued, title="Sửa")

    def test_task_deadline_before_issue_date_refused(self, national_directive, persona):
        with pytest.raises(DomainError) as exc:
            services.task_create(actor=persona("demo.quocgia"), directive=national_directive, title="X",
                                 deadline=date(2025, 11, 1))
        assert exc.value.field == "deadline"

    def test_figure_without_unit_refused(self, national_directive, persona):
        with pytest.raises(DomainError, match="chưa có đơn vị tính"):
            services.task_create(actor=persona("demo.quocgia"), directive=national_directive, title="X",
                                 deadline=END, figures=[("Số lớp", "")])


class TestAssignAndCascade:
    def test_assigning_to_all_provinces_creates_34_and_is_idempotent(self, national_directive, persona):
        boss = persona("demo.quocgia")
        services.directive_issue(actor=boss, directive=national_directive)
        task = national_directive.tasks.first()
        assert len(services.task_assign(actor=boss, task=task)) == 34
        assert services.task_assign(actor=boss, task=task) == []
        assert task.assignments.count() == 34
        assert set(task.assignments.values_list("commune", flat=True)) == {None}

    def test_draft_cannot_be_assigned(self, national_directive, persona):
        with pytest.raises(DomainError, match="chưa ban hành"):
            services.task_assign(actor=persona("demo.quocgia"), task=national_directive.tasks.first())

    def test_province_cannot_assign_a_national_task(self, issued, persona):
        with pytest.raises(DomainError, match="không có quyền"):
            services.task_assign(actor=persona("demo.tinh"), task=issued.tasks.first())

    def test_cascade_to_all_communes_of_the_province(self, hanoi_assignment, persona):
        children = services.assignment_cascade(actor=persona("demo.tinh"), assignment=hanoi_assignment)
        assert len(children) == Commune.objects.filter(province__code="01").count() == 126
        assert {c.province_id for c in children} == {hanoi_assignment.province_id}
        assert all(c.parent_id == hanoi_assignment.pk and c.deadline == hanoi_assignment.deadline for c in children)
        assert services.assignment_cascade(actor=persona("demo.tinh"), assignment=hanoi_assignment) == []

    def test_cascade_to_chosen_communes_with_earlier_deadline(self, hanoi_assignment, persona):
        communes = list(Commune.objects.filter(code="00070"))
        children = services.assignment_cascade(actor=persona("demo.tinh.chuyenvien"), assignment=hanoi_assignment,
                                               communes=communes, deadline=date(2025, 12, 20))
        assert [(c.agency.code, c.deadline) for c in children] == [("X00070", date(2025, 12, 20))]
        assert AuditEvent.objects.filter(action="cascade", object_id=str(hanoi_assignment.pk)).count() == 1

    def test_cascade_refuses_later_deadline_and_other_provinces_communes(self, hanoi_assignment, persona):
        with pytest.raises(DomainError) as exc:
            services.assignment_cascade(actor=persona("demo.tinh"), assignment=hanoi_assignment,
                                        deadline=date(2026, 1, 5))
        assert exc.value.field == "deadline"
        with pytest.raises(DomainError, match="thuộc tỉnh mình"):
            services.assignment_cascade(actor=persona("demo.tinh"), assignment=hanoi_assignment,
                                        communes=list(Commune.objects.filter(code="02683")))
        assert not hanoi_assignment.children.exists()

    def test_other_province_cannot_cascade_hanoi(self, hanoi_assignment, persona):
        with pytest.raises(DomainError, match="không có quyền"):
            services.assignment_cascade(actor=persona("demo.tinh2"), assignment=hanoi_assignment)

    def test_commune_cannot_cascade(self, cascaded, persona):
        with pytest.raises(DomainError, match="không có quyền"):
            services.assignment_cascade(actor=persona("demo.xa"), assignment=hoan_kiem(cascaded))

    def test_province_directive_goes_straight_to_its_communes(self, persona):
        leader = persona("demo.tinh2")
        directive = services.directive_create(actor=leader, number="20/CĐ-UBND", issued_on=START, urgency="khan",
                                              title="Lào Cai triển khai", signer_name="A", signer_title="B")
        task = services.task_create(actor=leader, directive=directive, title="Rà soát", deadline=END)
        services.directive_issue(actor=leader, directive=directive)
        made = services.task_assign(actor=leader, task=task)
        assert len(made) == Commune.objects.filter(province__code="15").count() == 99
        with pytest.raises(DomainError, match="thuộc tỉnh mình"):
            services.task_assign(actor=leader, task=task, communes=Commune.objects.filter(code="00070"))


class TestReports:
    def test_officer_submits_leader_approves_and_assignment_moves(self, cascaded, persona):
        assignment = hoan_kiem(cascaded)
        report = submit(persona, assignment)
        assert report.status == ProgressReport.Status.SUBMITTED
        assignment.refresh_from_db()
        assert (assignment.state, assignment.progress) == (Assignment.State.NOT_STARTED, 0)
        services.report_approve(actor=persona("demo.xa.lanhdao"), report=report, note="Đồng ý")
        assignment.refresh_from_db()
        report.refresh_from_db()
        assert (report.status, report.is_current) == (ProgressReport.Status.APPROVED, True)
        assert (assignment.state, assignment.progress) == (Assignment.State.IN_PROGRESS, 40)
        assert AuditEvent.objects.filter(action="approve", object_id=str(report.pk)).exists()

    def test_full_progress_approved_marks_done(self, cascaded, persona):
        assignment = hoan_kiem(cascaded)
        report = submit(persona, assignment, progress=100)
        services.report_approve(actor=persona("demo.xa.lanhdao"), report=report)
        assignment.refresh_from_db()
        assert (assignment.state, assignment.completed_on) == (Assignment.State.DONE, END)

    def test_return_needs_reason_then_revise_and_approve(self, cascaded, persona):
        assignment = hoan_kiem(cascaded)
        report = submit(persona, assignment)
        leader = persona("demo.xa.lanhdao")
        with pytest.raises(DomainError) as exc:
            services.report_return(actor=leader, report=report, note="  ")
        assert exc.value.field == "note"
        services.report_return(actor=leader, report=report, note="Thiếu số liệu đã tuyển")
        report.refresh_from_db()
        assert report.status == ProgressReport.Status.RETURNED
        assert not report.is_current
        with pytest.raises(InvalidTransition):
            services.report_approve(actor=leader, report=report)
        services.report_revise(actor=persona("demo.xa"), report=report, period_start=START, period_end=END,
                               narrative="Bổ sung", progress=60, figures=figures_for(assignment.task, 3, 2))
        report.refresh_from_db()
        assert (report.status, report.progress) == (ProgressReport.Status.SUBMITTED, 60)
        assert sorted(report.values.values_list("value", flat=True)) == [2, 3]
        services.report_approve(actor=leader, report=report)
        assignment.refresh_from_db()
        assert assignment.progress == 60
        assert set(ReportFigure.objects.filter(is_current=True).values_list("report_id", flat=True)) == {report.pk}

    def test_approved_report_cannot_be_returned(self, cascaded, persona):
        report = submit(persona, hoan_kiem(cascaded))
        leader = persona("demo.xa.lanhdao")
        services.report_approve(actor=leader, report=report)
        with pytest.raises(InvalidTransition):
            services.report_return(actor=leader, report=report, note="Muộn")

    def test_older_period_approved_later_does_not_replace_current(self, cascaded, persona):
        assignment = hoan_kiem(cascaded)
        leader = persona("demo.xa.lanhdao")
        newer = submit(persona, assignment, progress=70)
        older = services.report_submit(actor=persona("demo.xa"), assignment=assignment, period_start=date(2025, 11, 17),
                                       period_end=date(2025, 11, 23), narrative="Tuần trước", progress=20,
                                       figures=figures_for(assignment.task, 5, 0))
        services.report_approve(actor=leader, report=newer)
        services.report_approve(actor=leader, report=older)
        assignment.refresh_from_db()
        assert assignment.progress == 70
        assert list(assignment.reports.filter(is_current=True)) == [newer]
        current_values = ReportFigure.objects.filter(report__assignment=assignment, is_current=True)
        assert set(current_values.values_list("report_id", flat=True)) == {newer.pk}
        assert sorted(current_values.values_list("value", flat=True)) == [1, 3]

    def test_only_own_agency_leader_reviews(self, cascaded, persona):
        report = submit(persona, hoan_kiem(cascaded))
        for username in ("demo.xa", "demo.tinh", "demo.quocgia", "demo.xa2"):
            with pytest.raises(DomainError, match="không có quyền"):
                services.report_approve(actor=persona(username), report=report)

    def test_other_commune_and_viewer_cannot_report(self, cascaded, persona):
        for username in ("demo.xa2", "demo.xa.xem", "demo.tinh"):
            with pytest.raises(DomainError, match="không có quyền"):
                submit(persona, hoan_kiem(cascaded), username=username)
        assert not ProgressReport.objects.exists()

    def test_missing_negative_or_foreign_figures_refused_nothing_saved(self, cascaded, persona, issued):
        assignment = hoan_kiem(cascaded)
        first, second = assignment.task.figures.all()
        cases = [({first.pk: 3}, f"figure_{second.pk}"), ({first.pk: 3, second.pk: -1}, f"figure_{second.pk}"),
                 ({first.pk: "abc", second.pk: 1}, f"figure_{first.pk}"),
                 ({first.pk: 1, second.pk: 1, 999999: 1}, "figures")]
        for figures, field in cases:
            with pytest.raises(DomainError) as exc:
                services.report_submit(actor=persona("demo.xa"), assignment=assignment, period_start=START,
                                       period_end=END, narrative="x", progress=10, figures=figures)
            assert exc.value.field == field
        assert not ProgressReport.objects.exists() and not ReportFigure.objects.exists()

    def test_period_and_progress_checked(self, cascaded, persona):
        assignment = hoan_kiem(cascaded)
        with pytest.raises(DomainError) as exc:
            services.report_submit(actor=persona("demo.xa"), assignment=assignment, period_start=END,
                                   period_end=START, narrative="x", progress=10,
                                   figures=figures_for(assignment.task, 1, 1))
        assert exc.value.field == "period_end"
        with pytest.raises(DomainError) as exc:
            submit(persona, assignment, progress=101)
        assert exc.value.field == "progress"

    def test_resent_form_does_not_duplicate(self, cascaded, persona):
        assignment = hoan_kiem(cascaded)
        first = submit(persona, assignment, submission_key="abc123")
        again = submit(persona, assignment, submission_key="abc123")
        assert first.pk == again.pk
        assert assignment.reports.count() == 1


def test_provinces_fixture_sane():
    assert Province.objects.count() == 34
