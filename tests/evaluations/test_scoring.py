"""evaluations.scoring: every formula of SPEC section 4, exactly, without a database."""
from decimal import Decimal as D
from fractions import Fraction as F

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cycles.cycle_settings import defaults
from evaluations import scoring
from evaluations.scoring import OfficialInput, PledgeInput

S = defaults()


def pledge(grade, *points):
    return PledgeInput.of(grade, [D(str(p)) for p in points])


B80 = pledge("B", 80)


def official(pledges=(B80,), unit=D("80"), surveys=None, qualified=True, positive=(), negative=0,
             oid=1, name="甲"):
    return OfficialInput(oid, name, tuple(pledges), unit, surveys if surveys is not None else {"superior": D("80")},
                         qualified, tuple(positive), negative)


# --- completion and points ---------------------------------------------------------------------

def test_pledge_input_completion_is_total_over_count():
    assert pledge("A", 90, 80, 85, 95).completion == F(350, 4)
    assert pledge("A").completion is None


def test_completion_is_the_mean_of_quarterly_scores():
    assert scoring.completion([F(90), F(80), F(85), F(95)]) == F(350, 4)
    assert scoring.completion([F(D("88.5"))]) == F(D("88.5"))
    assert scoring.completion([]) is None


def test_letter_counts_as_its_points_by_the_cycle_setting():
    assert scoring.score_points(score=None, letter="A", letter_points=S["letter_points"]) == 95
    assert scoring.score_points(score=None, letter="B", letter_points=S["letter_points"]) == 80
    assert scoring.score_points(score=None, letter="C", letter_points=S["letter_points"]) == 60
    assert scoring.score_points(score=None, letter="A", letter_points={"A": 99, "B": 1, "C": 0}) == 99
    assert scoring.score_points(score=D("77.5"), letter=None, letter_points=S["letter_points"]) == F(155, 2)


def test_points_or_letter_is_required():
    with pytest.raises(ValueError):
        scoring.score_points(score=None, letter=None, letter_points=S["letter_points"])


def test_settings_floats_mean_the_decimal_that_was_written():
    assert scoring.exact(0.1) == F(1, 10)
    assert scoring.exact(0.3) * 10 == 3
    with pytest.raises(TypeError):
        scoring.exact(None)


# --- pledge score ------------------------------------------------------------------------------

def test_grade_coefficients_are_1_2_1_0_0_8():
    coefficients = S["grade_coefficients"]
    assert scoring.pledge_score([pledge("A", 80)], coefficients) == 96
    assert scoring.pledge_score([pledge("B", 80)], coefficients) == 80
    assert scoring.pledge_score([pledge("C", 80)], coefficients) == 64


def test_pledge_score_is_the_mean_over_pledges_and_may_exceed_100():
    value = scoring.pledge_score([pledge("A", 95, 95), pledge("A", 90), pledge("B", 100)], S["grade_coefficients"])
    assert value == (F(114) + F(108) + F(100)) / 3
    assert value > 100


def test_pledge_score_is_none_when_a_pledge_has_no_score_or_there_is_none():
    assert scoring.pledge_score([pledge("A", 90), pledge("B")], S["grade_coefficients"]) is None
    assert scoring.pledge_score([], S["grade_coefficients"]) is None


# --- survey ------------------------------------------------------------------------------------

def test_survey_weights_with_every_group():
    scores = {"superior": D(90), "peer": D(80), "subordinate": D(70), "public": D(60)}
    assert scoring.survey_score(scores, S["survey_weights"]) == F(36 + 24 + 14 + 6)


def test_survey_weights_renormalize_over_groups_present():
    # superior 0.4 and public 0.1 present: weights become 0.8 and 0.2
    assert scoring.survey_score({"superior": D(90), "public": D(40)}, S["survey_weights"]) == F(72 + 8)
    assert scoring.survey_score({"peer": D(77)}, S["survey_weights"]) == 77


def test_survey_none_when_no_group():
    assert scoring.survey_score({}, S["survey_weights"]) is None
    assert scoring.survey_score({"peer": None}, S["survey_weights"]) is None


def test_survey_groups_with_zero_weight_only_take_their_mean():
    weights = {"superior": 1, "peer": 0, "subordinate": 0, "public": 0}
    assert scoring.survey_score({"peer": D(70), "public": D(90)}, weights) == 80


# --- bonus -------------------------------------------------------------------------------------

def test_bonus_is_capped_at_5():
    assert scoring.bonus([1, 1, 1], S["bonus_cap"]) == 3
    assert scoring.bonus([1] * 8, S["bonus_cap"]) == 5
    assert scoring.bonus([], S["bonus_cap"]) == 0
    assert scoring.bonus([D("2.5"), D("2.5"), D("1")], 3) == 3


# --- composite ---------------------------------------------------------------------------------

def test_composite_weights_0_3_0_5_0_2_plus_bonus():
    value = scoring.composite(unit=F(90), pledge=F(96), survey=F(80), bonus=F(2), weights=S["weights"])
    assert value == D("27") + D("48") + D("16") + D("2")
    assert value == D("93.00")


@pytest.mark.parametrize(
    "unit,expected",
    [
        # 0.3 × unit + 0.5 × 80 + 0.2 × 80 = 0.3 × unit + 56
        (F(D("84.15")), D("81.25")),    # 81.245 → 81.25 (half up)
        (F(D("84.1499")), D("81.24")),  # 81.24497 → 81.24
        (F(D("84.05")), D("81.22")),    # 81.215 → 81.22, where binary floats give 81.21
    ],
)
def test_composite_rounds_half_up_to_two_decimals_exactly(unit, expected):
    assert scoring.composite(unit=unit, pledge=F(80), survey=F(80), bonus=F(0), weights=S["weights"]) == expected


