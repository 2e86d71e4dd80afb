"""The unit matcher: a province or commune found however a file or a search box names it."""

import random
import time
import unicodedata

import pytest

from thongsuot.accounts.selectors import commune_list, province_list
from thongsuot.geo.matching import (
    AMBIGUOUS,
    COMMUNE_PREFIXES,
    MATCHED,
    MISSING,
    OUTSIDE,
    province_key,
    split_prefix,
    tone_placed,
    unit_key,
)
from thongsuot.geo.models import Commune
from thongsuot.geo.selectors import provinces_named, unit_index


@pytest.fixture(scope="module")
def index(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return unit_index()


def nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(("typed", "official"), [
    ("Thanh Hoá", "Thanh Hóa"), ("Khánh Hoà", "Khánh Hòa"), ("Thuý", "Thúy"), ("hoạ", "họa"),
    ("khoẻ", "khỏe"), ("Quý", "Quý"), ("Hoàng", "Hoàng"), ("Thuỷ", "Thủy"), (nfd("Thanh Hoá"), "Thanh Hóa"),
])
def test_new_tone_placement_is_moved_where_official_names_have_it(typed, official):
    assert tone_placed(typed) == official


@pytest.mark.parametrize(("typed", "key"), [
    ("Thành phố Hồ Chí Minh", "ho chi minh"), ("TP. Hồ Chí Minh", "ho chi minh"), ("tp.Hồ Chí Minh", "ho chi minh"),
    ("TP HCM", "#79"), ("TPHCM", "#79"), ("HCM", "#79"), ("tp.hcm", "#79"), ("Sài Gòn", "#79"), ("HN", "#01"),
    ("Tỉnh Đắk Lắk", "dak lak"), ("Đăk Lăk", "dak lak"), ("DAK LAK", "dak lak"), ("  Thanh   Hoá ", "thanh hoa"),
])
def test_province_keys(typed, key):
    assert province_key(typed) == key


def test_commune_keys_drop_the_kind_apostrophes_and_punctuation():
    assert unit_key("Xã Ea H'Leo", ("xa",)) == unit_key("xa ea hleo", ("xa",)) == "ea hleo"
    assert unit_key("Đặc khu Phú Quốc", ("dac khu",)) == "phu quoc"
    assert split_prefix("P. Ba Đình", COMMUNE_PREFIXES) == ("phuong", "ba dinh")


@pytest.mark.parametrize(("typed", "code"), [
    ("Thành phố Hồ Chí Minh", "79"), ("Hồ Chí Minh", "79"), ("ho chi minh", "79"), ("TP HCM", "79"),
    ("TP. HCM", "79"), ("tp. Hồ Chí Minh", "79"), ("HCM", "79"), ("Sài Gòn", "79"), ("Huế", "46"), ("hue", "46"),
    ("Thành phố Huế", "46"), ("Thừa Thiên Huế", "46"), ("HN", "01"), ("Hà Nội", "01"), ("1", "01"), ("01", "01"),
    ("Đăk Lăk", "66"), ("Đắk Lắk", "66"), ("Dak Lak", "66"), ("dak lak", "66"), ("Thanh Hoá", "38"),
    ("Thanh Hóa", "38"), (nfd("Tỉnh Thanh Hoá"), "38"), ("Khánh Hoà", "56"),
    # Former provinces lead to the province they were merged into.
    ("Tỉnh Bình Dương", "79"), ("Bà Rịa - Vũng Tàu", "79"), ("Hà Giang", "08"), ("Đắk Nông", "68"),
])
def test_a_province_is_found_by_name_short_form_variant_code_or_former_name(index, typed, code):
    match = index.province(typed)
    assert match.status == MATCHED and match.unit.code == code


@pytest.mark.parametrize("typed", ["", "Hà", "Tỉnh Atlantis", "99"])
def test_no_province_is_found_for_a_part_or_an_unknown_name(index, typed):
    assert index.province(typed).status == MISSING


def test_a_commune_is_found_in_its_province_by_name_kind_and_code(index):
    hanoi, thanh_hoa = index.provinces["01"], index.provinces["38"]
    for typed in ("Phường Ba Đình", "phuong ba dinh", "Ba Đình", nfd("BA ĐÌNH"), "P. Ba Đình", "4", "00004", 4.0):
        match = index.commune(str(typed) if not isinstance(typed, float) else "4", hanoi)
        assert (match.status, match.unit.code) == (MATCHED, "00004"), typed
    match = index.commune("Hạc Thành", thanh_hoa)
    assert match.ok and match.unit.name == "Phường Hạc Thành" and match.via == "name"


def test_a_commune_of_another_province_is_outside_not_missing(index):
    hanoi = index.provinces["01"]
    match = index.commune("Phường Hạc Thành", hanoi)
    assert match.status == OUTSIDE and match.unit.province.code == "38"
    assert index.commune("00070", index.provinces["38"]).status == OUTSIDE
    assert index.commune("Phường Không Có", hanoi).status == MISSING


def test_communes_differing_only_by_marks_are_told_apart_by_the_marks(db, index):
    """Two communes of one province fold to the same key ("Sơn Hà" and "Sơn Hạ"): the marks typed decide."""
    pairs = {}
    for commune in Commune.objects.select_related("province").filter(name__in=["Xã Sơn Hà", "Xã Sơn Hạ"]):
        pairs.setdefault(commune.province.code, {})[commune.name] = commune.code
    province_code, codes = next((p, c) for p, c in pairs.items() if len(c) == 2)
    province = index.provinces[province_code]
    assert index.commune("Xã Sơn Hà", province).unit.code == codes["Xã Sơn Hà"]
    assert index.commune("xã sơn hạ", province).unit.code == codes["Xã Sơn Hạ"]
    unmarked = index.commune("Son Ha", province)
    assert unmarked.status == AMBIGUOUS and {c.code for c in unmarked.candidates} == set(codes.values())


def test_a_former_commune_merged_whole_leads_to_the_current_one(index):
    match = index.commune("Phường Quán Thánh", index.provinces["01"])
    assert (match.status, match.unit.name, match.via) == (MATCHED, "Phường Ba Đình", "former name")


def test_a_former_commune_split_between_new_ones_is_ambiguous_with_the_candidates(index):
    match = index.commune("Phường Kim Mã", index.provinces["01"])
    assert match.status == AMBIGUOUS and match.unit is None
    assert {c.name for c in match.candidates} == {"Phường Ba Đình", "Phường Ngọc Hà", "Phường Giảng Võ"}


def test_a_former_name_shared_by_two_districts_is_narrowed_by_the_district(index):
    hanoi = index.provinces["01"]
    shared = index.commune("Xã Tam Hiệp", hanoi)
    assert shared.status == AMBIGUOUS
    narrowed = index.commune("Xã Tam Hiệp, Huyện Phúc Thọ", hanoi)
    assert narrowed.ok and narrowed.unit.name == "Xã Hát Môn"


def test_a_commune_named_with_its_province_needs_no_province_argument(index):
    match = index.commune("Phường Hạc Thành, Thanh Hoá")
    assert match.ok and match.unit.province.code == "38"


def test_one_hundred_thousand_rows_are_matched_in_well_under_a_second(db, index):
    rng = random.Random(17)
    communes = list(Commune.objects.select_related("province").order_by("code"))
    sample = rng.sample(communes, 400)
    rows = []
    for i in range(100_000):
        commune = sample[i % len(sample)]
        typed = (commune.name, unit_key(commune.name, ("xa", "phuong", "dac khu")), commune.code.lstrip("0"),
                 nfd(commune.name).upper())[i % 4]
        rows.append((typed, index.provinces[commune.province.code], commune.code))
    fresh = unit_index()
    started = time.perf_counter()
    results = [fresh.commune(typed, province) for typed, province, _code in rows]
    elapsed = time.perf_counter() - started
    wrong = [(row, r) for row, r in zip(rows, results, strict=True)
             if r.status == MATCHED and r.unit.code != row[2]]
    assert wrong == []
    assert sum(r.status == MATCHED for r in results) > 0.97 * len(rows)
    # A guard against a quadratic matcher, not the speed figure (that is bench/import_read.py's):
    # loose enough to hold on a loaded machine.
    assert elapsed < 3, elapsed


# The search boxes ------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "code"), [("dak lak", "66"), ("ho chi minh", "79"), ("hue", "46"),
                                             ("thanh hoa", "38")])
