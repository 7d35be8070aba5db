"""The 德才表现曲线图 as server-rendered SVG: valid XML with a title and a description stating every
value, each value drawn where its item and score are, gaps for missing values, every text
escaped, and an empty chart that says so. Pure functions: no database."""
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from surveys import charts

SVG = "{http://www.w3.org/2000/svg}"
ITEMS = ["政治素质", "工作能力", "工作实绩", "廉洁自律"]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    return root


def by_class(root, name):
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


def series_points(root, key):
    group, = [g for g in by_class(root, f"chart-series-{key}")]
    return [el for el in group if "chart-point" in (el.get("class") or "").split()]


def comparison(**kwargs):
    return charts.comparison_curves(
        ITEMS, official_label="张三", official=[Decimal("92.5"), 85, None, Decimal("78.25")],
        unit=[88, 84, 83, 80], district=[86, 83, 82, Decimal("81.5")], **kwargs)


@pytest.mark.parametrize("layout", ["columns", "rows"])
def test_comparison_has_a_title_and_a_description_stating_every_value(layout):
    root = parse(comparison(layout=layout))
    assert root.find(f"{SVG}title").text == "张三 各项得分与本单位、全区平均"
    desc = root.find(f"{SVG}desc").text
    assert "政治素质：张三 92.5，本单位平均 88，全区平均 86" in desc
    assert "工作实绩：张三 无，本单位平均 83" in desc
    assert root.get("aria-labelledby").split() == [root.find(f"{SVG}title").get("id"),
                                                    root.find(f"{SVG}desc").get("id")]


@pytest.mark.parametrize("layout", ["columns", "rows"])
def test_each_value_is_drawn_at_its_item_and_score(layout):
    svg = comparison(layout=layout, width=640 if layout == "columns" else 360)
    root = parse(svg)
    values = [Decimal("92.5"), 85, None, Decimal("78.25"), 88, 84, 83, 80, 86, 83, 82, Decimal("81.5")]
    geo = charts.curve_geometry(4, values, layout=layout, width=640 if layout == "columns" else 360,
                                legend_height=charts._legend_height(["张三", "本单位平均", "全区平均"],
                                                                    640 if layout == "columns" else 360, 12))
    official = series_points(root, "official")
    # a point per value, none for the missing one
    assert [(int(p.get("data-item")), p.get("data-value")) for p in official] == [(0, "92.5"), (1, "85"),
                                                                                  (3, "78.25")]
    for point, (index, value) in zip(official, [(0, 92.5), (1, 85), (3, 78.25)], strict=True):
        x, y = geo.point(index, value)
        assert float(point.get("data-cx")) == pytest.approx(x, abs=0.06)
        assert float(point.get("data-cy")) == pytest.approx(y, abs=0.06)
    unit = series_points(root, "unit")
    assert [p.get("data-value") for p in unit] == ["88", "84", "83", "80"]
    first, second = official[0], official[1]
    if layout == "columns":  # the higher score is drawn higher, later items further right
        assert float(first.get("data-cy")) < float(second.get("data-cy"))
        assert float(first.get("data-cx")) < float(second.get("data-cx"))
    else:  # the higher score further right, later items lower down
        assert float(first.get("data-cx")) > float(second.get("data-cx"))
        assert float(first.get("data-cy")) < float(second.get("data-cy"))


def test_a_missing_value_breaks_the_line():
    root = parse(comparison())
    official_group, = by_class(root, "chart-series-official")
    path, = [el for el in official_group if el.get("class") == "chart-line"]
    # two segments: items 1–2 and item 4 alone (a lone point draws no segment)
    assert path.get("d").count("M") == 1 and path.get("d").count("L") == 1
    unit_group, = by_class(root, "chart-series-unit")
    unit_path, = [el for el in unit_group if el.get("class") == "chart-line"]
    assert unit_path.get("d").count("M") == 1 and unit_path.get("d").count("L") == 3


def test_series_differ_by_marker_and_dash_not_only_colour():
    root = parse(comparison())
    tags = {key: series_points(root, key)[0].tag for key in ("official", "unit", "district")}
    assert tags == {"official": f"{SVG}circle", "unit": f"{SVG}rect", "district": f"{SVG}polygon"}
    legend = by_class(root, "chart-legend-unit")[0]
    assert legend.find(f"{SVG}line").get("stroke-dasharray")
    assert [el.text for el in root.iter(f"{SVG}text") if el.text in ("张三", "本单位平均", "全区平均")] == [
        "张三", "本单位平均", "全区平均"]


def test_subject_values_are_written_beside_their_points():
    root = parse(comparison(layout="rows", width=360))
    assert [el.text for el in by_class(root, "chart-value")] == ["92.5", "85", "78.25"]


