"""Numbers as Vietnamese officials write them: the one formatter for pages, documents and messages.

`vn_number(5393.7)` → "5.393,7": a dot between thousands, a decimal comma, no trailing zeros
(at most `places` decimals). Templates use the same through `{% load numbers %}`
(`{{ value|vn_number }}`, `{{ commune|coordinates }}`); Django's own `intcomma` and
`floatformat:"1g"` give the same text under the Vietnamese formats (`thongsuot/formats/vi`).
"""

from decimal import Decimal

from django.utils.translation import pgettext

EMPTY = "—"


def vn_number(value, places: int = 2, empty: str = EMPTY) -> str:
    """Write a number the Vietnamese way: 1.234.567, 5.393,7, 0,25; None → `empty`."""
    if value is None or value == "":
        return empty
    if isinstance(value, bool):
        raise TypeError("a yes/no is not a number")
    if isinstance(value, int):
        text = f"{value:,}"
    else:
        value = Decimal(str(value))
        text = f"{value:,.{places}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def coordinates(latitude, longitude, empty: str = EMPTY) -> str:
    """A point as a map reader writes it: 21,0320° B, 105,8500° Đ (north/south, east/west)."""
    if latitude is None or longitude is None:
        return empty
    lat, lon = float(latitude), float(longitude)
    north = pgettext("compass point", "B") if lat >= 0 else pgettext("compass point", "N")   # Bắc / Nam
    east = pgettext("compass point", "Đ") if lon >= 0 else pgettext("compass point", "T")    # Đông / Tây
    return f"{abs(lat):.4f}° {north}, {abs(lon):.4f}° {east}".replace(".", ",")