def test_the_commune_search_finds_the_communes_of_a_province_typed_without_marks(db, persona, typed, code):
    found = set(commune_list(user=persona("demo.quocgia"), query=typed).values_list("code", flat=True))
    assert set(Commune.objects.filter(province__code=code).values_list("code", flat=True)) <= found


@pytest.mark.parametrize(("typed", "name"), [
    ("dak lak", "Tỉnh Đắk Lắk"), ("ho chi minh", "Thành phố Hồ Chí Minh"), ("hue", "Thành phố Huế"),
    ("thanh hoa", "Tỉnh Thanh Hóa"), ("TP HCM", "Thành phố Hồ Chí Minh"), ("tp. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ("HN", "Thành phố Hà Nội"), ("Thanh Hoá", "Tỉnh Thanh Hóa"), ("Đăk Lăk", "Tỉnh Đắk Lắk"),
])
def test_the_province_search_uses_the_same_matcher(db, persona, typed, name):
    names = list(province_list(user=persona("demo.quocgia"), query=typed).values_list("name", flat=True))
    assert names == [name]


def test_a_partial_query_still_searches_the_text(db, persona):
    assert provinces_named("thanh") == frozenset()
    names = set(province_list(user=persona("demo.quocgia"), query="thanh").values_list("name", flat=True))
    assert {"Tỉnh Thanh Hóa", "Thành phố Hà Nội"} <= names


def test_the_api_search_finds_the_communes_of_dak_lak(client, persona):
    client.force_login(persona("demo.quocgia"))
    answer = client.get("/api/communes/", {"search": "dak lak", "province": "66"})
    assert answer.status_code == 200
    assert answer.json()["count"] == Commune.objects.filter(province__code="66").count()
