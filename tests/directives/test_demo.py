"""The demo letter of 23/11/2025: 7 tasks to all 34 provinces, Hà Nội and Lào Cai cascading, reports filed."""

from io import StringIO

import pytest

from thongsuot.directives.models import Assignment, Directive, ProgressReport, RegistryLink

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
