"""A national letter with a deadline, issued and cascaded to Hoàn Kiếm, for the campaign pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from thongsuot.accounts.models import Agency
from thongsuot.directives import services
from thongsuot.geo.models import Commune, Province


@pytest.fixture(autouse=True)
def _vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture
def letter(persona):
    """The steering committee's letter: issued a week ago, due in five weeks, assigned to Hà Nội and Lào Cai,
    Hà Nội's part cascaded to Hoàn Kiếm (demo.xa) and X00004 (demo.xa2)."""
    boss = persona("demo.quocgia")
    today = timezone.localdate()
    directive = services.directive_create(
        actor=boss, number="15/CĐ-BCĐ", issued_on=today - timedelta(days=7), urgency="hoa_toc",
        title="Về việc tháo gỡ khó khăn cho cấp xã", signer_name="Nguyễn Văn Quốc",
        signer_title="Phó Trưởng Ban Chỉ đạo")
    task = services.task_create(actor=boss, directive=directive, title="Tháo gỡ khó khăn", domain="org_staff",
                                deadline=today + timedelta(days=35), lead_agency=Agency.objects.get(code="BNV"))
    services.directive_issue(actor=boss, directive=directive)
    services.task_assign(actor=boss, task=task, provinces=list(Province.objects.filter(code__in=["01", "15"])))
    assignment = task.assignments.get(agency__code="T01")
    services.assignment_cascade(actor=persona("demo.tinh"), assignment=assignment,
                                communes=list(Commune.objects.filter(code__in=["00070", "00004"])))
    return directive
