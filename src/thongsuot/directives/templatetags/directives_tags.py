from django import template
from django.utils.html import format_html

from thongsuot.directives.rollup import STATUS_BADGES, STATUS_LABELS

register = template.Library()


@register.filter
def lookup(mapping, key):
    """{{ cell.figures|lookup:figure.pk }}"""
    return mapping.get(key) if mapping else None


@register.simple_tag
def assignment_status(assignment, today):
    """A colour-coded badge with its text label: not started, in progress, done or overdue."""
    status = assignment.status(today)
    return format_html('<span class="badge {}">{}</span>', STATUS_BADGES[status], STATUS_LABELS[status])


@register.filter
def number(value):
    """Show a figure without trailing zeros: 12.00 → 12, 2.50 → 2,5."""
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",")
