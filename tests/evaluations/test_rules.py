"""evaluations.rules: grades, the 好 quota, vetoes and every outcome code of SPEC section 4."""
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from cycles.cycle_settings import defaults
from evaluations import rules
from evaluations.scoring import Scored

S = defaults()


def scored(oid, composite, veto=False, name=None, missing=()):
    return Scored(oid, name or f"干部{oid:03d}", None, None, None, 0, veto,
                  D(str(composite)) if composite is not None else None, list(missing))


def grades(rows, settings=S):
    return {g.official_id: g.grade for g in rules.grade_all(rows, settings)}


# --- 较差 / 好 / 一般 --------------------------------------------------------------------------

def test_below_60_is_poor():
    assert grades([scored(1, "59.99")] + [scored(i, 70) for i in range(2, 5)])[1] == "poor"


def test_exactly_60_is_not_poor():
    assert grades([scored(1, 60)] + [scored(i, 70) for i in range(2, 5)])[1] == "average"


def test_good_needs_85_and_a_place_in_the_quota():
    # N = 10 → Q = 3: the top three with ≥ 85 are 好
    rows = [scored(i, c) for i, c in enumerate([99, 95, 90, 88, 86, 80, 75, 70, 65, 62], start=1)]
    g = grades(rows)
    assert [g[i] for i in range(1, 11)] == ["good"] * 3 + ["average"] * 7


def test_below_85_is_never_good_even_inside_the_quota():
    rows = [scored(1, "84.99"), scored(2, 70), scored(3, 70)]
    assert grades(rows)[1] == "average"


def test_exactly_85_can_be_good():
    assert grades([scored(1, 85), scored(2, 70), scored(3, 70)])[1] == "good"


def test_quota_is_ceil_30_percent_of_complete_officials():
    assert rules.good_quota(10, 0.3) == 3
    assert rules.good_quota(11, 0.3) == 4
    assert rules.good_quota(1, 0.3) == 1
    assert rules.good_quota(0, 0.3) == 0
    assert rules.good_quota(98, 0.3) == 30  # 29.4 → 30


def test_ties_at_the_quota_boundary_are_all_good():
    # N = 10, Q = 3: ranks 1, 2, 3, 3 → four 好
    rows = [scored(1, 99), scored(2, 95), scored(3, 90), scored(4, 90)] + [scored(i, 70) for i in range(5, 11)]
    g = grades(rows)
    assert [g[i] for i in (1, 2, 3, 4)] == ["good"] * 4
    assert g[5] == "average"


def test_veto_caps_the_grade_at_average_and_frees_no_extra_place():
    # N = 10 (the vetoed one counts), Q = 3; the vetoed top scorer is 一般; ranks among the
    # non-vetoed decide: 95, 90, 88 are 好.
    rows = [scored(1, 99, veto=True), scored(2, 95), scored(3, 90), scored(4, 88), scored(5, 87)] + [
        scored(i, 70) for i in range(6, 11)
    ]
    g = grades(rows)
    assert g[1] == "average"
    assert [g[i] for i in (2, 3, 4)] == ["good"] * 3
    assert g[5] == "average"


def test_vetoed_official_below_60_is_poor():
    assert grades([scored(1, 50, veto=True), scored(2, 70), scored(3, 70)])[1] == "poor"


def test_incomplete_officials_are_not_ranked_graded_or_counted():
    rows = [scored(1, 90), scored(2, 80), scored(3, 70), scored(4, None, missing=["no_survey"])]
    result = {g.official_id: g for g in rules.grade_all(rows, S)}
    assert (result[4].rank, result[4].grade) == (None, None)
    # N = 3 → Q = 1
    assert [result[i].grade for i in (1, 2, 3)] == ["good", "average", "average"]


def test_ranking_ties_listed_by_name():
    rows = [scored(1, 80, name="王五"), scored(2, 80, name="李四"), scored(3, 90, name="张三")]
    order = [(g.official_id, g.rank) for g in rules.grade_all(rows, S)]
    assert order[0] == (3, 1)
    assert {o for o, r in order[1:]} == {1, 2} and all(r == 2 for _, r in order[1:])
    names = {1: "王五", 2: "李四"}
    assert [names[o] for o, _ in order[1:]] == sorted(names.values())


