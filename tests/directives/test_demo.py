"""The demo letter of 23/11/2025: 7 tasks to all 34 provinces, Hà Nội and Lào Cai cascading, reports filed."""

from io import StringIO

import pytest

from thongsuot.directives.models import Assignment, Directive, ProgressReport

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_letter_and_is_idempotent():
    from thongsuot.accounts.demo import personas_seed
    from thongsuot.directives.demo import seed_demo

    personas = personas_seed()
    seed_demo(personas, StringIO())
    directive = Directive.objects.get(number="24/CĐ-BCĐ", issuer__code="BCD")
    assert (directive.status, directive.urgency, directive.issued_on.isoformat()) == ("issued", "khan", "2025-11-23")
    assert directive.tasks.count() == 7
    own = Assignment.objects.filter(directive=directive, commune__isnull=True)
    assert own.count() == 34 * 7
    communes = Assignment.objects.filter(directive=directive, commune__isnull=False)
    assert set(communes.values_list("province__code", flat=True)) == {"01", "15"}
    assert communes.count() == (126 + 99) * 7
    hoan_kiem = ProgressReport.objects.filter(assignment__agency__code="X00070")
    assert sorted(hoan_kiem.values_list("status", flat=True)) == ["approved", "returned", "submitted"]
    assert ProgressReport.objects.filter(status="approved").count() > 100
    out = StringIO()
    seed_demo(personas, out)
    assert "bỏ qua" in out.getvalue()
    assert Directive.objects.count() == 1
