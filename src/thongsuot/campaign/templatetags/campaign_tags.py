from html import escape

from django import template
from django.utils.formats import get_format
from django.utils.safestring import mark_safe

from thongsuot.campaign.charts import vn as format_number
from thongsuot.campaign.measures import (
    COMMUNE_MARK,
    PROVINCE_MARK,
    STATUS_BADGES,
    STATUS_LABELS,
    link_template,
)

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


def _fast_number(value, thousands: str, decimal: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value != int(value):
        whole, _dot, tenth = f"{value:,.1f}".partition(".")
        return whole.replace(",", thousands) + decimal + tenth
    return f"{int(value):,}".replace(",", thousands)


@register.simple_tag
def scorecard_figures(card, days_left: str, target_label: str, as_of: str):
    """The place's figures as cards, written in one pass (each card's lines through the template engine
    were a third of a province page's rendering): the figure linking to its records, its target and
    status, the working days left and the time of the figures. The texts come translated from the page."""
    thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
    tail = f'<span class="l">{escape(str(days_left))}</span>\n  <span class="l small">{escape(str(as_of))}</span>\n</div>'
    target_label = escape(str(target_label))
    out = []
    for cell in card.totals:
        measure, badge = cell.measure, STATUS_BADGES[cell.status]
        rate = measure.rule == "rate"
        text = _fast_number(cell.value, thousands, decimal) + ("%" if rate and cell.value is not None else "")
        target = f"≥ {measure.target}%" if rate else f"{measure.target} {escape(str(measure.unit))}"
        out.append(
            f'<div class="stat {badge}" id="figure-{measure.key}">\n'
            f'  <span class="l">{escape(str(measure.label))}</span>\n'
            f'  <span class="n"><a href="{escape(cell.link)}">{text}</a></span>\n'
            f'  <span class="l">{target_label}: {target} · <span class="badge {badge}">'
            f'{escape(str(STATUS_LABELS[cell.status]))}</span></span>\n  {tail}')
    return mark_safe("".join(out))


@register.simple_tag
def scorecard_rows(card, vb: str = ""):
    """The rows of a scorecard's table, built in one pass: a province's table has ~1,300 cells and the
    template engine would spend most of the page's time on them.

    Each cell is tinted by its status; its figure links to the records when there are any (a zero has
    none behind it). The figure itself tells the status (0 is met; a rate against its target), so no
    per-cell label: 1,300 of them would make a province's page heavy."""
    thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
    suffix = f"?vb={escape(vb)}" if vb else ""
    templates: dict = {}

    def link(cell) -> str:
        # One link per column, the row's codes filled in: ~800 links per province page.
        place = cell.place
        key = (cell.measure.key, place.commune is not None)
        if key not in templates:
            templates[key] = escape(link_template(cell.measure, commune=key[1]))
        text = templates[key].replace(PROVINCE_MARK, place.province.code)  # codes are digits
        return text.replace(COMMUNE_MARK, place.commune.code) if key[1] else text

    out = []
    for row in card.rows:
        cells = [f'<tr><td><a href="{row.url}{suffix}">{escape(row.unit.name)}</a></td>'
                 f'<td class="num">{row.met}/{row.with_data}</td>']
        for c in row.cells:
            text = _fast_number(c.value, thousands, decimal)
            if c.measure.rule == "rate":
                if c.value is not None:
                    text += "%"
                cells.append(f'<td class="num {STATUS_BADGES[c.status]}">{text}</td>')
            elif c.value:
                cells.append(f'<td class="num {STATUS_BADGES[c.status]}"><a href="{link(c)}">{text}</a></td>')
            else:
                cells.append(f'<td class="num {STATUS_BADGES[c.status]}">{text}</td>')
        cells.append("</tr>")
        out.append("".join(cells))
    return mark_safe("".join(out))


@register.simple_tag
def map_rows(rows, base: str, query: str = "", percent: bool = False):
    """The map's table in one pass: [(code, name, value)] each a row linking to `base` + code + "/"
    (+ `query`); a province's map lists ~130 communes."""
    thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
    query = f"?{escape(query)}" if query else ""
    out = []
    for code, name, value in rows:
        text = _fast_number(value, thousands, decimal)
        if percent and value is not None:
            text += "%"
        out.append(f'<tr><th scope="row"><a href="{base}{code}/{query}">{escape(name)}</a></th>'
                   f'<td class="num">{text}</td></tr>')
    return mark_safe("".join(out))


@register.simple_tag
def chart_rows(rows):
    """A chart's table in one pass: [(label, [values])], each value formatted as `vn` does."""
    thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
    out = []
    for label, values in rows:
        out.append(f'<tr><th scope="row">{escape(str(label))}</th>')
        out.extend(f'<td class="num">{_fast_number(v, thousands, decimal)}</td>' for v in values)
        out.append("</tr>")
    return mark_safe("".join(out))
