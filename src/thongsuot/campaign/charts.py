"""Charts and the map drawn on the server as SVG: no script, a few kilobytes each.

Each function returns safe SVG markup; the page puts the same numbers in a table beside it (for
screen readers and copying), so the SVG is `aria-hidden` apart from its title. Presentation
attributes (fill, stroke) colour the shapes: the CSP forbids inline styles, not attributes.
Why small functions rather than a charting library: decisions record 39.
"""

from __future__ import annotations

import math
from html import escape

from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe

INK, MUTED, GRID = "#1f2933", "#5f6b7a", "#d8dee6"
#: One colour per series, distinguishable in grey too (dark blue, orange, teal, purple, red).
SERIES_COLOURS = ("#1f4e9a", "#d9822b", "#138a7e", "#7b4fa0", "#c23b22")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def vn(value, decimals: int = 0) -> str:
    """A number in the active language's format (Vietnamese: 5.393,7), grouped by thousands.

    Formatted here rather than by `number_format`: a dashboard writes a few hundred numbers, and the
    two separators are all the active format changes (both languages group by 3)."""
    if value is None:
        return "—"
    thousands = get_format("THOUSAND_SEPARATOR")
    if not decimals:
        return f"{int(round(value)):,}".replace(",", thousands)
    whole, _dot, fraction = f"{value:,.{decimals}f}".partition(".")
    return whole.replace(",", thousands) + get_format("DECIMAL_SEPARATOR") + fraction


def _nice_max(value: float) -> float:
    """A round top for the axis; small counts get a multiple of 4, so the 4 grid steps are whole numbers."""
    if value <= 0:
        return 4
    if value <= 20:
        return max(4, math.ceil(value / 4) * 4)
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def line_chart(title: str, labels: list[str], series: list[tuple[str, list]], *, width: int = 480,
               height: int = 240) -> SafeString:
    """Weekly series as lines with dots; None values leave a gap. `series` is [(name, values)]."""
    left, right, top, bottom = 52, 12, 14, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max([v for _n, values in series for v in values if v is not None] or [0]))
    count = max(len(labels), 1)

    def x(i):
        return left + (plot_w * (i + 0.5) / count)

    def y(v):
        return top + plot_h - plot_h * v / top_value

    body = []
    for k in range(5):
        value = top_value * k / 4
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="{GRID}"/>')
        body.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="{MUTED}">'
                    f"{escape(vn(value, 0 if value == int(value) else 1))}</text>")
    for i, label in enumerate(labels):
        body.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="{MUTED}">'
                    f"{escape(label)}</text>")
    for s, (name, values) in enumerate(series):
        colour = SERIES_COLOURS[s % len(SERIES_COLOURS)]
        segments, current = [], []
        for i, v in enumerate(values):
            if v is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(f"{x(i):.1f},{y(v):.1f}")
        if current:
            segments.append(current)
        for points in segments:
            body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, v in enumerate(values):
            if v is not None:
                body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                            f"<title>{escape(name)} · {escape(labels[i])}: {escape(vn(v))}</title></circle>")
        # The legend under the plot.
        lx = left + s * (plot_w / max(len(series), 1))
        body.append(f'<rect x="{lx:.1f}" y="{height - 16}" width="10" height="10" fill="{colour}"/>'
                    f'<text x="{lx + 14:.1f}" y="{height - 7}" fill="{INK}">{escape(name)}</text>')
    return _svg(width, height, title, body)


