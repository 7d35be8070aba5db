"""simulations.rules, the pure comparison of two sets of results (hypothesis)."""
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from simulations import rules

GRADES = ["good", "average", "poor", ""]
OUTCOMES = ["commendation", "exemplary_title", "admonishment", "criticism", "award_ineligible"]


def result_strategy(official_id):
    return st.builds(
        lambda grade, outcomes, rank, exempt: SimpleNamespace(
            official_id=official_id, grade=grade, outcomes=[c for c in OUTCOMES if c in outcomes],
            rank=rank if grade else None, composite=None, exempt_reason="leave" if exempt and not grade else ""),
        st.sampled_from(GRADES), st.sets(st.sampled_from(OUTCOMES)), st.integers(1, 9), st.booleans())


results = st.integers(0, 8).flatmap(lambda n: st.tuples(*[result_strategy(i) for i in range(n)]))


@given(results)
def test_the_same_results_change_nobody_and_count_everyone(before):
    assert rules.compare(before, before, names={}) == []
    totals = rules.counts(before)
    assert set(totals) == set(rules.GRADE_KEYS) and sum(totals.values()) == len(before)


@given(st.integers(0, 8).flatmap(lambda n: st.tuples(st.tuples(*[result_strategy(i) for i in range(n)]),
                                                     st.tuples(*[result_strategy(i) for i in range(n)]))))
def test_exactly_those_whose_grade_or_outcomes_differ_are_listed_with_the_difference(pair):
    before, after = pair
    changes = {c.official_id: c for c in rules.compare(before, after, names={})}
    for old, new in zip(before, after, strict=True):
        if old.grade == new.grade and old.outcomes == new.outcomes:
            assert old.official_id not in changes
            continue
        change = changes[old.official_id]
        assert (change.grade_before, change.grade_after) == (old.grade, new.grade)
        assert set(old.outcomes) - set(change.outcomes_removed) | set(change.outcomes_added) == set(new.outcomes)
    ranked = [c.rank_after for c in changes.values()]
    assert [c.rank_after for c in rules.compare(before, after, names={})] == sorted(
        ranked, key=lambda r: (r is None, r or 0))


def test_only_the_settings_that_score_require_scoring_again():
    base = {"weights": {"unit": 0.3}, "good_quota": 0.3, "letter_points": {"A": 95}}
    assert not rules.scoring_changed(base, {**base, "good_quota": 0.5})
    assert rules.scoring_changed(base, {**base, "letter_points": {"A": 90}})


def test_other_weights_over_the_stored_rounded_scores_would_differ_so_they_score_from_the_inputs():
    # Why rules.SCORING_KEYS holds the weights: a Result keeps pledge 62.75 and survey 78.76
    # (rounded) where the composite is made from 62.7466… and 78.7566…: 0.4 / 0.4 / 0.2 gives 72.21
    # from the exact scores and 72.22 from the stored ones.
    from fractions import Fraction

    from evaluations.scoring import composite, round_half_up

    weights = {"unit": Fraction(2, 5), "pledge": Fraction(2, 5), "survey": Fraction(1, 5)}
    unit, pledge, survey = Fraction(7841, 100), Fraction(4706, 75), Fraction(23627, 300)
    exact = composite(unit=unit, pledge=pledge, survey=survey, bonus=Fraction(0), weights=weights)
    stored = composite(unit=unit, pledge=Fraction(round_half_up(pledge)), survey=Fraction(round_half_up(survey)),
                       bonus=Fraction(0), weights=weights)
    assert (str(exact), str(stored)) == ("72.21", "72.22")
    assert rules.scoring_changed({"weights": {"unit": 0.3}}, {"weights": {"unit": 0.4}})
