from decimal import Decimal

from django.template import Context, Template

from thongsuot.core.numbers import coordinates, vn_number


def test_numbers_are_written_as_vietnamese_officials_write_them():
    assert vn_number(5393.7) == "5.393,7"
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(Decimal("12.00")) == "12"
    assert vn_number(Decimal("2.50")) == "2,5"
    assert vn_number(0.25) == "0,25"
    assert vn_number(-1234.5) == "-1.234,5"
    assert vn_number(1234.5678, places=1) == "1.234,6"
    assert vn_number(None) == "—"


def test_coordinates_say_north_and_east():
    assert coordinates(21.032, 105.85) == "21,0320° B, 105,8500° Đ"
    assert coordinates(None, 105.85) == "—"


def test_the_template_filters_use_the_same_formatter():
    class Place:
        latitude, longitude = 10.7769, 106.7009

    html = Template("{% load numbers %}{{ n|vn_number:1 }} | {{ p|coordinates }}").render(
        Context({"n": 5393.74, "p": Place()}))
    assert html == "5.393,7 | 10,7769° B, 106,7009° Đ"
