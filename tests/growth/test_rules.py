"""growth.rules, without a database: points totals, ranking ties within units, a contest's result
(mean, trimmed from 5 judges on), the post kind and the person–post fit."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from growth import rules

points = st.decimals(min_value=0, max_value=100, places=1)
scores = st.decimals(min_value=0, max_value=100, places=2)
levels = st.integers(min_value=1, max_value=5)


def test_a_years_points_are_the_sum_of_its_activities():
    assert rules.points_total([Decimal("2"), Decimal("10"), Decimal("0.5")]) == Decimal("12.5")
    assert rules.points_total([]) == 0


def test_ties_within_a_unit_share_a_place_and_the_next_place_is_skipped():
    totals = {1: ("u", Decimal(10)), 2: ("u", Decimal(8)), 3: ("u", Decimal(8)), 4: ("u", Decimal(3)),
              5: ("v", Decimal(1))}
    assert rules.ranks_within_groups(totals) == {1: 1, 2: 2, 3: 2, 4: 4, 5: 1}


@settings(deadline=None)  # the machine is shared: a slow example is not a failure
@given(st.dictionaries(st.integers(), st.tuples(st.sampled_from("abc"), points), max_size=30))
def test_unit_ranks_count_the_colleagues_with_more_points(totals):
    ranks = rules.ranks_within_groups(totals)
    for key, (group, value) in totals.items():
        better = sum(1 for g, v in totals.values() if g == group and v > value)
        assert ranks[key] == better + 1


@settings(deadline=None)  # the machine is shared: a slow example is not a failure
@given(st.lists(points, max_size=20))
def test_the_total_never_drops_when_an_activity_is_added(values):
    assert rules.points_total(values + [Decimal(0)]) == rules.points_total(values) >= 0


def test_a_contest_result_is_the_plain_mean_below_five_judges():
    assert rules.contest_result([Decimal(90), Decimal(85), Decimal(80)]) == Decimal("85.00")
    assert rules.contest_result([Decimal(90), Decimal(85)]) == Decimal("87.50")
    assert rules.contest_result([]) is None


def test_from_five_judges_the_highest_and_lowest_score_are_dropped():
    assert rules.contest_result([Decimal(s) for s in (100, 90, 88, 86, 40)]) == Decimal("88.00")


@settings(deadline=None)  # the machine is shared: a slow example is not a failure
@given(st.lists(scores, min_size=1, max_size=12))
def test_a_contest_result_lies_between_the_lowest_and_highest_score(values):
    result = rules.contest_result(values)
    assert min(values) - Decimal("0.01") <= result <= max(values) + Decimal("0.01")
    assert result == result.quantize(Decimal("0.01"))


@settings(deadline=None)  # the machine is shared: a slow example is not a failure
@given(st.lists(scores, min_size=5, max_size=12), scores)
def test_one_extreme_judge_cannot_move_a_trimmed_result_beyond_the_others(values, extreme):
    """With five or more judges, changing the highest score to anything higher changes nothing."""
    top = max(values)
    raised = sorted(values)[:-1] + [max(top, extreme)]
    assert rules.contest_result(raised) == rules.contest_result(values)


def test_event_places_tie_and_leave_the_unjudged_without_a_place():
    ranks = rules.event_ranks({1: Decimal(90), 2: Decimal(95), 3: Decimal(90), 4: None})
    assert ranks == {1: 2, 2: 1, 3: 2, 4: None}


def test_the_post_kind_comes_from_the_unit_kind_and_the_principal_flag():
    assert rules.post_kind(unit_kind="street", is_principal=True) == rules.STREET_HEAD
    assert rules.post_kind(unit_kind="department", is_principal=True) == rules.DEPARTMENT_HEAD
    assert rules.post_kind(unit_kind="other", is_principal=True) == rules.OTHER_HEAD
    assert rules.post_kind(unit_kind="street", is_principal=False) == rules.DEPUTY


def test_fit_example_from_the_docstring():
    assert rules.person_post_fit(required={"A": 4, "B": 2}, assessed={"A": 3, "B": 5}) == Decimal("87.5")


def test_a_missing_assessment_counts_zero_and_no_requirement_gives_no_fit():
    assert rules.person_post_fit(required={"A": 4, "B": 4}, assessed={"A": 4}) == Decimal("50.0")
    assert rules.person_post_fit(required={}, assessed={"A": 4}) is None


@settings(deadline=None)  # the machine is shared: a slow example is not a failure
@given(st.dictionaries(st.sampled_from("ABCDEFG"), levels, min_size=1),
       st.dictionaries(st.sampled_from("ABCDEFGH"), levels))
def test_fit_is_between_0_and_100_and_full_exactly_when_every_requirement_is_met(required, assessed):
    fit = rules.person_post_fit(required=required, assessed=assessed)
    assert Decimal(0) <= fit <= Decimal(100)
    met = all(assessed.get(c, 0) >= level for c, level in required.items())
    assert (fit == 100) == met


@settings(deadline=None)  # the machine is shared: a slow example is not a failure
@given(st.dictionaries(st.sampled_from("ABCDE"), levels, min_size=1), st.dictionaries(st.sampled_from("ABCDE"), levels),
       st.sampled_from("ABCDE"))
def test_a_higher_assessed_level_never_lowers_the_fit(required, assessed, competency):
    before = rules.person_post_fit(required=required, assessed=assessed)
    raised = {**assessed, competency: min(5, assessed.get(competency, 0) + 1)}
    assert rules.person_post_fit(required=required, assessed=raised) >= before