def test_year_curves_have_a_line_per_year_newest_first_in_the_legend():
    root = parse(charts.year_curves(ITEMS, {2024: [80, 81, 82, 83], 2026: [90, 91, None, 93],
                                            2025: [85, 85, 85, 85]}, official_label="李四"))
    assert root.find(f"{SVG}title").text == "李四 历年各项得分"
    keys = [g.get("class").split()[-1] for g in by_class(root, "chart-series")]
    assert sorted(keys) == ["chart-series-2024", "chart-series-2025", "chart-series-2026"]
    legend = [el.text for g in by_class(root, "chart-legend") for el in g.iter(f"{SVG}text")]
    assert legend == ["2026 年", "2025 年", "2024 年"]
    assert [el.text for el in by_class(root, "chart-value")] == ["90", "91", "93"]
    assert "2026 年 90" in root.find(f"{SVG}desc").text


def test_long_item_names_are_cut_with_the_full_name_kept_in_a_tooltip():
    long = "学习能力创新意识和依法履职能力以及担当作为"
    root = parse(charts.comparison_curves([long, "短"], official_label="张三", official=[80, 90], layout="rows",
                                          width=360))
    label = by_class(root, "chart-item")[0]
    shown = "".join(t.text for t in label.iter(f"{SVG}tspan"))
    assert shown.endswith("…") and len(shown) < len(long)
    assert label.find(f"{SVG}title").text == long
    assert by_class(root, "chart-item")[1].find(f"{SVG}title") is None


@pytest.mark.parametrize("layout", ["columns", "rows"])
def test_empty_data_draws_an_empty_chart_that_says_so(layout):
    for svg in (charts.comparison_curves([], official_label="张三", official=[], layout=layout),
                charts.comparison_curves(ITEMS, official_label="张三", official=[None] * 4, unit=[None] * 4,
                                         layout=layout),
                charts.year_curves(ITEMS, {}, layout=layout),
                charts.overview_dots([])):
        root = parse(svg)
        assert by_class(root, "chart-empty")[0].text == "暂无数据"
        assert root.find(f"{SVG}desc").text == "暂无数据"
        assert by_class(root, "chart-point") == []


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError):
        charts.comparison_curves(ITEMS, official_label="张三", official=[80, 90])


def test_every_text_is_escaped():
    svg = charts.comparison_curves(["<b>德</b>", "A & B"], official_label='<script>"x"</script>',
                                   official=[80, 90], unit=[81, 82])
    root = parse(svg)
    assert "<script>" not in svg and "<b>" not in svg
    assert root.find(f"{SVG}title").text == '<script>"x"</script> 各项得分与本单位、全区平均'
    table = charts.values_table(["<b>德</b>"], charts.comparison_series(official_label="<i>", official=[80]),
                                caption="<c>")
    assert "<b>" not in table and "<i>" not in table and "&lt;c&gt;" in table


def test_overview_draws_the_mean_and_the_spread_per_item():
    rows = [charts.OverviewRow("政治素质", Decimal("86.4"), 74, 95, 100),
            charts.OverviewRow("工作能力", 83, None, None, None),
            charts.OverviewRow("工作实绩", None)]
    root = parse(charts.overview_dots(rows, width=360))
    points = by_class(root, "chart-point")
    assert [(p.get("data-item"), p.get("data-value")) for p in points] == [("0", "86.4"), ("1", "83")]
    rng, = by_class(root, "chart-range")
    geo = charts.curve_geometry(3, [Decimal("86.4"), 74, 95, 83], layout="rows", width=360, legend_height=22)
    assert float(rng.get("x1")) == pytest.approx(geo.score(74), abs=0.06)
    assert float(rng.get("x2")) == pytest.approx(geo.score(95), abs=0.06)
    assert float(points[0].get("data-cx")) == pytest.approx(geo.score(Decimal("86.4")), abs=0.06)
    assert "政治素质：平均 86.4，最低 74，最高 95，100 人" in root.find(f"{SVG}desc").text


def test_tables_give_the_same_numbers_as_the_charts():
    series = charts.comparison_series(official_label="张三", official=[Decimal("92.50"), None], unit=[88, 84])
    table = ET.fromstring(charts.values_table(["政治素质", "工作能力"], series, caption="张三"))
    rows = [[c.text for c in tr] for tr in table.iter("tr")]
    assert rows == [["测评项目", "张三", "本单位平均"], ["政治素质", "92.5", "88"], ["工作能力", "—", "84"]]
    overview = ET.fromstring(charts.overview_table([charts.OverviewRow("政治素质", 86, 70, 95, 12)], caption="全区"))
    assert [[c.text for c in tr] for tr in overview.iter("tr")][1] == ["政治素质", "86", "70", "95", "12"]


def test_score_axis_covers_every_value_with_room_below():
    assert charts.score_range([]) == (50, 100)
    assert charts.score_range([78.25, 92.5]) == (70, 100)
    assert charts.score_range([60, 70]) == (50, 70)
    assert charts.score_range([100, 100]) == (90, 100)
    low, high = charts.score_range([3, 4])
    assert low == 0 and high == 10
