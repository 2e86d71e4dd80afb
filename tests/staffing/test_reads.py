"""Reading a staffing page never writes: a commune without quota rows or units yet shows the defaults."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thongsuot.staffing.models import OrgUnit, StaffingQuota

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in q["sql"]]


@pytest.mark.parametrize(("who", "url"), [
    ("demo.xa", "/nhan-su/"), ("demo.xa", "/nhan-su/xa/00070/"), ("demo.tinh", "/nhan-su/xa/00070/"),
    ("demo.tinh", "/nhan-su/"), ("demo.tinh", "/nhan-su/thieu-hut/"), ("demo.xa", "/nhan-su/can-bo/"),
    ("demo.bo", "/nhan-su/xa/00070/"),
])
def test_a_page_view_writes_nothing(client_for, hoan_kiem, who, url):
    client = client_for(who)
    assert _writes(client, url) == []
    assert not StaffingQuota.objects.filter(commune=hoan_kiem).exists()
    assert not OrgUnit.objects.filter(commune=hoan_kiem).exists()


def test_the_commune_page_shows_the_default_quotas_and_units_before_they_are_saved(client_for, hoan_kiem):
    page = client_for("demo.tinh").get("/nhan-su/xa/00070/").content.decode()
    assert 'data-field="it"' in page and "Văn phòng HĐND và UBND" in page
    assert "/nhan-su/dinh-bien/" not in page  # nothing to edit until a write makes the rows
