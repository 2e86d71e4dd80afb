"""The permission matrix: each level and role against a record of their own, a sibling
commune's, and another province's."""

import pytest

from thongsuot.accounts.permissions import Action, can, scope_filter, visible_agencies, visible_communes
from thongsuot.geo.models import Commune

HOAN_KIEM, BA_DINH, BAT_XAT = "00070", "00004", "02683"

# persona -> commune code -> visible?
VISIBILITY = {
    "demo.quocgia": {HOAN_KIEM: True, BA_DINH: True, BAT_XAT: True},
    "demo.bo": {HOAN_KIEM: True, BA_DINH: True, BAT_XAT: True},  # units are public facts for a ministry
    "demo.tinh": {HOAN_KIEM: True, BA_DINH: True, BAT_XAT: False},
    "demo.tinh2": {HOAN_KIEM: False, BA_DINH: False, BAT_XAT: True},
    "demo.xa": {HOAN_KIEM: True, BA_DINH: False, BAT_XAT: False},
    "demo.xa2": {HOAN_KIEM: False, BA_DINH: True, BAT_XAT: False},
    "demo.xa3": {HOAN_KIEM: False, BA_DINH: False, BAT_XAT: True},
}


@pytest.mark.parametrize("username", VISIBILITY)
def test_commune_visibility(db, persona, username):
    visible = set(visible_communes(persona(username)).filter(code__in=[HOAN_KIEM, BA_DINH, BAT_XAT])
                  .values_list("code", flat=True))
    assert visible == {code for code, ok in VISIBILITY[username].items() if ok}


# persona, action, commune code -> allowed on a record of that commune
DOING = [
    ("demo.xa", Action.CREATE, HOAN_KIEM, True),
    ("demo.xa", Action.CREATE, BA_DINH, False),
    ("demo.xa", Action.ESCALATE, HOAN_KIEM, False),      # officer cannot escalate
    ("demo.xa.lanhdao", Action.ESCALATE, HOAN_KIEM, True),
    ("demo.xa.xem", Action.EDIT, HOAN_KIEM, False),      # viewer reads only
    ("demo.xa.xem", Action.VIEW, HOAN_KIEM, True),
    ("demo.tinh", Action.RESOLVE, BA_DINH, True),
    ("demo.tinh", Action.RESOLVE, BAT_XAT, False),
    ("demo.tinh2", Action.VIEW, HOAN_KIEM, False),
    ("demo.quocgia", Action.RESOLVE, BAT_XAT, True),
    ("demo.bo", Action.EDIT, HOAN_KIEM, False),          # a ministry acts only on what is addressed to it
]


@pytest.mark.parametrize("username,action,code,allowed", DOING)
def test_actions_on_commune_records(db, persona, username, action, code, allowed):
    commune = Commune.objects.get(code=code)
    assert can(persona(username), action, province_id=commune.province_id, commune_id=commune.pk) is allowed


def test_scope_filter_keeps_province_level_records_from_communes(db, persona):
    communes = Commune.objects.filter(code__in=[HOAN_KIEM, BA_DINH])
    # Commune rows filtered as if they were records with province/commune fields (commune = itself).
    seen = scope_filter(persona("demo.xa"), communes, province_field="province", commune_field="agency__commune")
    assert list(seen.values_list("code", flat=True)) == [HOAN_KIEM]
    assert scope_filter(persona("demo.bo"), communes).count() == 0


def test_agency_visibility(db, persona):
    codes = set(visible_agencies(persona("demo.xa")).values_list("code", flat=True))
    assert {"X00070", "T01", "BCD", "BNV"} <= codes
    assert "X00004" not in codes and "T15" not in codes
    assert not visible_agencies(persona("demo.tinh2")).filter(code="X00070").exists()


def test_anonymous_sees_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert visible_communes(AnonymousUser()).count() == 0


@pytest.mark.parametrize("username,url,status", [
    ("demo.xa", "/dia-ban/xa/00070/", 200),
    ("demo.xa", "/dia-ban/xa/00004/", 404),
    ("demo.xa", "/dia-ban/xa/99999/", 404),
    ("demo.xa2", "/dia-ban/xa/00070/", 404),
    ("demo.tinh", "/dia-ban/xa/00004/", 200),
    ("demo.tinh", "/dia-ban/xa/02683/", 404),
    ("demo.tinh2", "/dia-ban/tinh/01/", 404),
    ("demo.tinh2", "/dia-ban/tinh/15/", 200),
    ("demo.quocgia", "/dia-ban/xa/02683/", 200),
])
def test_pages_answer_404_outside_scope(client_for, username, url, status):
    response = client_for(username).get(url)
    assert response.status_code == status
    if status == 404:
        assert "Không tìm thấy trang" in response.content.decode()
