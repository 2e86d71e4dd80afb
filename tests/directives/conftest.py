"""Fixtures for the directives loop: a national letter with two tasks, assigned and cascaded."""

from datetime import date

import pytest

from thongsuot.accounts.models import Agency
from thongsuot.directives import services
from thongsuot.geo.models import Commune, Province

ISSUED_ON = date(2025, 11, 23)
DEADLINE = date(2025, 12, 31)


@pytest.fixture
def national_directive(persona):
    """Return a draft national directive with two tasks (the first with two figures)."""
    boss = persona("demo.quocgia")
    directive = services.directive_create(
        actor=boss, number="15/CĐ-BCĐ", issued_on=ISSUED_ON, urgency="hoa_toc",
        title="Về việc tháo gỡ khó khăn cho cấp xã", signer_name="Nguyễn Văn Quốc",
        signer_title="Phó Trưởng Ban Chỉ đạo")
    services.task_create(actor=boss, directive=directive, title="Bổ sung công chức chuyên môn", deadline=DEADLINE,
                         domain="org_staff", lead_agency=Agency.objects.get(code="BNV"),
                         coordinating_agencies=[Agency.objects.get(code="BTC")],
                         figures=[("Số công chức CNTT còn thiếu", "người"), ("Số công chức đã tuyển", "người")])
    services.task_create(actor=boss, directive=directive, title="Rà soát trụ sở dôi dư", deadline=DEADLINE,
                         domain="hq_assets")
    return directive


@pytest.fixture
def issued(national_directive, persona):
    """Issue the directive and assign both tasks to Hà Nội and Lào Cai."""
    boss = persona("demo.quocgia")
    services.directive_issue(actor=boss, directive=national_directive)
    provinces = list(Province.objects.filter(code__in=["01", "15"]))
    for task in national_directive.tasks.all():
        services.task_assign(actor=boss, task=task, provinces=provinces)
    return national_directive


@pytest.fixture
def hanoi_assignment(issued):
    return issued.tasks.get(position=1).assignments.get(agency__code="T01")


@pytest.fixture
def cascaded(hanoi_assignment, persona):
    """Pass Hà Nội's first task on to Hoàn Kiếm (demo.xa) and Ba Đình-side X00004 (demo.xa2)."""
    communes = list(Commune.objects.filter(code__in=["00070", "00004"]))
    services.assignment_cascade(actor=persona("demo.tinh"), assignment=hanoi_assignment, communes=communes)
    return hanoi_assignment


@pytest.fixture
def media(settings):
    """The directory attachments are stored in during the test (tests/conftest.py sets it)."""
    return settings.PRIVATE_MEDIA_ROOT