def test_composite_uses_exact_intermediate_values():
    # pledge_score 100/3 = 33.333…: 0.5 × 33.333… = 16.666…; rounding it first would give 16.67
    value = scoring.composite(unit=F(0), pledge=F(100, 3), survey=F(0), bonus=F(0), weights=S["weights"])
    assert value == D("16.67")
    value = scoring.composite(unit=F(0), pledge=F(100, 3), survey=F(0), bonus=F(D("0.005")) - F(1, 600),
                              weights=S["weights"])
    assert value == D("16.67")  # 16.6666… + 0.00333… = 16.67 exactly → stays


def test_round_half_up_on_fractions():
    assert scoring.round_half_up(F(1, 8)) == D("0.13")
    assert scoring.round_half_up(F(1, 3)) == D("0.33")
    assert scoring.round_half_up(F(2, 3)) == D("0.67")
    assert scoring.round_half_up(F(12345, 1000)) == D("12.35")
    assert scoring.round_half_up(F(0)) == D("0.00")


# --- the whole official ------------------------------------------------------------------------

def test_score_official_puts_it_together():
    o = official(pledges=[pledge("A", 90, 95), pledge("C", 70)], unit=D("88"),
                 surveys={"superior": D(90), "peer": D(80)}, positive=[1, 1])
    s = scoring.score_official(o, S)
    assert s.pledge_score == (F(12, 10) * F(185, 2) + F(8, 10) * 70) / 2
    assert s.survey_score == (F(4, 10) * 90 + F(3, 10) * 80) / F(7, 10)
    assert s.bonus == 2
    expected = F(3, 10) * 88 + F(1, 2) * s.pledge_score + F(2, 10) * s.survey_score + 2
    assert s.composite == scoring.round_half_up(expected)
    assert s.complete and not s.veto


@pytest.mark.parametrize(
    "change,code",
    [
        ({"pledges": []}, scoring.MISSING_PLEDGE),
        ({"pledges": [pledge("A", 90), pledge("B")]}, scoring.MISSING_PLEDGE_SCORE),
        ({"unit": None}, scoring.MISSING_UNIT_SCORE),
        ({"surveys": {}}, scoring.MISSING_SURVEY),
        ({"qualified": None}, scoring.MISSING_POLITICAL_REVIEW),
    ],
)
def test_a_missing_input_makes_the_official_incomplete(change, code):
    s = scoring.score_official(official(**change), S)
    assert s.missing == [code]
    assert s.composite is None and not s.complete


def test_every_missing_input_is_listed():
    s = scoring.score_official(official(pledges=[], unit=None, surveys={}, qualified=None), S)
    assert s.missing == [scoring.MISSING_PLEDGE, scoring.MISSING_UNIT_SCORE, scoring.MISSING_SURVEY,
                         scoring.MISSING_POLITICAL_REVIEW]
    assert set(s.missing) <= set(scoring.MISSING_LABELS)


def test_veto_by_negative_entry_or_unqualified_political_review():
    assert scoring.score_official(official(negative=1), S).veto
    assert scoring.score_official(official(qualified=False), S).veto
    assert not scoring.score_official(official(), S).veto


# --- ranking -----------------------------------------------------------------------------------

def test_standard_competition_ranking():
    assert scoring.competition_ranks([D(100), D(90), D(90), D(80)]) == [1, 2, 2, 4]
    assert scoring.competition_ranks([D(80), D(90), D(100), D(90)]) == [4, 2, 1, 2]
    assert scoring.competition_ranks([D(70), D(70), D(70)]) == [1, 1, 1]
    assert scoring.competition_ranks([]) == []


# --- properties --------------------------------------------------------------------------------

points = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)


@given(unit=points, p1=points, p2=points, survey=points, raised=points, grade=st.sampled_from("ABC"),
       which=st.sampled_from(["unit", "pledge", "survey"]))
def test_raising_one_score_never_lowers_the_composite(unit, p1, p2, survey, raised, grade, which):
    def make(u, a, s):
        return official(pledges=[pledge(grade, a), pledge("B", p2)], unit=u, surveys={"peer": s})

    before = scoring.score_official(make(unit, p1, survey), S).composite
    if which == "unit":
        assume(raised >= unit)
        after = scoring.score_official(make(raised, p1, survey), S).composite
    elif which == "pledge":
        assume(raised >= p1)
        after = scoring.score_official(make(unit, raised, survey), S).composite
    else:
        assume(raised >= survey)
        after = scoring.score_official(make(unit, p1, raised), S).composite
    assert after >= before


@given(unit=points, p=points, survey=points, n_positive=st.integers(0, 12))
def test_composite_lies_within_its_bounds(unit, p, survey, n_positive):
    s = scoring.score_official(official(pledges=[pledge("A", p)], unit=unit, surveys={"public": survey},
                                        positive=[1] * n_positive), S)
    assert D(0) <= s.composite <= D("0.3") * 100 + D("0.5") * 120 + D("0.2") * 100 + 5
    assert s.bonus == min(5, n_positive)


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=30))
def test_competition_ranks_properties(values):
    ranks = scoring.competition_ranks(values)
    for v, r in zip(values, ranks, strict=True):
        assert r == 1 + sum(1 for w in values if w > v)
