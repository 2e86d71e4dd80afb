"""Linking a task to records of other apps (obstacles), shown only to those who may see them.

The obstacles app is built in parallel; these tests stand a progress report in for an obstacle:
any model with a province, a commune and a status behaves the same way."""

import pytest
from django.utils import translation

from thongsuot.audit.models import AuditEvent
from thongsuot.core.errors import DomainError
from thongsuot.directives import selectors, services
from thongsuot.directives.models import TaskLink

pytestmark = pytest.mark.django_db

LABEL = "directives.progressreport"


@pytest.fixture
def linkable(monkeypatch):
    monkeypatch.setitem(services.LINKABLE, LABEL, "báo cáo")


@pytest.fixture
def hoan_kiem_report(cascaded, persona):
    from datetime import date

    child = cascaded.children.get(commune__code="00070")
    return services.report_submit(actor=persona("demo.xa"), assignment=child, period_start=date(2025, 11, 24),
                                  period_end=date(2025, 11, 30), narrative="x", progress=10,
                                  figures={f.pk: 1 for f in child.task.figures.all()})


def test_commune_links_its_record_and_only_the_territory_sees_it(linkable, hoan_kiem_report, persona):
    task = hoan_kiem_report.assignment.task
    services.task_link(actor=persona("demo.xa"), task=task, object_type=LABEL, object_id=str(hoan_kiem_report.pk))
    services.task_link(actor=persona("demo.xa"), task=task, object_type=LABEL, object_id=str(hoan_kiem_report.pk))
    assert TaskLink.objects.count() == 1
    assert AuditEvent.objects.filter(action="link").count() == 1
    with translation.override("vi"):
        seen = selectors.task_links(user=persona("demo.tinh"), task=task)
    assert [(row["kind"], row["status"]) for row in seen] == [("báo cáo", "Chờ duyệt")]
    assert selectors.task_links(user=persona("demo.tinh2"), task=task) == []
    assert selectors.task_links(user=persona("demo.xa2"), task=task) == []


def test_cannot_link_what_one_cannot_see_or_an_unknown_type(linkable, hoan_kiem_report, persona):
    task = hoan_kiem_report.assignment.task
    with pytest.raises(DomainError) as exc:
        services.task_link(actor=persona("demo.xa2"), task=task, object_type=LABEL, object_id=str(hoan_kiem_report.pk))
    assert exc.value.field == "object_id"
    with pytest.raises(DomainError) as exc:
        services.task_link(actor=persona("demo.xa"), task=task, object_type="accounts.user", object_id="1")
    assert exc.value.field == "object_type"
    with pytest.raises(DomainError, match="không có quyền"):
        services.task_link(actor=persona("demo.xa3"), task=task, object_type=LABEL, object_id=str(hoan_kiem_report.pk))
    assert not TaskLink.objects.exists()


def test_obstacles_type_is_refused_cleanly_when_that_app_is_absent(hoan_kiem_report, persona):
    from django.apps import apps

    if apps.is_installed("thongsuot.obstacles"):
        pytest.skip("the obstacles app is installed: the link works for real")
    with pytest.raises(DomainError, match="không liên kết được"):
        services.task_link(actor=persona("demo.xa"), task=hoan_kiem_report.assignment.task,
                           object_type="obstacles.obstacle", object_id="1")


def test_link_over_the_api(linkable, hoan_kiem_report, api_for):
    task = hoan_kiem_report.assignment.task
    response = api_for("demo.xa").post(f"/api/directives/tasks/{task.pk}/links/",
                                       {"object_type": LABEL, "object_id": str(hoan_kiem_report.pk)}, format="json")
    assert response.status_code == 201 and response.json()[0]["status"] == "Chờ duyệt"
    assert api_for("demo.tinh").get(f"/api/directives/tasks/{task.pk}/links/").json()[0]["kind"] == "báo cáo"
    assert api_for("demo.tinh2").get(f"/api/directives/tasks/{task.pk}/links/").json() == []
