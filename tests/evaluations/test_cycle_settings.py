"""Cycle settings validation (SPEC section 5), as a pure function: no database."""
import pytest

from cycles import cycle_settings
from cycles.cycle_settings import SettingsError, defaults, merge, validate


def errors_of(settings):
    with pytest.raises(SettingsError) as caught:
        validate(settings)
    return caught.value.errors


def test_defaults_are_the_spec_figures():
    d = defaults()
    assert d["weights"] == {"unit": 0.3, "pledge": 0.5, "survey": 0.2}
    assert d["grade_coefficients"] == {"A": 1.2, "B": 1.0, "C": 0.8}
    assert d["survey_weights"] == {"superior": 0.4, "peer": 0.3, "subordinate": 0.2, "public": 0.1}
    assert d["bonus_cap"] == 5
    assert (d["poor_threshold"], d["good_threshold"], d["good_quota"]) == (60, 85, 0.3)
    assert d["letter_points"] == {"A": 95, "B": 80, "C": 60}
    assert d["pledge_grade_thresholds"] == {"A": 8, "B": 6}
    assert d["exemplary_top"] == 10
    assert validate(d) == d


def test_defaults_are_a_fresh_copy_each_time():
    first = defaults()
    first["weights"]["unit"] = 0.9
    assert defaults()["weights"]["unit"] == 0.3


def test_weights_summing_to_one_in_decimal_are_accepted():
    # 0.1 + 0.2 + 0.7 is not 1.0 in binary floating point; settings compare as decimals.
    assert validate(merge(defaults(), {"weights": {"unit": 0.1, "pledge": 0.7, "survey": 0.2}}))


def test_weights_not_summing_to_one_are_refused():
    assert "weights" in errors_of(merge(defaults(), {"weights": {"unit": 0.3, "pledge": 0.5, "survey": 0.3}}))


def test_survey_weights_must_sum_to_one():
    bad = merge(defaults(), {"survey_weights": {"superior": 0.5}})
    assert "survey_weights" in errors_of(bad)


@pytest.mark.parametrize("value", [-0.1, 1.5, "x", None, True, float("nan")])
def test_weight_outside_zero_one_or_not_a_number_is_refused(value):
    bad = merge(defaults(), {"weights": {"unit": value}})
    assert "weights.unit" in errors_of(bad)


def test_missing_or_extra_weight_keys_are_refused():
    bad = defaults()
    bad["weights"] = {"unit": 0.5, "pledge": 0.5}
    assert "weights" in errors_of(bad)
    bad["weights"] = {"unit": 0.3, "pledge": 0.5, "survey": 0.2, "extra": 0}
    assert "weights" in errors_of(bad)


def test_poor_threshold_must_be_below_good_threshold():
    assert "poor_threshold" in errors_of(merge(defaults(), {"poor_threshold": 85, "good_threshold": 85}))
    assert validate(merge(defaults(), {"poor_threshold": 50, "good_threshold": 90}))


@pytest.mark.parametrize("key,value", [("poor_threshold", -1), ("good_threshold", 101), ("good_threshold", "high")])
def test_thresholds_lie_within_0_and_100(key, value):
    assert key in errors_of(merge(defaults(), {key: value}))


@pytest.mark.parametrize("value,ok", [(0, False), (-0.1, False), (0.0001, True), (1, True), (1.01, False)])
def test_good_quota_lies_in_zero_exclusive_to_one(value, ok):
    settings = merge(defaults(), {"good_quota": value})
    if ok:
        assert validate(settings)["good_quota"] == value
    else:
        assert "good_quota" in errors_of(settings)


@pytest.mark.parametrize("value", [0, -1])
def test_grade_coefficients_must_be_positive(value):
    assert "grade_coefficients.C" in errors_of(merge(defaults(), {"grade_coefficients": {"C": value}}))


def test_bonus_cap_may_be_zero_but_not_negative():
    assert validate(merge(defaults(), {"bonus_cap": 0}))["bonus_cap"] == 0
    assert "bonus_cap" in errors_of(merge(defaults(), {"bonus_cap": -1}))


def test_letter_points_within_0_and_100():
    assert "letter_points.A" in errors_of(merge(defaults(), {"letter_points": {"A": 101}}))


def test_letter_points_have_at_most_one_decimal_like_scores():
    assert validate(merge(defaults(), {"letter_points": {"A": 92.5}}))
    assert "letter_points.A" in errors_of(merge(defaults(), {"letter_points": {"A": 92.55}}))


def test_pledge_grade_thresholds_whole_numbers_with_b_not_above_a():
    assert "pledge_grade_thresholds" in errors_of(merge(defaults(), {"pledge_grade_thresholds": {"A": 6, "B": 7}}))
    assert "pledge_grade_thresholds.A" in errors_of(merge(defaults(), {"pledge_grade_thresholds": {"A": 7.5}}))
    assert "pledge_grade_thresholds.B" in errors_of(merge(defaults(), {"pledge_grade_thresholds": {"B": 2}}))


def test_exemplary_top_is_a_whole_number_of_at_least_one():
    assert "exemplary_top" in errors_of(merge(defaults(), {"exemplary_top": 0}))
    assert "exemplary_top" in errors_of(merge(defaults(), {"exemplary_top": 2.5}))


def test_publish_flags_are_booleans():
    assert "publish_scores" in errors_of(merge(defaults(), {"publish_scores": "yes"}))


def test_unknown_keys_are_refused():
    assert "colour" in errors_of(merge(defaults(), {"colour": "red"}))


def test_not_an_object_is_refused():
    assert "settings" in errors_of(["weights"])


def test_every_problem_is_reported_at_once():
    errors = errors_of(merge(defaults(), {"bonus_cap": -1, "good_quota": 2, "publish_scores": 1}))
    assert {"bonus_cap", "good_quota", "publish_scores"} <= set(errors)


def test_every_setting_has_a_label_for_reports():
    assert set(cycle_settings.LABELS) == set(cycle_settings.DEFAULTS)
