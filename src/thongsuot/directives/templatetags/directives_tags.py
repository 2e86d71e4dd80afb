from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext_noop

from thongsuot.core.i18n import translate_once
from thongsuot.core.numbers import vn_number
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
    return vn_number(value)


DONE_OF = gettext_noop("%(done)s/%(units)s hoàn thành")
OVERDUE_COUNT = gettext_noop("%(n)s quá hạn")
NOT_ASSIGNED = gettext_noop("Chưa giao")
_TRANSLATED: dict[tuple[str, str], str] = {}


# A matrix asks for the same few labels thousands of times: translate them once per language.
_t = translate_once


def _status_label(status: str) -> str:
    key = (get_language() or "", f"status:{status}")
    if key not in _TRANSLATED:
        _TRANSLATED[key] = str(STATUS_LABELS[status])
    return _TRANSLATED[key]


def _summary(cell) -> str:
    if cell.units <= 1:
        return ""
    text = _t(DONE_OF) % {"done": cell.done, "units": cell.units}
    if cell.overdue:
        text += ", " + _t(OVERDUE_COUNT) % {"n": cell.overdue}
    return text


REPORTED = gettext_noop("Báo cáo")
REGISTRY = gettext_noop("Sổ đăng ký")


def _figure_lines(cell) -> str:
    if cell.registry:   # beside registry figures, say which lines are reported (as the task page does)
        return format_html_join("", '<small class="fig">{} · {}: {}</small>',
                                ((_t(REPORTED), name, number(value) + (f" {unit}" if value is not None else ""))
                                 for name, value, unit in cell.figure_lines))
    return format_html_join("", '<small class="fig">{}: {}</small>',
                            ((name, number(value) + (f" {unit}" if value is not None else ""))
                             for name, value, unit in cell.figure_lines))


def _registry_lines(cell) -> str:
    return format_html_join("", '<small class="fig muted">{} · {}: {}</small>',
                            ((_t(REGISTRY), label, number(value) + (f" {unit}" if value is not None else ""))
                             for label, value, unit in cell.registry))


FIGURES = gettext_noop("Số liệu")


def _folded(lines: str) -> str:
    """A place's figures behind a “Số liệu” switch: open, a 30-commune page was 11,000 px tall."""
    return format_html('<details class="figs"><summary>{}</summary>{}</details>', _t(FIGURES), lines) if lines else ""


@register.simple_tag
def matrix_cell(cell, with_figures=False, total=False, registry=False):
    """One matrix cell, built in Python: a matrix has hundreds to thousands of them, and the
    template engine's per-variable localisation would cost more than the queries.

    The total row always shows the reported figures (“Báo cáo”) and, for a task linked to registry
    figures, the registry's (“Sổ đăng ký”) under them. The other rows show the registry's when
    `registry` says so: always on a province's matrix, on the national one only when asked (its
    “số liệu từng nơi” switch) — with six figures linked, 34 cells of a dozen lines each would no
    longer read at a glance."""
    if not cell.units:
        return format_html('<span class="muted">{}</span>', _t(NOT_ASSIGNED))
    percent, label = str(cell.percent), _status_label(cell.status)
    if total:
        return format_html('<span class="badge {}">{}</span> <strong>{}%</strong>{}{}', cell.badge, label,
                           percent, _figure_lines(cell), _registry_lines(cell))
    text = _summary(cell)
    summary = format_html('<br><small class="muted">{}</small>', text) if text else ""
    lines = format_html("{}{}", _figure_lines(cell) if with_figures or (registry and cell.registry) else "",
                        _registry_lines(cell) if registry else "")
    return format_html('<span class="badge {}">{}</span> {}%<br><progress max="100" value="{}">{}%</progress>{}{}',
                       cell.badge, label, percent, percent, percent, summary, _folded(lines))
