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
