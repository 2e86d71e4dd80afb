from django import template

from thongsuot.core import numbers

register = template.Library()


@register.filter
def vn_number(value, places=2):
    """{{ value|vn_number }} → 5.393,7 (core.numbers.vn_number)."""
    return numbers.vn_number(value, int(places))


@register.filter
def coordinates(place):
    """{{ commune|coordinates }} → 21,0320° B, 105,8500° Đ, from its latitude and longitude."""
    return numbers.coordinates(getattr(place, "latitude", None), getattr(place, "longitude", None))