def bar_chart(title: str, rows: list[tuple[str, float]], *, width: int = 560, unit: str = "",
              colour: str = SERIES_COLOURS[0]) -> SafeString:
    """Horizontal bars, one per row, largest scale at the right; the value written at the bar's end."""
    label_w, value_w, bar_h, gap, top = 170, 60, 14, 5, 6
    height = top * 2 + max(len(rows), 1) * (bar_h + gap)
    plot_w = width - label_w - value_w
    top_value = _nice_max(max([v or 0 for _l, v in rows] or [0]))
    body = []
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        length = plot_w * (value or 0) / top_value
        text = label if len(label) <= 25 else label[:24] + "…"
        body.append(f'<text x="{label_w - 6}" y="{y + bar_h - 3}" text-anchor="end" fill="{INK}">{escape(text)}</text>')
        body.append(f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="{colour}">'
                    f"<title>{escape(label)}: {escape(vn(value))}{escape(unit)}</title></rect>")
        body.append(f'<text x="{label_w + length + 4:.1f}" y="{y + bar_h - 3}" fill="{MUTED}">'
                    f"{escape(vn(value))}{escape(unit)}</text>")
    return _svg(width, height, title, body)


# ------------------------------------------------------------------------------------------ the map

#: Colours of the map's classes: none (0), few, some, many, most; grey for "no data".
MAP_COLOURS = ("#1a9850", "#f6d743", "#f59e42", "#d7301f", "#7f0000")
NO_DATA_COLOUR = "#b8bec6"


def map_classes(values: list) -> list[tuple[float, float | None]]:
    """Class bounds for counts: 0, then three steps by the quartiles of the positive values, then the rest."""
    positive = sorted(v for v in values if v)
    if not positive:
        return [(0, 0)]
    q = [positive[int(len(positive) * f)] for f in (0.25, 0.5, 0.75)]
    bounds, low = [(0, 0)], 1
    for high in q:
        if high >= low:
            bounds.append((low, high))
            low = high + 1
    bounds.append((low, None))
    return bounds


def _class_of(value, bounds) -> int:
    if value is None:
        return -1
    for index, (low, high) in enumerate(bounds):
        if value >= low and (high is None or value <= high):
            return index
    return len(bounds) - 1


def dot_map(title: str, points: list[tuple], *, width: int = 520, dot: float | None = None) -> tuple[SafeString, list]:
    """Each point (code, name, lat, lon, value) a dot coloured by its class; equirectangular,
    fitted to the points' bounding box (longitude shrunk by cos of the mean latitude).

    Dots of one class are one path of zero-length strokes with round caps: 3,321 communes
    weigh about 40 KB. Returns the SVG and the legend [(colour, label bounds, count)]."""
    if not points:
        return _svg(width, 60, title, [f'<text x="10" y="30" fill="{MUTED}">—</text>']), []
    lats = [p[2] for p in points]
    lons = [p[3] for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * squeeze, 0.05)
    span_y = max(north - south, 0.05)
    margin = 10
    scale = (width - 2 * margin) / span_x
    height = int(span_y * scale + 2 * margin)
    if height > 1.6 * width:  # a long, narrow country: fit the height instead
        height = int(1.6 * width)
        scale = (height - 2 * margin) / span_y
    dot = dot or (3.2 if len(points) > 1000 else 7)
    bounds = map_classes([p[4] for p in points])
    paths: dict[int, list[str]] = {}
    classes: dict = {}  # value → class: most of 3,315 communes share a few small counts
    x_scale = squeeze * scale
    for _code, _name, lat, lon, value in points:
        index = classes.get(value)
        if index is None:
            index = classes[value] = _class_of(value, bounds)
        paths.setdefault(index, []).append(f"M{margin + (lon - west) * x_scale:.0f} {margin + (north - lat) * scale:.0f}h0")
    body = []
    for index in sorted(paths):
        colour = NO_DATA_COLOUR if index < 0 else MAP_COLOURS[min(index, len(MAP_COLOURS) - 1)]
        body.append(f'<path d="{"".join(paths[index])}" stroke="{colour}" stroke-width="{dot}" '
                    f'stroke-linecap="round" fill="none"/>')
    legend = []
    for index, (low, high) in enumerate(bounds):
        legend.append((MAP_COLOURS[min(index, len(MAP_COLOURS) - 1)], low, high, len(paths.get(index, []))))
    if -1 in paths:
        legend.append((NO_DATA_COLOUR, None, None, len(paths[-1])))
    return _svg(width, height, title, body), legend