def test_thresholds_and_quota_come_from_the_settings():
    settings = dict(S, good_threshold=95, poor_threshold=75, good_quota=0.5)
    g = grades([scored(1, 96), scored(2, 94), scored(3, 80), scored(4, 74)], settings)
    assert g == {1: "good", 2: "average", 3: "average", 4: "poor"}


# --- outcomes ----------------------------------------------------------------------------------

def test_good_is_commended():
    assert rules.outcomes_of(grade="good", vetoed=False, exemplary=False, previous=()) == ["commendation"]


def test_exemplary_title_brings_upward_recommendation():
    assert rules.outcomes_of(grade="good", vetoed=False, exemplary=True, previous=()) == [
        "commendation", "exemplary_title", "recommend_upward"]


def test_exemplary_titles_go_to_the_top_10_good_with_ties():
    good = {i: D(100 - i) for i in range(1, 13)}  # 12 好: 99 … 88
    assert rules.exemplary_officials(good, 10) == set(range(1, 11))
    good[11] = D(90)  # ties with the 10th
    assert rules.exemplary_officials(good, 10) == set(range(1, 12))


def test_three_consecutive_good_years_bring_promotion_preference():
    assert "promotion_preference" in rules.outcomes_of(grade="good", vetoed=False, exemplary=False,
                                                       previous=["good", "good"])
    for previous in (["good", "average"], ["average", "good"], ["good", None], [None, "good"], ["good"], []):
        assert "promotion_preference" not in rules.outcomes_of(grade="good", vetoed=False, exemplary=False,
                                                               previous=previous)


def test_average_is_admonished_and_frozen():
    assert rules.outcomes_of(grade="average", vetoed=False, exemplary=False, previous=()) == [
        "admonishment", "promotion_freeze"]


def test_second_consecutive_average_year_triggers_org_adjustment():
    assert rules.outcomes_of(grade="average", vetoed=False, exemplary=False, previous=["average", None]) == [
        "admonishment", "promotion_freeze", "org_adjustment"]
    assert "org_adjustment" not in rules.outcomes_of(grade="average", vetoed=False, exemplary=False,
                                                     previous=["good", "average"])
    assert "org_adjustment" not in rules.outcomes_of(grade="average", vetoed=False, exemplary=False,
                                                     previous=[None, "average"])


def test_poor_is_criticised_reports_and_is_demoted():
    assert rules.outcomes_of(grade="poor", vetoed=False, exemplary=False, previous=()) == [
        "criticism", "self_report", "demotion"]


def test_veto_makes_award_ineligible():
    assert rules.outcomes_of(grade="average", vetoed=True, exemplary=False, previous=()) == [
        "admonishment", "promotion_freeze", "award_ineligible"]


def test_incomplete_has_no_outcomes():
    assert rules.outcomes_of(grade=None, vetoed=False, exemplary=False, previous=()) == []


def test_overridden_grades_decide_outcomes_and_titles():
    # official 2 computed 一般 but overridden to 好: commended, and ranked among the 好 for titles
    result = rules.outcomes_all(
        grades={1: "good", 2: "good", 3: "average"}, composites={1: D(95), 2: D(80), 3: D(70)},
        vetoed={}, history={3: ["average"]}, settings=dict(S, exemplary_top=1),
    )
    assert result[1] == ["commendation", "exemplary_title", "recommend_upward"]
    assert result[2] == ["commendation"]
    assert result[3] == ["admonishment", "promotion_freeze", "org_adjustment"]


def test_every_outcome_code_has_a_label():
    assert len(rules.OUTCOME_LABELS) == 11


# --- properties --------------------------------------------------------------------------------

composites = st.lists(
    st.tuples(st.decimals(min_value=0, max_value=110, places=2), st.booleans()), min_size=1, max_size=60
)


@given(composites)
def test_a_veto_never_yields_good(rows):
    result = grades([scored(i, c, veto=v) for i, (c, v) in enumerate(rows)])
    assert all(result[i] != "good" for i, (_, v) in enumerate(rows) if v)


