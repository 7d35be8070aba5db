"""德才表现曲线图 (seed 003) as server-rendered SVG: pure functions from plain numbers to a string.

Three charts, all over a survey's items (questions):
- `comparison_curves`: one official's item scores against the unit's and the district's averages
  (横向比较);
- `year_curves`: one official's item scores in each year he was surveyed (纵向比较);
- `overview_dots`: the district's average per item, with the spread across officials.

Like evaluations/charts.py (whose escaping, number formatting and palette this reuses): no
JavaScript, no outside asset, colours as presentation attributes, every text escaped here and
marked safe only after that. Each chart has a <title> and a <desc> that states every value, and
`values_table` gives the same numbers as an HTML table for those who cannot read a chart.

Two layouts: "columns" (items along the x axis, the classic 曲线图, for wide screens) and "rows"
(items down the left, scores across, for a 390 px phone where ten item names cannot fit under
an axis). Series are told apart by colour, marker shape and dash pattern, not by colour alone.
Values may be Decimal, int, float or None (no value: the point is left out and the line broken).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# The shared SVG helpers and palette of the evaluations charts (same look on every page).
from evaluations.charts import (
    AVERAGE,
    FONT,
    GOOD,
    GRID,
    INK,
    INK_MUTED,
    POOR,
    _attr,
    _label,
    _num,
    _text,
)

NO_VALUE = "\u2014"  # an em dash in an empty table cell
HALO = 'stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
MARKERS = ("circle", "square", "diamond", "triangle")
DASHES = ("", "6 4", "2 3", "10 3 2 3")
# Colours for the years (newest first): the newest is the accent, older ones fade.
YEAR_COLOURS = (POOR, AVERAGE, GOOD, "#8a5a00", "#6b4c9a", INK_MUTED)


@dataclass(frozen=True)
class Series:
    """One line on a chart: a name and a value per item (None where there is none)."""

    key: str  # a stable id, used in class names: "official", "unit", "district", "2025"
    label: str  # shown in the legend and the table
    values: tuple
    colour: str = INK_MUTED
    marker: str = "circle"
    dash: str = ""


@dataclass(frozen=True)
class OverviewRow:
    """An item of the district overview: the mean, and optionally the lowest and highest
    official's score and how many officials were scored."""

    label: str
    mean: object | None
    low: object | None = None
    high: object | None = None
    count: int | None = None


# --- geometry ---------------------------------------------------------------------------------


def _text_width(text: str, font_size: float) -> float:
    """A rough width of `text`: CJK and full-width characters one em, others about 0.6 em."""
    return sum(font_size if ord(ch) > 0x2E7F else font_size * .6 for ch in str(text))


def _wrap(text: str, room: float, font_size: float, lines: int = 2) -> list[str]:
    """`text` cut into at most `lines` lines that fit in `room`, the last one ending in "…"
    when something was left out."""
    out, line = [], ""
    for ch in str(text):
        if _text_width(line + ch, font_size) > room:
            out.append(line)
            line = ""
            if len(out) == lines:
                break
        line += ch
    else:
        if line:
            out.append(line)
        return out or [""]
    last = out[-1]
    while last and _text_width(last + "…", font_size) > room:
        last = last[:-1]
    out[-1] = last + "…"
    return out


def score_range(values: Sequence) -> tuple[float, float]:
    """The score axis: from ten below the lowest value, rounded down to a ten (never below 0),
    to the highest value rounded up to a ten (at least 100 when a value is above 90, at least
    ten above the bottom)."""
    numbers = [float(v) for v in values if v is not None]
    if not numbers:
        return 50.0, 100.0
    low = max(0.0, math.floor((min(numbers) - 5) / 10) * 10)
    if min(numbers) < 0:
        low = math.floor(min(numbers) / 10) * 10
    high = math.ceil(max(numbers) / 10) * 10
    if max(numbers) > 90:
        high = max(high, 100)
    return float(low), float(max(high, low + 10))


