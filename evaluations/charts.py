"""Charts as server-rendered SVG: pure functions from numbers to an SVG string.

They need no JavaScript and no outside asset, so they work on an intranet with scripts off and
print as they look. Every piece of text is XML-escaped here; the result is marked safe for
templates only after that. Colours are presentation attributes (not `style=""`), so a strict
Content-Security-Policy does not block them; evaluations.css may restyle the classes.

Conventions: `width` × `height` is the viewBox; the <svg> scales to its container (CSS sets
width: 100%). Numbers may be Decimal, int or float; they are converted with float() for drawing
only — nothing is computed from the drawn coordinates.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK = "#1b1f24"
INK_MUTED = "#555d69"
GRID = "#e2e5ea"
BAR = "#a8171d"
GOOD = "#17693a"
POOR = "#a8171d"
AVERAGE = "#1f4f96"
GRADE_COLOURS = {"good": GOOD, "average": AVERAGE, "poor": POOR}
FONT = "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Zen Hei, sans-serif"


def _text(value) -> str:
    return escape(str(value))


def _attr(value) -> str:
    return quoteattr(str(value))


def _num(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing .0."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _label(value) -> str:
    """A number as people read it on an axis: 85, 87.5, 60.25."""
    number = float(value)
    if number == int(number):
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


# --- (a) the composite distribution ----------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    start: float  # inclusive
    end: float  # exclusive
    count: int


def histogram_bins(values: Sequence, *, width: float = 5, low: float | None = None,
                   high: float | None = None) -> list[Bin]:
    """Count `values` into bins [start, start + width) from `low` up to `high`.

    Defaults: `low` is the smallest value rounded down to a multiple of `width`; `high` is the
    end of the bin that holds the largest value. A value on an inner edge counts in the bin that
    starts there; a value equal to `high` counts in the last bin (closed at the top). Values
    outside [low, high] are not counted."""
    if width <= 0:
        raise ValueError("bin width must be positive")
    numbers = [float(v) for v in values if v is not None]
    if low is None:
        low = math.floor(min(numbers) / width) * width if numbers else 0.0
    if high is None:
        high = (math.floor(max(numbers) / width) * width + width) if numbers else low + width
    low, high = float(low), float(high)
    count = max(1, math.ceil(round((high - low) / width, 9)))
    counts = [0] * count
    for number in numbers:
        if number < low or number > high:
            continue
        counts[min(math.floor((number - low) / width), count - 1)] += 1
    return [Bin(low + i * width, low + (i + 1) * width, c) for i, c in enumerate(counts)]


@dataclass(frozen=True)
class HistogramGeometry:
    """Where things are drawn, exposed for tests: the plot box and the x of a value."""

    left: float
    right: float
    top: float
    bottom: float
    low: float
    high: float

    def x(self, value) -> float:
        return self.left + (float(value) - self.low) / (self.high - self.low) * (self.right - self.left)


def histogram_geometry(bins: Sequence[Bin], *, width: int = 640, height: int = 260) -> HistogramGeometry:
    return HistogramGeometry(left=44, right=width - 16, top=30, bottom=height - 36,
                             low=bins[0].start, high=bins[-1].end)


def composite_histogram(values: Sequence, *, poor_threshold, good_threshold, bin_width: float = 5,
                        title: str | None = None, width: int = 640, height: int = 260, font_size: int = 12,
                        ident: str = "hist") -> SafeString:
    """A histogram of composite scores in `bin_width`-point bins, with vertical lines at the
    "较差" and "好" thresholds. The x range always includes both thresholds. `ident` prefixes
    the ids inside the SVG, so that two charts can share a page (a wide and a narrow one)."""
    title = _("综合得分分布") if title is None else title
    numbers = [float(v) for v in values if v is not None]
    poor, good = float(poor_threshold), float(good_threshold)
    # The range holds every value and both thresholds with a bin to spare beyond each line.
    low = math.floor(min(numbers + [poor]) / bin_width) * bin_width
    if not numbers or min(numbers) >= poor:
        low -= bin_width
    if low < 0 <= min(numbers + [poor]):
        low = 0.0
    high = max((math.floor(max(numbers) / bin_width) * bin_width + bin_width) if numbers else 0,
               math.ceil(good / bin_width) * bin_width + bin_width)
    bins = histogram_bins(numbers, width=bin_width, low=low, high=high)
    geo = histogram_geometry(bins, width=width, height=height)
    tallest = max([b.count for b in bins] + [1])
    step = _nice_step(tallest)
    y_max = math.ceil(tallest / step) * step

    def y(count: float) -> float:
        return geo.bottom - count / y_max * (geo.bottom - geo.top)

    title_id = f"{ident}-title"
    desc = (_("%(n)s 人；每 %(width)s 分一组；“较差”线 %(poor)s 分，“好”线 %(good)s 分。") % {
        "n": len(numbers), "width": _label(bin_width), "poor": _label(poor), "good": _label(good)}
        + _("；").join(_bin_text(b) for b in bins if b.count))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-histogram" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id} {title_id}-desc" font-family={_attr(FONT)} font-size="{font_size}">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{title_id}-desc">{_text(desc)}</desc>',
    ]
    # Horizontal grid lines and the count axis.
    for tick in range(0, int(y_max) + 1, step):
        ty = y(tick)
        parts.append(f'<line class="chart-grid" x1="{_num(geo.left)}" y1="{_num(ty)}" x2="{_num(geo.right)}" '
                     f'y2="{_num(ty)}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text class="chart-tick" x="{_num(geo.left - 6)}" y="{_num(ty + 4)}" text-anchor="end" '
                     f'fill="{INK_MUTED}">{tick}</text>')
    # The bars.
    bar_width = (geo.right - geo.left) / len(bins)
    for b in bins:
        x0 = geo.x(b.start)
        if b.count:
            top = y(b.count)
            parts.append(
                f'<rect class="chart-bar" x="{_num(x0 + 1)}" y="{_num(top)}" width="{_num(max(bar_width - 2, 1))}" '
                f'height="{_num(geo.bottom - top)}" fill="{BAR}" fill-opacity="0.82" rx="2">'
                f'<title>{_text(_bin_text(b))}</title></rect>'
            )
            parts.append(f'<text class="chart-count" x="{_num(x0 + bar_width / 2)}" y="{_num(top - 4)}" '
                         f'text-anchor="middle" fill="{INK}">{b.count}</text>')
    # The x axis with a label every other bin when they are many.
    parts.append(f'<line class="chart-axis" x1="{_num(geo.left)}" y1="{_num(geo.bottom)}" x2="{_num(geo.right)}" '
                 f'y2="{_num(geo.bottom)}" stroke="{INK_MUTED}" stroke-width="1"/>')
    # Axis labels at most every ~3 characters' width.
    room = (geo.right - geo.left) / len(bins) / (font_size * 1.9)
    every = 1 if room >= 1 else 2 if room >= .5 else 4 if room >= .25 else 8
    edges = [b.start for b in bins] + [bins[-1].end]
    for n, edge in enumerate(edges):
        if n % every:
            continue
        parts.append(f'<text class="chart-tick" x="{_num(geo.x(edge))}" y="{_num(geo.bottom + 16)}" '
                     f'text-anchor="middle" fill="{INK_MUTED}">{_label(edge)}</text>')
    axis_x, axis_y = _("综合得分"), _("人数")
    parts.append(f'<text class="chart-axis-label" x="{_num(geo.right)}" y="{_num(height - 4)}" text-anchor="end" '
                 f'fill="{INK_MUTED}">{_text(axis_x)}</text>')
    parts.append(f'<text class="chart-axis-label" x="{_num(geo.left - 6)}" y="{_num(geo.top - 14)}" '
                 f'text-anchor="end" fill="{INK_MUTED}">{_text(axis_y)}</text>')
    # The thresholds.
    for kind, value, colour, label in (("poor", poor, POOR, _("较差线 %(value)s") % {"value": _label(poor)}),
                                       ("good", good, GOOD, _("好线 %(value)s") % {"value": _label(good)})):
        x = geo.x(value)
        anchor = "end" if x > (geo.left + geo.right) / 2 else "start"
        dx = -4 if anchor == "end" else 4
        parts.append(
            f'<line class="chart-threshold chart-threshold-{kind}" data-value="{_label(value)}" x1="{_num(x)}" '
            f'y1="{_num(geo.top - 8)}" x2="{_num(x)}" y2="{_num(geo.bottom)}" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="5 4"/>'
        )
        parts.append(f'<text class="chart-threshold-label" x="{_num(x + dx)}" y="{_num(geo.top - 12)}" '
                     f'text-anchor="{anchor}" fill="{colour}" font-weight="600">{_text(label)}</text>')
    if not numbers:
        empty = _("尚无完整的考评结果")
        parts.append(f'<text class="chart-empty" x="{_num((geo.left + geo.right) / 2)}" '
                     f'y="{_num((geo.top + geo.bottom) / 2)}" text-anchor="middle" fill="{INK_MUTED}">'
                     f'{_text(empty)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _bin_text(b: Bin) -> str:
    return _("%(start)s–%(end)s 分：%(count)s 人") % {"start": _label(b.start), "end": _label(b.end), "count": b.count}


def _nice_step(tallest: int) -> int:
    """A step for the count axis giving at most about five lines: 1, 2, 5, 10, 20, 50 …"""
    for magnitude in (1, 10, 100, 1000, 10000):
        for factor in (1, 2, 5):
            step = factor * magnitude
            if tallest / step <= 5:
                return step
    return 100000


# --- (b) one official across years ---------------------------------------------------------


@dataclass(frozen=True)
class YearPoint:
    year: int
    composite: object | None  # None: no composite that year (incomplete)
    grade: str | None  # "good" / "average" / "poor" or None
    grade_label: str = ""  # 好 / 一般 / 较差


def _point_text(p: YearPoint, no_composite: str) -> str:
    """A year's composite and grade as words: "87.5 分，好"."""
    text = _("%(score)s 分") % {"score": _label(p.composite)} if p.composite is not None else no_composite
    return text + (_("，%(grade)s") % {"grade": p.grade_label} if p.grade_label else "")