@given(composites)
def test_quota_is_respected_except_for_boundary_ties(rows):
    data = [scored(i, c, veto=v) for i, (c, v) in enumerate(rows)]
    result = grades(data)
    quota = rules.good_quota(len(rows), S["good_quota"])
    good = [d for d in data if result[d.official_id] == "good"]
    if len(good) > quota:
        # only possible through a tie at the boundary: the lowest good composite is shared
        lowest = min(d.composite for d in good)
        above = [d for d in good if d.composite > lowest]
        assert len(above) < quota
    assert all(d.composite >= 85 for d in good)
    assert all(result[d.official_id] == "poor" for d in data if d.composite < 60)


# --- why an official got its grade (grade_reasons) ---------------------------------------------------


def reasons(**kwargs):
    base = dict(composite=D("80"), grade="average", computed_grade="average", veto=False,
                good_rank=4, quota_places=3, settings=S)
    return rules.grade_reasons(**{**base, **kwargs})


def test_reasons_for_poor_average_beyond_quota_veto_override_and_incomplete():
    assert reasons(composite=D("55"), grade="poor", computed_grade="poor") == ["综合得分 55.00 低于 60，评定为“较差”。"]
    assert reasons() == ["综合得分 80.00 不低于 60、低于“好”等次分数线 85，评定为“一般”。"]
    assert reasons(composite=D("86")) == [
        "综合得分 86.00 ≥ 85，但未被一票否决且得分更高的已有 3 人，“好”等次名额（3 人）已满，评定为“一般”。"]
    assert reasons(composite=D("90"), veto=True, veto_detail=["负面清单“违规决策”"]) == [
        "因负面清单“违规决策”被一票否决，等次最高为“一般”。"]
    assert "存在负面清单情形或政治素质测评不合格" in reasons(composite=D("90"), veto=True)[0]
    overridden = reasons(composite=D("90"), good_rank=1, grade="average", computed_grade="good",
                         override_reason="区委研究")
    assert overridden[0].startswith("综合得分 90.00 ≥ 85，未被一票否决且得分更高的有 0 人")
    assert overridden[1] == "经区委研究，等次由“好”调整为“一般”。理由：区委研究"
    assert reasons(composite=None, computed_grade="") == ["数据不全，未评定等次。"]


def test_reasons_for_good_within_the_quota():
    assert reasons(composite=D("91.456"), grade="good", computed_grade="good", good_rank=2) == [
        "综合得分 91.46 ≥ 85，未被一票否决且得分更高的有 1 人，在“好”等次名额（3 人）之内。"]


def test_reasons_never_state_a_second_rank():
    """One rank per official (SPEC section 4): the quota is explained by who scored higher."""
    for kwargs in ({"composite": D("86")}, {"composite": D("91"), "grade": "good", "computed_grade": "good",
                                           "good_rank": 2}):
        assert not any("排名" in sentence or "名次" in sentence for sentence in reasons(**kwargs))


def test_an_exempt_official_is_explained_as_not_graded():
    assert reasons(composite=None, computed_grade="", grade="", exempt_label="立案审查调查期间") == [
        "不确定等次（立案审查调查期间）：不参加排名、不评定等次，不适用结果运用。"]


def test_an_override_to_good_beyond_the_quota_is_over_it():
    assert rules.over_quota(good_now=3, quota_places=3, becomes_good=True)
    assert not rules.over_quota(good_now=2, quota_places=3, becomes_good=True)
    # ties at the boundary already past Q: one more is still over; a change that adds none is not
    assert rules.over_quota(good_now=4, quota_places=3, becomes_good=True)
    assert not rules.over_quota(good_now=4, quota_places=3, becomes_good=False)


def test_reasons_write_thresholds_without_trailing_zeros():
    settings = {**S, "poor_threshold": "62.50", "good_threshold": 88.0}
    assert reasons(composite=D("70"), settings=settings) == [
        "综合得分 70.00 不低于 62.5、低于“好”等次分数线 88，评定为“一般”。"]


def test_an_override_without_a_reason_says_only_what_changed():
    overridden = reasons(composite=D("55"), grade="average", computed_grade="poor")
    assert overridden[1] == "经区委研究，等次由“较差”调整为“一般”。"


def test_a_grade_equal_to_the_computed_one_is_no_override():
    assert len(reasons(grade="average", computed_grade="average")) == 1