@dataclass(frozen=True)
class CurveGeometry:
    """Where the items and the scores are drawn; exposed for tests.

    "columns": item i at x = slot centre, score s at y (higher score drawn higher).
    "rows": item i at y = row centre, score s at x (higher score drawn further right)."""

    layout: str
    left: float
    right: float
    top: float
    bottom: float
    low: float
    high: float
    count: int

    def slot(self, index: int) -> float:
        if self.layout == "columns":
            step = (self.right - self.left) / max(self.count, 1)
            return self.left + step * (index + .5)
        step = (self.bottom - self.top) / max(self.count, 1)
        return self.top + step * (index + .5)

    def score(self, value) -> float:
        share = (float(value) - self.low) / (self.high - self.low)
        if self.layout == "columns":
            return self.bottom - share * (self.bottom - self.top)
        return self.left + share * (self.right - self.left)

    def point(self, index: int, value) -> tuple[float, float]:
        if self.layout == "columns":
            return self.slot(index), self.score(value)
        return self.score(value), self.slot(index)


ROW_HEIGHT = 34


def curve_geometry(count: int, values: Sequence, *, layout: str = "columns", width: int = 640,
                   height: int = 300, font_size: int = 12, legend_height: float = 0) -> CurveGeometry:
    """The plot box for `count` items and these `values` (all series together). In the rows
    layout the height follows the number of items (`height` is ignored)."""
    if layout not in ("columns", "rows"):
        raise ValueError(f"unknown layout {layout!r}")
    low, high = score_range(values)
    top = 12 + legend_height + font_size * 1.5
    if layout == "columns":
        return CurveGeometry(layout, left=40, right=width - 12, top=top + 8,
                             bottom=height - (font_size * 2.6 + 14), low=low, high=high, count=count)
    label_room = max(font_size * 6.5, min(width * .3, font_size * 9))
    return CurveGeometry(layout, left=label_room + 14, right=width - 18, top=top + 14,
                         bottom=top + 14 + ROW_HEIGHT * max(count, 1), low=low, high=high, count=count)


def curves_height(count: int, series_labels: Sequence[str] = (), *, layout: str = "columns", width: int = 640,
                  height: int = 300, font_size: int = 12) -> int:
    """The viewBox height the chart will have (the rows layout grows with the items)."""
    if layout == "columns":
        return height
    geo = curve_geometry(count, [], layout=layout, width=width, height=height, font_size=font_size,
                         legend_height=_legend_height(series_labels, width, font_size))
    return int(math.ceil(geo.bottom + font_size * 2.4))


# --- drawing helpers --------------------------------------------------------------------------


def _marker(shape: str, x: float, y: float, colour: str, size: float = 5.5, extra: str = "", tip: str = "") -> str:
    common = f'fill="{colour}" stroke="#fff" stroke-width="1.5"{extra}'
    title = f"<title>{_text(tip)}</title>" if tip else ""
    if shape == "square":
        s = size * .9
        return (f'<rect x="{_num(x - s)}" y="{_num(y - s)}" width="{_num(2 * s)}" height="{_num(2 * s)}" '
                f'{common} data-cx="{_num(x)}" data-cy="{_num(y)}">{title}</rect>')
    if shape in ("diamond", "triangle"):
        s = size * 1.25
        pts = ([(x, y - s), (x + s, y), (x, y + s), (x - s, y)] if shape == "diamond"
               else [(x, y - s), (x + s, y + s * .8), (x - s, y + s * .8)])
        points = " ".join(f"{_num(px)},{_num(py)}" for px, py in pts)
        return f'<polygon points="{points}" {common} data-cx="{_num(x)}" data-cy="{_num(y)}">{title}</polygon>'
    return (f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(size)}" {common} data-cx="{_num(x)}" '
            f'data-cy="{_num(y)}">{title}</circle>')


