"""The demo letter: 7 tasks to all 34 provinces, Hà Nội and Lào Cai cascading, reports filed, dated from the
seeding day (the real letter's 23/11/2025 → 31/12/2025 with `--as-of 2025-12-14`)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.utils import timezone

from thongsuot.core.seeding import seeding_as_of
from thongsuot.directives.models import Assignment, Directive, ProgressReport, RegistryLink

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_letter_and_is_idempotent():
    from thongsuot.accounts.demo import personas_seed
    from thongsuot.directives.demo import seed_demo

    personas = personas_seed()
    with seeding_as_of(date(2025, 12, 14)):
        seed_demo(personas, StringIO())
    directive = Directive.objects.get(number="24/CĐ-BCĐ", issuer__code="BCD")
    assert (directive.status, directive.urgency, directive.issued_on.isoformat()) == ("issued", "khan", "2025-11-23")
    assert "hoàn thành trước ngày 31/12/2025" in directive.text
    assert directive.created_at.date() == date(2025, 11, 23)
    assert directive.tasks.count() == 7
    own = Assignment.objects.filter(directive=directive, commune__isnull=True)
    assert own.count() == 34 * 7
    communes = Assignment.objects.filter(directive=directive, commune__isnull=False)
    assert set(communes.values_list("province__code", flat=True)) == {"01", "15"}
    assert communes.count() == (126 + 99) * 7
    hoan_kiem = ProgressReport.objects.filter(assignment__agency__code="X00070")
    assert sorted(hoan_kiem.values_list("status", flat=True)) == ["approved", "returned", "submitted"]
    assert ProgressReport.objects.filter(status="approved").count() > 100
    links = {(link.task.position, link.source, link.parameter, link.figure.name if link.figure else None)
             for link in RegistryLink.objects.filter(task__directive=directive).select_related("task", "figure")}
    assert links == {(1, "staffing.shortage", "", "Số công chức chuyên môn còn thiếu"),
                     (1, "staffing.shortage", "it", None), (4, "facilities.surplus_remaining", "", None),
                     (5, "facilities.equipment_gap", "may_tinh", "Số máy tính còn thiếu"),
                     (5, "facilities.poorly_connected", "", None), (5, "facilities.readiness", "", None)}
    out = StringIO()
    seed_demo(personas, out)
    assert "bỏ qua" in out.getvalue()
    assert Directive.objects.count() == 1


def test_the_demo_seeded_today_is_a_campaign_in_progress():
    """Issued three weeks ago, due weeks ahead; most work on time, some overdue, some done."""
    from thongsuot.accounts.demo import personas_seed
    from thongsuot.directives.demo import seed_demo

    today = timezone.localdate()
    with seeding_as_of(None):
        seed_demo(personas_seed(), StringIO())
    directive = Directive.objects.get(number="24/CĐ-BCĐ", issuer__code="BCD")
    assert directive.issued_on == today - timedelta(days=21)
    assert directive.tasks.order_by("-deadline").first().deadline > today + timedelta(days=14)
    assert str(directive.issued_on.year) in directive.text and "31/12/2025" not in directive.text
    units = Assignment.objects.filter(directive=directive)
    overdue = sum(a.is_overdue(today) for a in units)
    done = units.filter(state=Assignment.State.DONE).count()
    assert 0.03 * units.count() < overdue < 0.25 * units.count()
    assert 0.05 * units.count() < done < 0.5 * units.count()
    assert not ProgressReport.objects.filter(period_end__gte=today).exists()
    assert not ProgressReport.objects.filter(submitted_at__gt=timezone.now()).exists()