def trend_geometry(points: Sequence[YearPoint], *, width: int = 640, height: int = 240):
    """(x of each year, y of a score, low, high) for `points`; exposed for tests."""
    # The right margin holds the threshold labels.
    left, right, top, bottom = 40, width - 58, 34, height - 34
    scores = [float(p.composite) for p in points if p.composite is not None]
    low = math.floor((min(scores + [60.0]) - 5) / 10) * 10
    high = math.ceil(max(scores + [90.0]) / 10) * 10
    if max(scores + [90.0]) > high - 3:  # room above the top point for its label
        high += 10
    low = max(low, 0) if min(scores + [60.0]) >= 0 else low
    n = len(points)

    def x(index: int) -> float:
        return (left + right) / 2 if n == 1 else left + 16 + index * (right - left - 32) / (n - 1)

    def y(score) -> float:
        return bottom - (float(score) - low) / (high - low) * (bottom - top)

    return x, y, low, high, (left, right, top, bottom)


def composite_trend(points: Sequence[YearPoint], *, poor_threshold=None, good_threshold=None,
                    title: str | None = None, width: int = 640, height: int = 240, font_size: int = 12,
                    ident: str = "trend") -> SafeString:
    """Composite by year as a line with a point per year, each labelled with its score and grade
    (好 / 一般 / 较差). Years without a composite are shown on the axis only. Optional dashed
    lines at the thresholds (those of the latest year)."""
    title = _("历年综合得分与等次") if title is None else title
    points = sorted(points, key=lambda p: p.year)
    x, y, low, high, (left, right, top, bottom) = trend_geometry(points, width=width, height=height)
    desc = _("；").join(_("%(year)s 年：%(point)s") % {"year": p.year, "point": _point_text(p, _("无综合得分"))}
                        for p in points) or _("暂无数据")
    title_id = f"{ident}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-trend" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id} {title_id}-desc" font-family={_attr(FONT)} font-size="{font_size}">',
        f'<title id="{title_id}">{_text(title)}</title>',
        f'<desc id="{title_id}-desc">{_text(desc)}</desc>',
    ]
    for tick in range(int(low), int(high) + 1, 10):
        ty = y(tick)
        parts.append(f'<line class="chart-grid" x1="{_num(left)}" y1="{_num(ty)}" x2="{_num(right)}" y2="{_num(ty)}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text class="chart-tick" x="{_num(left - 6)}" y="{_num(ty + 4)}" text-anchor="end" '
                     f'fill="{INK_MUTED}">{tick}</text>')
    for kind, value, colour, label in (("poor", poor_threshold, POOR, _("较差")),
                                       ("good", good_threshold, GOOD, _("好"))):
        if value is None or not low <= float(value) <= high:
            continue
        ty = y(value)
        parts.append(f'<line class="chart-threshold chart-threshold-{kind}" data-value="{_label(value)}" '
                     f'x1="{_num(left)}" y1="{_num(ty)}" x2="{_num(right)}" y2="{_num(ty)}" stroke="{colour}" '
                     f'stroke-width="1.5" stroke-dasharray="5 4"/>')
        parts.append(f'<text class="chart-threshold-label" x="{_num(right + 6)}" y="{_num(ty + 4)}" '
                     f'fill="{colour}">{_text(f"{label} {_label(value)}")}</text>')
    scored = [(i, p) for i, p in enumerate(points) if p.composite is not None]
    if len(scored) > 1:
        path = " ".join(f"{'M' if n == 0 else 'L'}{_num(x(i))} {_num(y(p.composite))}" for n, (i,
                                                                                               p) in enumerate(scored))
        parts.append(f'<path class="chart-line" d="{path}" fill="none" stroke="{INK_MUTED}" stroke-width="2"/>')
    for i, p in enumerate(points):
        px = x(i)
        parts.append(f'<text class="chart-tick chart-year" x="{_num(px)}" y="{_num(bottom + 20)}" text-anchor="middle" '
                     f'fill="{INK_MUTED}">{_text(p.year)}</text>')
        if p.composite is None:
            missing = _("数据不全")
            parts.append(f'<text class="chart-missing" x="{_num(px)}" y="{_num((top + bottom) / 2)}" '
                         f'text-anchor="middle" fill="{INK_MUTED}">{_text(missing)}</text>')
            continue
        py = y(p.composite)
        colour = GRADE_COLOURS.get(p.grade or "", INK_MUTED)
        point = _("%(year)s 年 %(point)s") % {"year": p.year, "point": _point_text(p, "")}
        parts.append(
            f'<circle class="chart-point chart-point-{_text(p.grade or "none")}" cx="{_num(px)}" cy="{_num(py)}" r="6" '
            f'fill="{colour}" stroke="#fff" stroke-width="2"><title>'
            f'{_text(point)}'
            f'</title></circle>'
        )
        # A white outline keeps the labels legible where they cross a grid or threshold line.
        halo = 'stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
        parts.append(f'<text class="chart-value" x="{_num(px)}" y="{_num(py - 12)}" text-anchor="middle" '
                     f'fill="{INK}" font-weight="600" {halo}>{_text(_label(p.composite))}</text>')
        if p.grade_label:
            parts.append(f'<text class="chart-grade" x="{_num(px)}" y="{_num(py + 22)}" text-anchor="middle" '
                         f'fill="{colour}" font-weight="700" {halo}>{_text(p.grade_label)}</text>')
    if not points:
        empty = _("暂无数据")
        parts.append(f'<text class="chart-empty" x="{_num(width / 2)}" y="{_num(height / 2)}" text-anchor="middle" '
                     f'fill="{INK_MUTED}">{_text(empty)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
