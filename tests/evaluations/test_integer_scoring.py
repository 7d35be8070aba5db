"""evaluations.scoring.IntegerScorer (what a compute uses) against score_official, the Fraction
reference, on random inputs and settings: the same composite, dimension scores rounded for
display, veto, missing items and exemption, to the last digit."""
import itertools
from decimal import Decimal as D

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cycles.cycle_settings import defaults
from evaluations import scoring
from evaluations.scoring import OfficialInput, PendingReview, PledgeInput


def decimals(places: int, high: int = 100):
    """Decimals in [0, high] with `places` decimal places, as the model fields give them."""
    return st.integers(0, high * 10 ** places).map(lambda n: D(n).scaleb(-places))


def split_of_one(parts: int):
    """`parts` weights in [0, 1] that sum to exactly 1, with up to 4 decimal places, as floats
    (settings come from JSON) or Decimals."""
    def build(cuts, as_float):
        bounds = [0, *sorted(cuts), 10_000]
        values = [D(b - a).scaleb(-4) for a, b in itertools.pairwise(bounds)]
        return [float(v) if as_float else v for v in values]
    return st.builds(build, st.lists(st.integers(0, 10_000), min_size=parts - 1, max_size=parts - 1), st.booleans())


@st.composite
def cycle_settings(draw):
    s = defaults()
    s["weights"] = dict(zip(("unit", "pledge", "survey"), draw(split_of_one(3)), strict=True))
    s["survey_weights"] = dict(zip(scoring.RATER_GROUPS, draw(split_of_one(4)), strict=True))
    s["grade_coefficients"] = {g: float(draw(decimals(3, 3)) or D("0.001")) for g in "ABC"}
    s["bonus_cap"] = draw(st.sampled_from([5, 0, 2.5, 7.25, D("3.33")]))
    return s


@st.composite
def pledges(draw):
    count = draw(st.integers(0, 4))
    total = sum((draw(decimals(1)) for _ in range(count)), D(0))
    required = tuple(range(1, draw(st.integers(0, 4)) + 1))
    scored = frozenset(draw(st.sets(st.integers(1, 4), max_size=count)))
    return PledgeInput(draw(st.sampled_from("ABC")), total, count, draw(st.integers(1, 99)), "目标", required, scored)


@st.composite
def officials(draw):
    return OfficialInput(
        official_id=draw(st.integers(1, 10**6)), name="干部",
        pledges=tuple(draw(st.lists(pledges(), max_size=4))),
        unit_score=draw(st.none() | decimals(2)),
        surveys=draw(st.dictionaries(st.sampled_from(scoring.RATER_GROUPS), st.none() | decimals(2), max_size=4)),
        political_qualified=draw(st.none() | st.booleans()),
        positive_points=tuple(draw(st.lists(decimals(2, 3), max_size=8))),
        negative_entries=draw(st.integers(0, 2)),
        pending=tuple(draw(st.lists(st.builds(PendingReview, st.integers(1, 99), st.just("目标"), st.booleans()),
                                    max_size=1))),
        exempt_reason=draw(st.sampled_from(["", "", "", "", "new_in_post"])),
    )


def reference(o: OfficialInput, prepared) -> scoring.Scored:
    s = scoring.score_official(o, prepared)
    shown = [None if v is None else scoring.round_half_up(v) for v in (s.unit_score, s.pledge_score, s.survey_score)]
    s.unit_score, s.pledge_score, s.survey_score = shown
    s.bonus = scoring.round_half_up(s.bonus)
    return s


HALF = OfficialInput(1, "甲", (PledgeInput("A", D("250.0"), 3, 1, "目标", (1, 2, 3), frozenset({1, 2, 3})),),
                     D("80.05"), {"superior": D("79.95"), "public": D("12.34")}, True, (D("1.00"),))


@settings(max_examples=400, deadline=None)
@given(officials(), cycle_settings())
@example(HALF, defaults())
def test_integer_scorer_gives_exactly_what_score_official_gives(o, cycle_settings):
    prepared = scoring.prepare(cycle_settings)
    assert scoring.IntegerScorer(prepared).score(o) == reference(o, prepared)


@settings(max_examples=200, deadline=None)
@given(st.lists(officials(), min_size=1, max_size=20), cycle_settings())
def test_one_scorer_serves_a_whole_cycle(inputs, cycle_settings):
    """Its caches of converted values carry nothing from one official to the next."""
    prepared = scoring.prepare(cycle_settings)
    scorer = scoring.IntegerScorer(prepared)
    assert [scorer.score(o) for o in inputs] == [reference(o, prepared) for o in inputs]


def test_a_composite_exactly_halfway_rounds_up():
    # 0.3 × 80.15 + 0.5 × 90 + 0.2 × 70 = 24.045 + 45 + 14 = 83.045 exactly → 83.05 (half-up, not to even)
    s = defaults()
    o = OfficialInput(1, "甲", (PledgeInput("B", D("90.0"), 1),), D("80.15"), {"peer": D("70")}, True)
    assert scoring.IntegerScorer(scoring.prepare(s)).score(o).composite == D("83.05")
