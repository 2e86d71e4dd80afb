from django import template
from django.utils.html import format_html

from thongsuot.campaign.charts import vn as format_number

register = template.Library()


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def vn(value):
    """5.393,7 in Vietnamese, 5,393.7 in English; “—” for no data."""
    if value is None:
        return "—"
    return format_number(value, 1 if isinstance(value, float) and value != int(value) else 0)


@register.simple_tag
def cell(c, labels, badges):
    """A table cell's figure: coloured by its status (named for screen readers), linked to the records when
    there are any (a zero has none behind it, and 1,000 links would make the page heavy)."""
    text = vn(c.value) + ("%" if c.measure.rule == "rate" and c.value is not None else "")
    if c.value and c.measure.rule != "rate":
        return format_html('<a class="badge {}" href="{}" title="{}">{}</a>', badges[c.status], c.link,
                           labels[c.status], text)
    return format_html('<span class="badge {}" title="{}">{}</span>', badges[c.status], labels[c.status], text)
