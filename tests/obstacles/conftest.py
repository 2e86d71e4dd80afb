"""Fixtures shared by the written-request tests."""

import pytest
from django.contrib.auth import get_user_model

from thongsuot.accounts.models import Agency, Membership, Role
from thongsuot.obstacles import services


@pytest.fixture
def two_cases(persona):
    """A Hoàn Kiếm case (demo.xa) and a Ba Đình case (demo.xa2), both sent up to the province."""
    ba_dinh = Agency.objects.get(code="X00004")
    leader = get_user_model().objects.create_user(username="test.badinh.lanhdao", password="x" * 14)
    Membership.objects.create(user=leader, agency=ba_dinh, role=Role.LEADER)
    cases = []
    for officer, chief, title in (("demo.xa", "demo.xa.lanhdao", "Thiếu công chức địa chính ở Hoàn Kiếm"),
                                  ("demo.xa2", "test.badinh.lanhdao", "Thiếu công chức địa chính ở Ba Đình")):
        case = services.obstacle_create(actor=persona(officer), title=title, domain="org_staff",
                                        description="Thiếu công chức địa chính - xây dựng.", severity="high")
        cases.append(services.obstacle_escalate(actor=persona(chief), obstacle=case, version=case.version,
                                                message="Vượt thẩm quyền cấp xã."))
    return tuple(cases)
