"""surveys.rules: the ballot rules of SPEC section 10, exactly, without a database."""
from decimal import Decimal as D
from fractions import Fraction as F

from hypothesis import given
from hypothesis import strategies as st

from surveys import rules
from surveys.rules import Settings

S = Settings.of(None)
points = st.lists(st.sampled_from([100, 85, 70, 50]), max_size=30)


# --- settings ----------------------------------------------------------------------------------
def test_default_shares_stand_for_the_fractions_spec_names():
    assert S.min_turnout == F(2, 3)
    assert S.reverse_negative_limit == F(1, 3)
    assert S.valid_answer_share == F(1, 2)
    assert S.trim_at == 7 and S.political_threshold == 60


def test_a_share_that_is_no_simple_fraction_is_taken_as_written():
    assert rules.share(0.62) == F(31, 50)
    assert rules.share("0.7") == F(7, 10)
    assert rules.share(0.1429) == F(1, 7)


def test_missing_settings_take_their_defaults():
    assert Settings.of({"trim_at": 9}).min_turnout == F(2, 3)
    assert Settings.of({"trim_at": 9}).trim_at == 9


def test_bad_settings_are_named_by_key():
    problems = rules.settings_problems({"min_turnout": 1.5, "trim_at": 2.5, "political_threshold": "x",
                                        "colour": 1})
    assert set(problems) == {"min_turnout", "trim_at", "political_threshold", "colour"}
    assert rules.settings_problems(dict(rules.DEFAULT_SETTINGS)) == {}
    assert rules.settings_problems([1]) == {"settings": "测评参数格式不正确。"}


def test_default_scale_is_valid_and_bad_scales_are_refused():
    assert rules.scale_problems(list(rules.DEFAULT_SCALE)) == []
    assert rules.scale_problems([{"label": "好", "points": 100}, {"label": "不了解", "points": None}])
    assert rules.scale_problems([{"label": "好", "points": 100}, {"label": "差", "points": 50}])
    assert rules.scale_problems([{"label": "好", "points": 101}, {"label": "差", "points": 50},
                                 {"label": "不了解", "points": None}])
    assert rules.scale_problems("好")


# --- validity ----------------------------------------------------------------------------------
def test_a_ballot_with_exactly_half_known_answers_is_valid():
    assert rules.ballot_valid(known=5, total=10, valid_answer_share=S.valid_answer_share)
    assert not rules.ballot_valid(known=4, total=10, valid_answer_share=S.valid_answer_share)
    assert not rules.ballot_valid(known=0, total=0, valid_answer_share=S.valid_answer_share)


@given(st.integers(0, 200), st.integers(1, 200))
def test_validity_is_the_share_of_known_answers(known, total):
    known = min(known, total)
    assert rules.ballot_valid(known=known, total=total, valid_answer_share=F(1, 2)) == (2 * known >= total)


# --- item and group scores ---------------------------------------------------------------------
def test_item_score_by_hand_without_trimming():
    # 6 answers (< 7): (100 + 85 + 85 + 70 + 50 + 100) / 6 = 490 / 6 = 81.666… → 81.67
    score = rules.item_score([100, 85, 85, 70, 50, 100], trim_at=7)
    assert score == F(245, 3)
    assert rules.shown(score) == D("81.67")


def test_item_score_by_hand_with_trimming():
    # 7 answers: drop one 100 and the 50 → (100 + 85 + 85 + 70 + 70) / 5 = 410 / 5 = 82
    assert rules.item_score([100, 85, 85, 70, 50, 100, 70], trim_at=7) == 82


def test_an_item_nobody_answered_has_no_score_and_is_left_out_of_the_group():
    assert rules.item_score([], trim_at=7) is None
    assert rules.group_score([F(80), None, F(85)]) == F(165, 2)
    assert rules.group_score([None]) is None


