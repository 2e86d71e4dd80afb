"""Roll-up arithmetic on a hand-checked fixture, and overdue on Vietnam's working-day calendar."""

from datetime import date
from decimal import Decimal

import pytest

from thongsuot.directives import rollup, services
from thongsuot.directives.models import Assignment
from thongsuot.directives.selectors import directive_matrix, province_matrix
from thongsuot.geo.models import Province

pytestmark = pytest.mark.django_db

START, END = date(2025, 11, 24), date(2025, 11, 30)
TODAY = date(2025, 12, 1)


def approve(persona, assignment, progress, values, officer, leader):
    figures = {f.pk: v for f, v in zip(assignment.task.figures.all(), values, strict=True)}
    report = services.report_submit(actor=persona(officer), assignment=assignment, period_start=START,
                                    period_end=END, narrative="Kết quả", progress=progress, figures=figures)
    services.report_approve(actor=persona(leader), report=report)


@pytest.fixture
def reported(cascaded, persona):
    """Hà Nội own 40 % (2, 1); Hoàn Kiếm 100 % (3, 5); Ba Đình 10 % (1, 0); Lào Cai nothing yet."""
    approve(persona, cascaded, 40, (2, 1), "demo.tinh.chuyenvien", "demo.tinh")
    approve(persona, cascaded.children.get(commune__code="00070"), 100, (3, 5), "demo.xa", "demo.xa.lanhdao")
    ba_dinh = cascaded.children.get(commune__code="00004")
    from thongsuot.accounts.models import Membership, Role, User

    leader = User.objects.create(username="ba.dinh.lanhdao", full_name="Lãnh đạo Ba Đình")
    Membership.objects.create(user=leader, agency=ba_dinh.agency, role=Role.LEADER)
    approve(persona, ba_dinh, 10, (1, 0), "demo.xa2", "ba.dinh.lanhdao")
    return cascaded


def test_province_is_mean_of_own_and_communes_and_sum_of_figures(reported, persona):
    matrix = directive_matrix(user=persona("demo.quocgia"), directive=reported.directive, today=TODAY)
    first, second = matrix.tasks
    fig_missing, fig_hired = first.figures.all()
    rows = {p.code: cells for p, cells in matrix.rows}
    assert list(rows) == ["01", "15"]
    hanoi = rows["01"][0]
    assert (hanoi.units, hanoi.done, hanoi.progress) == (3, 1, 50.0)   # (40 + 100 + 10) / 3
    assert hanoi.figures == {fig_missing.pk: Decimal(6), fig_hired.pk: Decimal(6)}   # 2+3+1, 1+5+0
    assert hanoi.status == "in_progress"
    lao_cai = rows["15"][0]
    assert (lao_cai.units, lao_cai.progress, lao_cai.figures, lao_cai.status) == (1, 0.0, {}, "not_started")
    national = matrix.total[0]
    assert national.progress == 25.0   # (50 + 0) / 2 provinces, each counted once
    assert national.figures == {fig_missing.pk: Decimal(6), fig_hired.pk: Decimal(6)}
    assert (national.units, national.done, national.status) == (2, 0, "in_progress")
    assert matrix.total[1].status == "not_started"


def test_province_drill_down_lists_own_row_first_then_communes(reported, persona):
    hanoi = Province.objects.get(code="01")
    matrix = province_matrix(user=persona("demo.tinh"), directive=reported.directive, province=hanoi, today=TODAY)
    places = [(c.name if c else None, cells[0].percent) for c, cells in matrix.rows]
    assert places == [(None, 40), ("Phường Ba Đình", 10), ("Phường Hoàn Kiếm", 100)]
    assert matrix.total[0].progress == 50.0


def test_nothing_is_stored_twice_a_new_approval_changes_the_rollup(reported, persona):
    lao_cai = reported.task.assignments.get(agency__code="T15")
    approve(persona, lao_cai, 100, (0, 4), "demo.tinh2", "demo.tinh2")
    matrix = directive_matrix(user=persona("demo.quocgia"), directive=reported.directive, today=TODAY)
    assert matrix.total[0].progress == 75.0   # (50 + 100) / 2
    first_figure = reported.task.figures.all()[1]
    assert matrix.total[0].figures[first_figure.pk] == Decimal(10)


def test_overdue_when_past_deadline_and_not_done(reported, persona):
    after = date(2026, 1, 2)   # 31/12/2025 deadline, 1/1 a holiday, 2/1 past due
    matrix = directive_matrix(user=persona("demo.quocgia"), directive=reported.directive, today=after)
    rows = {p.code: cells for p, cells in matrix.rows}
    assert (rows["01"][0].overdue, rows["01"][0].status) == (2, "overdue")   # Hoàn Kiếm is done
    assert matrix.total[0].status == "overdue"


class TestOverdueAcrossHolidays:
    """Tết 2026 is Monday 16 to Friday 20 February; a deadline of Saturday 14 February is due Monday 23."""

    def make(self, deadline):
        return Assignment(deadline=deadline, state=Assignment.State.IN_PROGRESS)

    def test_deadline_on_a_day_off_moves_to_the_next_working_day(self):
        assert self.make(date(2026, 2, 14)).due == date(2026, 2, 23)

    @pytest.mark.parametrize(("today", "overdue"), [
        (date(2026, 2, 18), False), (date(2026, 2, 23), False), (date(2026, 2, 24), True)])
    def test_not_overdue_through_tet(self, today, overdue):
        assignment = self.make(date(2026, 2, 14))
        assert assignment.is_overdue(today) is overdue
        assert (assignment.deadline <= rollup.overdue_cutoff(today)) is overdue

    def test_deadline_on_friday_before_tet_is_overdue_during_tet(self):
        assert self.make(date(2026, 2, 13)).is_overdue(date(2026, 2, 16))
        assert rollup.overdue_cutoff(date(2026, 2, 23)) == date(2026, 2, 13)

    def test_done_is_never_overdue(self):
        done = Assignment(deadline=date(2026, 2, 13), state=Assignment.State.DONE, progress=100)
        assert done.status(date(2026, 3, 1)) == "done"
