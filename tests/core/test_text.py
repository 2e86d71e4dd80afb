import unicodedata

import pytest

from thongsuot.core.text import fold, search_terms


@pytest.mark.parametrize("typed", ["ha noi", "HÀ NỘI", "Hà Nội", unicodedata.normalize("NFD", "Hà Nội"), "  hà   nội "])
def test_fold_ignores_diacritics_case_and_unicode_form(typed):
    assert fold(typed) == "ha noi"


def test_fold_maps_d_with_stroke():
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("đặc khu") == "dac khu"


def test_search_terms_are_bounded():
    assert search_terms("a " * 50) == ["a"] * 8
    assert search_terms("") == []
