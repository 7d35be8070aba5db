"""pledges.rules: pure functions, no database."""
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledges import rules

DEFAULT = {"A": 8, "B": 6}


@pytest.mark.parametrize(
    "ratings,grade",
    [((3, 3, 3), "A"), ((3, 3, 2), "A"), ((3, 2, 2), "B"), ((2, 2, 2), "B"), ((2, 2, 1), "C"), ((1, 1, 1), "C")],
)
def test_grade_from_ratings_by_default_thresholds(ratings, grade):
    assert rules.pledge_grade(*ratings, DEFAULT) == grade


def test_grade_thresholds_come_from_the_cycle():
    assert rules.pledge_grade(3, 3, 3, {"A": 9, "B": 9}) == "A"
    assert rules.pledge_grade(3, 3, 2, {"A": 9, "B": 8}) == "B"
    assert rules.pledge_grade(2, 2, 2, {"A": 9, "B": 7}) == "C"


@pytest.mark.parametrize("bad", [0, 4, -1, 2.5, "3", None, True])
def test_rating_outside_1_to_3_is_refused(bad):
    with pytest.raises(ValueError):
        rules.pledge_grade(bad, 2, 2, DEFAULT)


@given(st.tuples(*[st.integers(1, 3)] * 3), st.integers(1, 2))
def test_raising_a_rating_never_lowers_the_grade(ratings, index):
    order = {"C": 0, "B": 1, "A": 2}
    raised = list(ratings)
    raised[index] = min(3, raised[index] + 1)
    assert order[rules.pledge_grade(*raised, DEFAULT)] >= order[rules.pledge_grade(*ratings, DEFAULT)]


@pytest.mark.parametrize(
    "day,expected",
    [
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)),
        (datetime.date(2026, 12, 15), datetime.date(2027, 1, 15)),
        (datetime.date(2026, 5, 6), datetime.date(2026, 6, 6)),
    ],
)
def test_inauguration_pledges_are_due_one_month_after_appointment(day, expected):
    assert rules.due_date(kind="inauguration", pledge_deadline=datetime.date(2026, 1, 31), appointed_on=day) == expected


def test_annual_pledges_are_due_by_the_cycle_deadline():
    deadline = datetime.date(2026, 1, 31)
    assert rules.due_date(kind="annual", pledge_deadline=deadline, appointed_on=datetime.date(2020, 1, 1)) == deadline


def test_expected_kind_is_inauguration_for_appointments_after_the_deadline_in_the_year():
    deadline = datetime.date(2026, 1, 31)
    assert rules.expected_kind(cycle_year=2026, pledge_deadline=deadline,
                               appointed_on=datetime.date(2026, 3, 1)) == "inauguration"
    assert rules.expected_kind(cycle_year=2026, pledge_deadline=deadline, appointed_on=datetime.date(2026, 1,
                                                                                                     10)) == "annual"
    assert rules.expected_kind(cycle_year=2026, pledge_deadline=deadline, appointed_on=datetime.date(2025, 9,
                                                                                                     1)) == "annual"


def test_spanned_quarters():
    assert rules.spanned_quarters(kind="annual", cycle_year=2026, appointed_on=datetime.date(2026, 8, 1)) == [1, 2, 3,
                                                                                                              4]
    assert rules.spanned_quarters(kind="inauguration", cycle_year=2026, appointed_on=datetime.date(2026, 8, 1)) == [3,
                                                                                                                    4]
    assert rules.spanned_quarters(kind="inauguration", cycle_year=2026, appointed_on=datetime.date(2025, 12,
                                                                                                   1)) == [1, 2, 3, 4]


def milestones(*quarters, **extra):
    return [{"quarter": q, "description": f"第{q}季度节点", **extra} for q in quarters]