def test_rounding_is_half_up_only_at_the_end():
    # (85 + 70) / 2 = 77.5 exactly; items 77.5 and 80.005 would round differently if rounded early
    scored = rules.score_items({"a": [85, 70], "b": [100, 70, 70]}, trim_at=7)
    assert scored.items == {"a": F(155, 2), "b": 80}
    assert rules.shown(scored.score) == D("78.75")
    assert rules.shown(F(160010, 2000)) == D("80.01")  # 80.005 → 80.01


@given(points, st.integers(3, 12))
def test_item_score_lies_between_the_lowest_and_highest_answer(values, trim_at):
    score = rules.item_score(values, trim_at=trim_at)
    if not values:
        assert score is None
    else:
        assert min(values) <= score <= max(values)


@given(points, st.integers(3, 12))
def test_trimming_drops_exactly_one_highest_and_one_lowest(values, trim_at):
    score = rules.item_score(values, trim_at=trim_at)
    if len(values) >= trim_at:
        kept = sorted(values)[1:-1]
        assert score == F(sum(kept), len(kept))
    elif values:
        assert score == F(sum(values), len(values))


@given(st.lists(st.fractions(0, 100), min_size=1, max_size=12))
def test_group_score_is_the_mean_of_its_items(items):
    assert rules.group_score(items) == sum(items, F(0)) / len(items)


@given(st.lists(st.sampled_from([100, 85, 70, 50]), min_size=1, max_size=30), st.integers(3, 12))
def test_the_item_score_does_not_depend_on_the_order_of_ballots(values, trim_at):
    assert rules.item_score(values, trim_at=trim_at) == rules.item_score(list(reversed(values)), trim_at=trim_at)


# --- turnout -----------------------------------------------------------------------------------
def test_four_valid_ballots_of_six_codes_reach_two_thirds():
    assert rules.turnout_met(valid=4, issued=6, min_turnout=S.min_turnout)
    assert not rules.turnout_met(valid=3, issued=6, min_turnout=S.min_turnout)
    assert not rules.turnout_met(valid=0, issued=0, min_turnout=S.min_turnout)


@given(st.integers(0, 300), st.integers(1, 300))
def test_turnout_is_two_thirds_of_the_codes_by_default(valid, issued):
    valid = min(valid, issued)
    assert rules.turnout_met(valid=valid, issued=issued, min_turnout=S.min_turnout) == (3 * valid >= 2 * issued)


# --- political ---------------------------------------------------------------------------------
def test_negative_share_by_hand():
    assert rules.negative_share(yes=1, no=3) == F(1, 4)
    assert rules.negative_share(yes=0, no=0) is None


def test_a_share_of_exactly_one_third_does_not_exceed_the_limit():
    share = rules.negative_share(yes=1, no=2)
    assert rules.proposed_qualified(score=F(80), shares=[share], settings=S) is True
    assert rules.proposed_qualified(score=F(80), shares=[rules.negative_share(yes=2, no=3)], settings=S) is False


def test_a_score_below_the_threshold_proposes_not_qualified_exactly():
    assert rules.proposed_qualified(score=F(5999, 100), shares=[], settings=S) is False
    assert rules.proposed_qualified(score=F(60), shares=[None], settings=S) is True
    # 59.996 shows as 60.00 but is below 60: the exact value decides
    assert rules.proposed_qualified(score=F(59996, 1000), shares=[], settings=S) is False


def test_without_a_score_nothing_is_proposed_unless_a_share_is_over_the_limit():
    assert rules.proposed_qualified(score=None, shares=[], settings=S) is None
    assert rules.proposed_qualified(score=None, shares=[F(1, 2)], settings=S) is False


@given(st.one_of(st.none(), st.fractions(0, 100)),
       st.lists(st.one_of(st.none(), st.fractions(0, 1)), max_size=5))
def test_qualified_is_proposed_only_with_a_score_at_the_threshold_and_no_share_over_the_limit(score, shares):
    proposal = rules.proposed_qualified(score=score, shares=shares, settings=S)
    over = any(s is not None and s > F(1, 3) for s in shares)
    if proposal is True:
        assert score is not None and score >= 60 and not over
    if over or (score is not None and score < 60):
        assert proposal is False
