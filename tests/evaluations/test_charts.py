"""The server-rendered SVG charts: valid XML, bins counted right, threshold lines where the
thresholds are, every text escaped. Pure functions: no database."""
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from evaluations import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def by_class(root, name):
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


# --- bins ------------------------------------------------------------------------------------------


def test_bins_are_half_open_and_the_top_value_counts_in_the_last_bin():
    bins = charts.histogram_bins([60, 64.99, 65, 70, 85, 85.01, 90], width=5, low=60, high=90)
    assert [(b.start, b.end, b.count) for b in bins] == [
        (60, 65, 2), (65, 70, 1), (70, 75, 1), (75, 80, 0), (80, 85, 0), (85, 90, 3),
    ]


def test_default_range_holds_every_value():
    values = [Decimal("72.35"), Decimal("88.40"), Decimal("100.00"), Decimal("55.5")]
    bins = charts.histogram_bins(values)
    assert bins[0].start == 55 and bins[-1].end == 105
    assert sum(b.count for b in bins) == len(values)
    assert all(b.end - b.start == 5 for b in bins)


def test_values_outside_the_range_are_not_counted_and_none_is_skipped():
    bins = charts.histogram_bins([10, None, 50, 99], width=10, low=40, high=60)
    assert [(b.start, b.count) for b in bins] == [(40, 0), (50, 1)]


def test_bin_width_must_be_positive():
    with pytest.raises(ValueError):
        charts.histogram_bins([1, 2], width=0)


# --- the histogram -----------------------------------------------------------------------------------


def test_histogram_is_valid_svg_with_a_bar_per_non_empty_bin_and_counts_that_add_up():
    values = [Decimal("88.40"), Decimal("88.40"), Decimal("72"), Decimal("59.99"), Decimal("91.2")]
    root = parse(charts.composite_histogram(values, poor_threshold=60, good_threshold=85))
    bars = by_class(root, "chart-bar")
    counts = sorted(int(el.text) for el in by_class(root, "chart-count"))
    assert len(bars) == 4 and counts == [1, 1, 1, 2]
    assert sum(counts) == len(values)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "综合得分分布"


def test_threshold_lines_are_drawn_at_the_thresholds():
    values = [62, 70, 88, 95]
    svg = charts.composite_histogram(values, poor_threshold=60, good_threshold=85, width=640, height=260)
    root = parse(svg)
    # The range: a bin below the poor line (no value under it), up to the bin holding 95.
    bins = charts.histogram_bins(values, width=5, low=55, high=100)
    geo = charts.histogram_geometry(bins, width=640, height=260)
    poor, = by_class(root, "chart-threshold-poor")
    good, = by_class(root, "chart-threshold-good")
    assert float(poor.get("x1")) == pytest.approx(geo.x(60), abs=0.06)
    assert float(good.get("x1")) == pytest.approx(geo.x(85), abs=0.06)
    assert poor.get("x1") == poor.get("x2") and good.get("x1") == good.get("x2")
    assert poor.get("data-value") == "60" and good.get("data-value") == "85"
    # The line sits on the left edge of the bin that starts at the threshold.
    bar_at_85 = [b for b in by_class(root, "chart-bar") if "85–90" in b.find(f"{SVG}title").text][0]
    assert float(bar_at_85.get("x")) - 1 == pytest.approx(float(good.get("x1")), abs=0.11)


def test_thresholds_outside_the_values_widen_the_range():
    root = parse(charts.composite_histogram([70, 72, 74], poor_threshold=60, good_threshold=85))
    ticks = [el.text for el in by_class(root, "chart-tick")]
    assert "55" in ticks and "90" in ticks
    assert len(by_class(root, "chart-threshold")) == 2


def test_an_empty_histogram_says_so():
    root = parse(charts.composite_histogram([], poor_threshold=60, good_threshold=85))
    assert by_class(root, "chart-bar") == []
    assert by_class(root, "chart-empty")[0].text == "尚无完整的考评结果"


def test_histogram_escapes_its_text():
    svg = charts.composite_histogram([80], poor_threshold=60, good_threshold=85,
                                     title='<script>alert("x")</script> & co')
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "&amp; co" in svg
    assert parse(svg).find(f"{SVG}title").text == '<script>alert("x")</script> & co'


# --- one official across years --------------------------------------------------------------------------


def points():
    return [
        charts.YearPoint(2024, Decimal("86.10"), "good", "好"),
        charts.YearPoint(2025, None, None, ""),
        charts.YearPoint(2026, Decimal("72.40"), "average", "一般"),
    ]


def test_trend_is_valid_svg_with_a_point_and_grade_label_per_scored_year():
    root = parse(charts.composite_trend(points(), poor_threshold=60, good_threshold=85))
    circles = by_class(root, "chart-point")
    assert len(circles) == 2
    assert [el.text for el in by_class(root, "chart-grade")] == ["好", "一般"]
    assert [el.text for el in by_class(root, "chart-value")] == ["86.1", "72.4"]
    assert [el.text for el in by_class(root, "chart-year")] == ["2024", "2025", "2026"]
    assert by_class(root, "chart-missing")[0].text == "数据不全"
    assert len(by_class(root, "chart-line")) == 1


def test_trend_points_are_placed_by_year_and_score():
    pts = sorted(points(), key=lambda p: p.year)
    root = parse(charts.composite_trend(pts, poor_threshold=60, good_threshold=85))
    x, y, low, high, _box = charts.trend_geometry(pts)
    first, last = by_class(root, "chart-point")
    assert float(first.get("cx")) == pytest.approx(x(0), abs=0.06)
    assert float(last.get("cx")) == pytest.approx(x(2), abs=0.06)
    assert float(first.get("cy")) == pytest.approx(y(Decimal("86.10")), abs=0.06)
    assert float(first.get("cy")) < float(last.get("cy"))  # the higher score is drawn higher
    good, = by_class(root, "chart-threshold-good")
    assert float(good.get("y1")) == pytest.approx(y(85), abs=0.06)


def test_trend_with_one_year_draws_no_line_and_with_none_says_so():
    one = parse(charts.composite_trend([charts.YearPoint(2026, 90, "good", "好")]))
    assert len(by_class(one, "chart-point")) == 1 and by_class(one, "chart-line") == []
    empty = parse(charts.composite_trend([]))
    assert by_class(empty, "chart-empty")[0].text == "暂无数据"


def test_trend_escapes_its_text():
    svg = charts.composite_trend([charts.YearPoint(2026, 90, "good", "<b>好</b>")], title="张&李<i>")
    root = parse(svg)
    assert "<b>" not in svg and "<i>" not in svg
    assert by_class(root, "chart-grade")[0].text == "<b>好</b>"
    assert root.find(f"{SVG}title").text == "张&李<i>"
