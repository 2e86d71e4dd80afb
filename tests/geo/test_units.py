import unicodedata

import pytest

from thongsuot.accounts.selectors import commune_list, province_list
from thongsuot.geo.models import Commune, FormerUnit, Province
from thongsuot.geo.services import units_load


def test_exactly_the_official_units_are_loaded(db):
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert Commune.objects.filter(kind=Commune.Kind.XA).count() == 2621
    assert Commune.objects.filter(kind=Commune.Kind.PHUONG).count() == 687
    assert Commune.objects.filter(kind=Commune.Kind.DAC_KHU).count() == 13
    assert Commune.objects.get(code="00070").name == "Phường Hoàn Kiếm"
    assert Province.objects.get(code="01").name == "Thành phố Hà Nội"


def test_loading_again_changes_nothing(db):
    ids = dict(Commune.objects.values_list("code", "id"))
    result = units_load()
    assert result.communes == 3321
    assert dict(Commune.objects.values_list("code", "id")) == ids
    assert Province.objects.count() == 34


def test_communes_have_coordinates_area_and_lineage(db):
    hoan_kiem = Commune.objects.get(code="00070")
    assert 20.9 < hoan_kiem.latitude < 21.1 and hoan_kiem.area_km2 > 0
    assert FormerUnit.objects.filter(commune=hoan_kiem).exists()
    assert Commune.objects.exclude(latitude=None).count() > 3300


@pytest.mark.parametrize("typed", ["ha noi", "HÀ NỘI", "Hà Nội", unicodedata.normalize("NFD", "Hà Nội")])
def test_province_search_ignores_diacritics(db, persona, typed):
    names = list(province_list(user=persona("demo.quocgia"), query=typed).values_list("name", flat=True))
    assert names == ["Thành phố Hà Nội"]


def test_commune_search_finds_hoan_kiem(db, persona):
    names = list(commune_list(user=persona("demo.quocgia"), query="hoan kiem").values_list("name", flat=True))
    assert names == ["Phường Hoàn Kiếm"]


def test_commune_search_is_scoped(db, persona):
    assert not commune_list(user=persona("demo.tinh2"), query="hoan kiem").exists()
    assert commune_list(user=persona("demo.tinh2"), query="bat xat").count() == 1
