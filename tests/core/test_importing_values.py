"""Cell parsers: what a Vietnamese spreadsheet really holds, read as the official meant it."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from thongsuot.core.importing.values import (
    Boolean,
    CellInvalid,
    Choice,
    DateValue,
    DecimalNumber,
    Integer,
    Text,
    UnitRef,
    number_from_text,
)


@pytest.mark.parametrize(("typed", "expected"), [
    ("1.234,5", Decimal("1234.5")), ("1 234", Decimal("1234")), ("1\u00a0234\u00a0567", Decimal("1234567")),
    ("12,5%", Decimal("0.125")), ("12,5", Decimal("12.5")), ("1.234", Decimal("1234")),
    ("1.234.567", Decimal("1234567")), ("12.5", Decimal("12.5")), ("1,234.5", Decimal("1234.5")),
    ("-3", Decimal("-3")), ("0,75", Decimal("0.75")), ("100%", Decimal("1")),
])
def test_numbers_are_read_the_vietnamese_way(typed, expected):
    assert number_from_text(typed) == expected


@pytest.mark.parametrize("typed", ["12a", "1.23.4", "1,2,3,4", "1.234,5,6", "", "--1", "1.2345.6"])
def test_text_that_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        number_from_text(typed)


def test_integer_reads_excel_floats_and_grouped_text_and_refuses_fractions():
    parse = Integer(min_value=0, max_value=200_000)
    assert parse(1234.0) == 1234
    assert parse("1.234") == 1234
    assert parse(" 12 345 ") == 12345
    assert parse(None) is None and parse("  ") is None
    with pytest.raises(CellInvalid, match="không phải là số nguyên"):
        parse("12,5")
    with pytest.raises(CellInvalid, match="lớn hơn mức tối đa 200000"):
        parse("300.000")
    with pytest.raises(CellInvalid, match="không phải là số"):
        parse("mười")
    with pytest.raises(CellInvalid, match="là ngày, không phải số"):
        parse(date(2024, 1, 1))


def test_decimal_rounds_to_its_places_and_reads_percentages():
    assert DecimalNumber(decimal_places=2)("1.234,567") == Decimal("1234.57")
    assert DecimalNumber()("12,5%") == Decimal("0.125")
    assert DecimalNumber()(0.1) == Decimal("0.1")


@pytest.mark.parametrize(("typed", "expected"), [
    (date(2024, 3, 5), date(2024, 3, 5)), (datetime(2024, 3, 5, 8, 30), date(2024, 3, 5)),
    ("05/03/2024", date(2024, 3, 5)), ("5/3/2024", date(2024, 3, 5)), ("5/3/24", date(2024, 3, 5)),
    ("5/3/65", date(1965, 3, 5)), ("2024-03-05", date(2024, 3, 5)), ("05-03-2024", date(2024, 3, 5)),
    ("05.03.2024", date(2024, 3, 5)), ("2024-03-05 00:00:00", date(2024, 3, 5)), (45356, date(2024, 3, 5)),
    (45356.0, date(2024, 3, 5)),
])
def test_dates_as_excel_dates_day_numbers_or_text(typed, expected):
    assert DateValue()(typed) == expected


def test_impossible_and_unreadable_dates_say_why():
    with pytest.raises(CellInvalid, match="ngày 31/02/2024 không có thật"):
        DateValue()("31/02/2024")
    with pytest.raises(CellInvalid, match="“hôm qua” không phải là ngày"):
        DateValue()("hôm qua")
    with pytest.raises(CellInvalid, match="năm 1850 nằm ngoài khoảng 1900–2100"):
        DateValue()("01/01/1850")


@pytest.mark.parametrize("typed", ["có", "Có", "CO", "x", "X", "1", 1, 1.0, "đúng", "Đúng", "TRUE", True, "✓"])
def test_yes(typed):
    assert Boolean()(typed) is True


@pytest.mark.parametrize("typed", ["không", "Không", "khong", "0", 0, "sai", "FALSE", False, "ko"])
def test_no(typed):
    assert Boolean()(typed) is False


def test_boolean_refuses_other_words_and_leaves_empty_empty():
    assert Boolean()(None) is None
    with pytest.raises(CellInvalid, match="không phải là có/không"):
        Boolean()("có lẽ")


STATUSES = (("active", "Đang làm việc"), ("retired", "Đã nghỉ hưu"), ("transferred", "Đã điều chuyển"))


@pytest.mark.parametrize("typed", ["Đang làm việc", "đang làm việc", "DANG LAM VIEC", "dang  lam viec", "active",
                                   "Đang làm việc.", "\u0110ang la\u0300m vie\u0323\u0302c"])
def test_a_closed_list_matches_value_or_label_without_case_or_diacritics(typed):
    assert Choice(STATUSES)(typed) == "active"


def test_a_value_outside_the_list_names_the_allowed_ones():
    with pytest.raises(CellInvalid, match="“Nghỉ phép” không có trong danh sách .Đang làm việc, Đã nghỉ hưu"):
        Choice(STATUSES)("Nghỉ phép")


def test_text_is_nfc_stripped_bounded_and_refused_in_legacy_encoding():
    assert Text()("  Nguye\u0302\u0303n Va\u0306n A ") == "Nguyễn Văn A"
    assert Text()(12.0) == "12"
    with pytest.raises(CellInvalid, match="tối đa 5 ký tự"):
        Text(max_length=5)("Hà Nội mới")
    with pytest.raises(CellInvalid, match="bảng mã cũ TCVN3"):
        Text()("NguyÔn V¨n A")


def test_unit_codes_get_back_the_zeros_excel_took():
    assert UnitRef("commune")(70.0) == "00070"
    assert UnitRef("province")("1") == "01"
    assert UnitRef("commune")(" Phường Ba Đình ") == "Phường Ba Đình"