def _legend_entries(labels: Sequence[str], width: float, font_size: float) -> list[tuple[int, float, float]]:
    """(index, x, row) of each legend entry, flowing left to right and wrapping."""
    out, x, row = [], 12.0, 0
    for i, label in enumerate(labels):
        entry = 34 + _text_width(label, font_size) + 14
        if x + entry > width - 8 and x > 12:
            x, row = 12.0, row + 1
        out.append((i, x, row))
        x += entry
    return out


def _legend_height(labels: Sequence[str], width: float, font_size: float) -> float:
    if not labels:
        return 0
    rows = max(r for _i, _x, r in _legend_entries(labels, width, font_size)) + 1
    return rows * (font_size + 10)


def _svg_open(kind: str, ident: str, width: float, height: float, font_size: int, title: str, desc: str) -> list[str]:
    title_id = f"{ident}-title"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" viewBox="0 0 {_num(width)} '
        f'{_num(height)}" role="img" aria-labelledby="{title_id} {title_id}-desc" font-family={_attr(FONT)} '
        f'font-size="{font_size}">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{title_id}-desc">{_text(desc)}</desc>',
    ]


def _grid(geo: CurveGeometry) -> list[str]:
    """The score grid lines and their numbers (every 10, or 20 on a long axis)."""
    out = []
    step = 10 if geo.high - geo.low <= 60 else 20
    tick = geo.low
    while tick <= geo.high + 1e-9:
        pos = geo.score(tick)
        if geo.layout == "columns":
            line = (geo.left, pos, geo.right, pos)
            label = f'x="{_num(geo.left - 6)}" y="{_num(pos + 4)}" text-anchor="end"'
        else:
            line = (pos, geo.top, pos, geo.bottom)
            label = f'x="{_num(pos)}" y="{_num(geo.top - 6)}" text-anchor="middle"'
        x1, y1, x2, y2 = (_num(v) for v in line)
        out.append(f'<line class="chart-grid" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{GRID}" '
                   f'stroke-width="1"/>')
        out.append(f'<text class="chart-tick" {label} fill="{INK_MUTED}">{_label(tick)}</text>')
        tick += step
    return out


def _item_label(geo: CurveGeometry, index: int, item: str, font_size: int) -> list[str]:
    """An item's name under its column or left of its row, cut to two lines (the full name then
    in a <title>); in rows, a faint guide line across."""
    out = []
    pos = geo.slot(index)
    if geo.layout == "columns":
        lines = _wrap(item, (geo.right - geo.left) / max(geo.count, 1) - 14, font_size)
        x, y0, anchor = pos, geo.bottom + font_size + 6, "middle"
    else:
        lines = _wrap(item, geo.left - 14, font_size)
        x, anchor = geo.left - 10, "end"
        y0 = pos + font_size * .35 - (len(lines) - 1) * (font_size + 2) / 2
        out.append(f'<line class="chart-row" x1="{_num(geo.left)}" y1="{_num(pos)}" x2="{_num(geo.right)}" '
                   f'y2="{_num(pos)}" stroke="{GRID}" stroke-width="1" stroke-dasharray="1 3"/>')
    tspans = "".join(f'<tspan x="{_num(x)}" y="{_num(y0 + n * (font_size + 2))}">{_text(line)}</tspan>'
                     for n, line in enumerate(lines))
    cut = "".join(lines).rstrip("…") != str(item)
    tip = f"<title>{_text(item)}</title>" if cut else ""
    out.append(f'<text class="chart-item" text-anchor="{anchor}" fill="{INK}">{tip}{tspans}</text>')
    return out


def _empty(geo: CurveGeometry) -> str:
    empty = _("暂无数据")
    return (f'<text class="chart-empty" x="{_num((geo.left + geo.right) / 2)}" y="{_num((geo.top + geo.bottom) / 2)}" '
            f'text-anchor="middle" fill="{INK_MUTED}">{_text(empty)}</text>')


def _value_text(value) -> str:
    return _label(value) if value is not None else _("无")


# --- (a) and (b): curves over the items ------------------------------------------------------