def test_milestones_cover_each_spanned_quarter():
    assert rules.milestone_errors(milestones(1, 2, 3, 4), quarters=[1, 2, 3, 4], year=2026) == []
    errors = rules.milestone_errors(milestones(1, 2, 4), quarters=[1, 2, 3, 4], year=2026)
    assert errors == ["每个季度至少一个推进节点，缺少：第 3 季度。"]
    assert rules.milestone_errors(milestones(3, 4), quarters=[3, 4], year=2026) == []


def test_milestone_dates_lie_in_the_cycle_year_and_their_quarter():
    ok = [{"quarter": 1, "description": "a", "due_on": "2026-03-31"}]
    assert rules.milestone_errors(ok, quarters=[1], year=2026) == []
    other_year = [{"quarter": 1, "description": "a", "due_on": "2027-03-01"}]
    assert "2026 年内" in rules.milestone_errors(other_year, quarters=[1], year=2026)[0]
    wrong_quarter = [{"quarter": 1, "description": "a", "due_on": "2026-05-01"}]
    assert "第 1 季度" in rules.milestone_errors(wrong_quarter, quarters=[1], year=2026)[0]
    garbage = [{"quarter": 1, "description": "a", "due_on": "soon"}]
    assert "YYYY-MM-DD" in rules.milestone_errors(garbage, quarters=[1], year=2026)[0]


@pytest.mark.parametrize(
    "value",
    ["x", None, [1], [{"quarter": 5, "description": "a"}], [{"quarter": 1, "description": ""}],
     [{"quarter": 1, "description": "a" * 201}], [{"quarter": 1, "description": "a", "colour": "red"}],
     [{"quarter": True, "description": "a"}], milestones(1, 2, 3, 4) * 4],
)
def test_malformed_milestones_are_reported(value):
    assert rules.milestone_errors(value, quarters=[1], year=2026)


def test_set_needs_three_to_five_pledges_covering_all_categories():
    assert rules.pledge_set_errors(["party_building", "innovation", "key_work"]) == []
    assert rules.pledge_set_errors(["party_building", "innovation", "key_work", "key_work", "innovation"]) == []
    assert "3–5" in rules.pledge_set_errors(["party_building", "innovation"])[0]
    six = ["party_building", "innovation", "key_work"] * 2
    assert "现有 6 项" in rules.pledge_set_errors(six)[0]
    missing = rules.pledge_set_errors(["key_work", "key_work", "innovation"])
    assert missing == ["每个方面至少一项，缺少：党的建设和干部队伍建设。"]


@pytest.mark.parametrize("categories,more,missing,recategorize", [
    ([], 3, ("party_building", "innovation", "key_work"), 0),
    (["key_work"], 2, ("party_building", "innovation"), 0),
    (["key_work", "key_work"], 2, ("party_building", "innovation"), 0),
    (["key_work", "innovation"], 1, ("party_building",), 0),
    (["key_work", "key_work", "innovation"], 1, ("party_building",), 0),
    (["key_work"] * 4, 1, ("party_building", "innovation"), 1),
    (["key_work"] * 5, 0, ("party_building", "innovation"), 2),
    (["key_work", "innovation", "party_building"], 0, (), 0),
])
def test_shortfall_says_how_many_more_and_which_categories(categories, more, missing, recategorize):
    shortfall = rules.pledge_set_shortfall(categories)
    assert (shortfall.more, shortfall.missing, shortfall.recategorize) == (more, missing, recategorize)
    assert shortfall.missing_labels == [rules.CATEGORY_LABELS[c] for c in missing]


@given(st.lists(st.sampled_from(rules.CATEGORIES), max_size=7))
def test_shortfall_is_ok_exactly_when_the_set_may_be_submitted(categories):
    shortfall = rules.pledge_set_shortfall(categories)
    assert shortfall.ok == (rules.pledge_set_errors(categories) == [])
    if shortfall.more:  # adding that many, one per missing category first, satisfies the rule
        added = list(shortfall.missing[:shortfall.more])
        added += ["key_work"] * (shortfall.more - len(added))
        assert rules.pledge_set_shortfall(categories + added).ok == (shortfall.recategorize == 0)