def item_curves(items: Sequence[str], series: Sequence[Series], *, title: str, layout: str = "columns",
                width: int = 640, height: int = 300, font_size: int = 12, ident: str = "curves",
                kind: str = "curves", label_first: bool = True) -> SafeString:
    """A line per series through its item scores, with a marker per value. The first series is
    the subject (drawn last, on top, thicker, its values written beside its points when
    `label_first`). Missing values break the line. The <desc> lists every value."""
    items = list(items)
    series = [s for s in series if s.values is not None]
    for s in series:
        if len(s.values) != len(items):
            raise ValueError(f"series {s.key!r} has {len(s.values)} values for {len(items)} items")
    labels = [s.label for s in series]
    legend_h = _legend_height(labels, width, font_size)
    geo = curve_geometry(len(items), [v for s in series for v in s.values], layout=layout, width=width,
                         height=height, font_size=font_size, legend_height=legend_h)
    height = curves_height(len(items), labels, layout=layout, width=width, height=height, font_size=font_size)
    has_values = any(v is not None for s in series for v in s.values)
    desc_items = []
    for i, item in enumerate(items):
        values = _("，").join(f"{s.label} {_value_text(s.values[i])}" for s in series)
        desc_items.append(_("%(item)s：%(values)s") % {"item": item, "values": values} if values else item)
    desc = _("；").join(desc_items) if has_values else _("暂无数据")
    parts = _svg_open(kind, ident, width, height, font_size, title, desc)

    # The legend.
    for i, x, row in _legend_entries(labels, width, font_size):
        s = series[i]
        ly = 12 + row * (font_size + 10) + font_size * .5
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(f'<g class="chart-legend chart-legend-{_text(s.key)}">'
                     f'<line x1="{_num(x)}" y1="{_num(ly)}" x2="{_num(x + 26)}" y2="{_num(ly)}" stroke="{s.colour}" '
                     f'stroke-width="2"{dash}/>' + _marker(s.marker, x + 13, ly, s.colour, size=4.5)
                     + f'<text x="{_num(x + 32)}" y="{_num(ly + font_size * .35)}" fill="{INK}">{_text(s.label)}'
                     f'</text></g>')

    parts.extend(_grid(geo))

    for i, item in enumerate(items):
        parts.extend(_item_label(geo, i, item, font_size))

    # The lines, the subject last so that it is on top.
    for order, s in reversed(list(enumerate(series))):
        subject = order == 0
        segments, current = [], []
        for i, value in enumerate(s.values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append(geo.point(i, value))
        if current:
            segments.append(current)
        path = " ".join(" ".join(f"{'M' if n == 0 else 'L'}{_num(x)} {_num(y)}" for n, (x, y) in enumerate(seg))
                        for seg in segments if len(seg) > 1)
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(f'<g class="chart-series chart-series-{_text(s.key)}" data-label={_attr(s.label)}>')
        if path:
            parts.append(f'<path class="chart-line" d="{path}" fill="none" stroke="{s.colour}" '
                         f'stroke-width="{2.5 if subject else 1.75}"{dash} stroke-linejoin="round"/>')
        for i, value in enumerate(s.values):
            if value is None:
                continue
            x, y = geo.point(i, value)
            tip = _("%(series)s · %(item)s：%(value)s") % {"series": s.label, "item": items[i], "value": _label(value)}
            parts.append(_marker(s.marker, x, y, s.colour, size=5.5 if subject else 4.5,
                                 extra=f' class="chart-point" data-item="{i}" data-value="{_label(value)}"', tip=tip))
            if subject and label_first:
                # The label goes on the outer side of the subject's point (above or right when it
                # is the highest value of the item), away from the other lines' markers.
                others = [float(o.values[i]) for o in series[1:] if o.values[i] is not None]
                outer = not others or float(value) >= max(others)
                text = _label(value)
                if layout == "columns":
                    lx, ly, anchor = x, (y - 11 if outer or y + 20 > geo.bottom else y + 19), "middle"
                else:
                    room = _text_width(text, font_size) + 12
                    right = outer and x + room <= width or x - room < geo.left
                    lx, ly, anchor = (x + 10, y + font_size * .35, "start") if right else \
                        (x - 10, y + font_size * .35, "end")
                parts.append(f'<text class="chart-value" x="{_num(lx)}" y="{_num(ly)}" text-anchor="{anchor}" '
                             f'fill="{INK}" font-weight="600" {HALO}>{_text(text)}</text>')
        parts.append("</g>")

    if not has_values:
        parts.append(_empty(geo))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def comparison_series(*, official_label: str, official: Sequence, unit: Sequence | None = None,
                      district: Sequence | None = None) -> list[Series]:
    """The three lines of the horizontal comparison, styled the same everywhere."""
    out = [Series("official", official_label, tuple(official), POOR, "circle", "")]
    if unit is not None:
        out.append(Series("unit", _("本单位平均"), tuple(unit), AVERAGE, "square", "6 4"))
    if district is not None:
        out.append(Series("district", _("全区平均"), tuple(district), GOOD, "diamond", "2 3"))
    return out


def comparison_curves(items: Sequence[str], *, official_label: str, official: Sequence, unit: Sequence | None = None,
                      district: Sequence | None = None, title: str | None = None, **kwargs) -> SafeString:
    """(a) 横向比较: the official's item scores against the unit's and the district's averages."""
    title = _("%(name)s 各项得分与本单位、全区平均") % {"name": official_label} if title is None else title
    series = comparison_series(official_label=official_label, official=official, unit=unit, district=district)
    return item_curves(items, series, title=title, kind="comparison", **kwargs)


def year_series(years: dict) -> list[Series]:
    """A line per year, newest first (the subject), each with its own colour, marker and dash."""
    out = []
    for n, year in enumerate(sorted(years, reverse=True)):
        out.append(Series(str(year), _("%(year)s 年") % {"year": year}, tuple(years[year]),
                          YEAR_COLOURS[n % len(YEAR_COLOURS)], MARKERS[n % len(MARKERS)], DASHES[n % len(DASHES)]))
    return out


def year_curves(items: Sequence[str], years: dict, *, official_label: str = "", title: str | None = None,
                **kwargs) -> SafeString:
    """(b) 纵向比较: the official's item scores in each year, `years` = {year: [value per item]}."""
    if title is None:
        title = _("%(name)s 历年各项得分") % {"name": official_label} if official_label else _("历年各项得分")
    return item_curves(items, year_series(years), title=title, kind="years", **kwargs)


# --- (c) the district overview ----------------------------------------------------------------


def overview_dots(rows: Sequence[OverviewRow], *, title: str | None = None, width: int = 640, font_size: int = 12,
                  ident: str = "overview") -> SafeString:
    """(c) The district's average per item as a dot, with a line from the lowest to the highest
    official's score when known: items down the left so that long names fit on a phone."""
    title = _("全区各项平均得分") if title is None else title
    rows = list(rows)
    values = [v for r in rows for v in (r.mean, r.low, r.high)]
    geo = curve_geometry(len(rows), values, layout="rows", width=width, font_size=font_size,
                         legend_height=font_size + 10)
    height = int(math.ceil(geo.bottom + font_size * 2.4))
    has_values = any(r.mean is not None for r in rows)

    def row_text(r: OverviewRow) -> str:
        text = _("%(item)s：平均 %(mean)s") % {"item": r.label, "mean": _value_text(r.mean)}
        if r.low is not None and r.high is not None:
            text += _("，最低 %(low)s，最高 %(high)s") % {"low": _label(r.low), "high": _label(r.high)}
        if r.count is not None:
            text += _("，%(n)s 人") % {"n": r.count}
        return text

    desc = _("；").join(row_text(r) for r in rows) if has_values else _("暂无数据")
    parts = _svg_open("overview", ident, width, height, font_size, title, desc)
    ly = 12 + font_size * .5
    mean_label, range_label = _("平均"), _("最低—最高")
    x_range = 30 + _text_width(mean_label, font_size) + 18
    parts.append(f'<g class="chart-legend">{_marker("circle", 18, ly, POOR, size=4.5)}'
                 f'<text x="30" y="{_num(ly + font_size * .35)}" fill="{INK}">{_text(mean_label)}</text>'
                 f'<line x1="{_num(x_range)}" y1="{_num(ly)}" x2="{_num(x_range + 24)}" y2="{_num(ly)}" '
                 f'stroke="{INK_MUTED}" stroke-width="3"/><text x="{_num(x_range + 30)}" '
                 f'y="{_num(ly + font_size * .35)}" fill="{INK}">{_text(range_label)}</text></g>')
    parts.extend(_grid(geo))
    for i, r in enumerate(rows):
        y = geo.slot(i)
        parts.extend(_item_label(geo, i, r.label, font_size))
        if r.low is not None and r.high is not None:
            parts.append(f'<line class="chart-range" data-item="{i}" x1="{_num(geo.score(r.low))}" y1="{_num(y)}" '
                         f'x2="{_num(geo.score(r.high))}" y2="{_num(y)}" stroke="{INK_MUTED}" stroke-width="3" '
                         f'stroke-linecap="round" stroke-opacity="0.55"/>')
        if r.mean is not None:
            x = geo.score(r.mean)
            parts.append(_marker("circle", x, y, POOR, size=6,
                                 extra=f' class="chart-point" data-item="{i}" data-value="{_label(r.mean)}"',
                                 tip=row_text(r)))
            parts.append(f'<text class="chart-value" x="{_num(x)}" y="{_num(y - 10)}" text-anchor="middle" '
                         f'fill="{INK}" font-weight="600" {HALO}>{_text(_label(r.mean))}</text>')
    if not has_values:
        parts.append(_empty(geo))
    parts.append("</svg>")
    return mark_safe("".join(parts))


# --- the table fallback -----------------------------------------------------------------------


def _cell(value) -> str:
    return f'<td class="num">{_text(_label(value) if value is not None else NO_VALUE)}</td>'


def values_table(items: Sequence[str], series: Sequence[Series], *, caption: str, item_heading: str | None = None,
                 css_class: str = "table chart-table") -> SafeString:
    """The chart's numbers as an HTML table: a row per item, a column per series."""
    item_heading = _("测评项目") if item_heading is None else item_heading
    head = "".join(f'<th scope="col" class="num">{_text(s.label)}</th>' for s in series)
    body = []
    for i, item in enumerate(items):
        cells = "".join(_cell(s.values[i]) for s in series)
        body.append(f'<tr><th scope="row">{_text(item)}</th>{cells}</tr>')
    return mark_safe(f'<table class={_attr(css_class)}><caption>{_text(caption)}</caption><thead><tr>'
                     f'<th scope="col">{_text(item_heading)}</th>{head}</tr></thead><tbody>{"".join(body)}'
                     f'</tbody></table>')


def overview_table(rows: Sequence[OverviewRow], *, caption: str, css_class: str = "table chart-table") -> SafeString:
    """The overview's numbers as an HTML table."""
    heads = (_("测评项目"), _("平均"), _("最低"), _("最高"), _("人数"))
    head = f'<th scope="col">{_text(heads[0])}</th>' + "".join(f'<th scope="col" class="num">{_text(h)}</th>'
                                                                for h in heads[1:])
    body = "".join(f'<tr><th scope="row">{_text(r.label)}</th>{_cell(r.mean)}{_cell(r.low)}{_cell(r.high)}'
                   f'{_cell(r.count)}</tr>' for r in rows)
    return mark_safe(f'<table class={_attr(css_class)}><caption>{_text(caption)}</caption><thead><tr>{head}</tr>'
                     f'</thead><tbody>{body}</tbody></table>')
