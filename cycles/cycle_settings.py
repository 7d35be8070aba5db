"""A cycle's settings (SPEC section 5): defaults and validation, as pure functions.

Settings are a JSON object stored on the Cycle. Clients may send a partial object: it is merged
over the cycle's current settings (or over the defaults for a new cycle), then validated whole.
Numbers are compared as Decimal built from their decimal text, so 0.3 + 0.5 + 0.2 sums to exactly 1.
"""
from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation

from core.rule_text import _, gettext_noop

DEFAULTS: dict = {
    # composite = w.unit × unit_score + w.pledge × pledge_score + w.survey × survey_score + bonus
    "weights": {"unit": 0.3, "pledge": 0.5, "survey": 0.2},
    # k(grade) in pledge_score
    "grade_coefficients": {"A": 1.2, "B": 1.0, "C": 0.8},
    # survey_score: weighted mean over the rater groups present, renormalized
    "survey_weights": {"superior": 0.4, "peer": 0.3, "subordinate": 0.2, "public": 0.1},
    "bonus_cap": 5,
    "poor_threshold": 60,
    "good_threshold": 85,
    "good_quota": 0.3,
    "exemplary_top": 10,
    # a quarterly letter counts as these points
    "letter_points": {"A": 95, "B": 80, "C": 60},
    # pledge grade from the sum of the three 1–3 ratings: sum ≥ A → A, sum ≥ B → B, else C
    "pledge_grade_thresholds": {"A": 8, "B": 6},
    "publish_scores": False,
    "publish_negative_outcomes": False,
    # officials appointed in the last N months of the year are suggested for 不确定等次 (new_in_post)
    "new_in_post_months": 6,
    # 复核申诉 (SPEC section 11): days an official has to appeal after a value is shown to them,
    # and days staff have to decide an appeal after it is filed
    "appeal_days": 30,
    "appeal_decide_days": 30,
}

# Labels for pages and the settings sheet of exports (marked here, translated where shown: label()).
LABELS: dict = {
    "weights": gettext_noop("四维权重（单位绩效 / 履职践诺 / 多维测评）"),
    "grade_coefficients": gettext_noop("践诺目标等级系数（A / B / C）"),
    "survey_weights": gettext_noop("多维测评权重（上级 / 同级 / 下级 / 服务对象）"),
    "bonus_cap": gettext_noop("正面清单加分上限"),
    "poor_threshold": gettext_noop("“较差”分数线（低于此分）"),
    "good_threshold": gettext_noop("“好”分数线（不低于此分）"),
    "good_quota": gettext_noop("“好”等次比例上限"),
    "exemplary_top": gettext_noop("“担当作为好干部”名额（按名次）"),
    "letter_points": gettext_noop("季度评级折算分（A / B / C）"),
    "pledge_grade_thresholds": gettext_noop("践诺目标评级阈值（三项评分之和）"),
    "publish_scores": gettext_noop("公示具体分数"),
    "publish_negative_outcomes": gettext_noop("公示负面结果"),
    "new_in_post_months": gettext_noop("任职不满几个月提示“不确定等次”（年末月数）"),
    "appeal_days": gettext_noop("申请复核期限（公布后天数）"),
    "appeal_decide_days": gettext_noop("复核办理期限（受理后天数）"),
}


class SettingsError(ValueError):
    """Carries {dotted.key: message} for every problem found."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def defaults() -> dict:
    return copy.deepcopy(DEFAULTS)


def _number(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def merge(current: dict, changes: dict) -> dict:
    """Return `current` with `changes` laid over it, one level deep for the grouped keys."""
    merged = copy.deepcopy(current)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def validate(settings: dict) -> dict:
    """Check a complete settings object; return it normalized or raise SettingsError.

    Rules: weights and survey weights each in [0, 1] and summing to exactly 1; thresholds in
    0–100 with poor < good; quota in (0, 1]; coefficients > 0; bonus cap ≥ 0; letter points in
    0–100 with at most one decimal place; pledge grade thresholds whole numbers in 3–9 with B ≤ A;
    exemplary_top a whole number ≥ 1; new_in_post_months a whole number in 0–12; appeal_days and
    appeal_decide_days whole numbers in 1–365.
    """
    if not isinstance(settings, dict):
        raise SettingsError({"settings": _("必须是一个对象。")})
    errors: dict[str, str] = {}
    unknown = sorted(set(settings) - set(DEFAULTS))
    for key in unknown:
        errors[key] = _("未知的设置项。")

    def group(key: str, low: Decimal, high: Decimal | None, *, low_open=False, sums_to_one=False):
        value = settings.get(key)
        expected = set(DEFAULTS[key])
        if not isinstance(value, dict) or set(value) != expected:
            errors[key] = _("必须包含且仅包含：%(keys)s。") % {"keys": _("、").join(sorted(expected))}
            return
        total = Decimal(0)
        for sub, raw in value.items():
            number = _number(raw)
            if number is None:
                errors[f"{key}.{sub}"] = _("必须是数字。")
                continue
            too_low = number <= low if low_open else number < low
            if too_low or (high is not None and number > high):
                if high is None:
                    above = _("须大于 %(low)s。") if low_open else _("须不小于 %(low)s。")
                    errors[f"{key}.{sub}"] = above % {"low": low}
                else:
                    bound = f"({low}, {high}]" if low_open else f"[{low}, {high}]"
                    errors[f"{key}.{sub}"] = _("取值须在 %(bound)s。") % {"bound": bound}
            total += number
        if sums_to_one and key not in errors and not any(k.startswith(f"{key}.") for k in errors):
            if total != 1:
                errors[key] = _("各项之和必须等于 1（现为 %(total)s）。") % {"total": total}

    group("weights", Decimal(0), Decimal(1), sums_to_one=True)
    group("survey_weights", Decimal(0), Decimal(1), sums_to_one=True)
    group("grade_coefficients", Decimal(0), None, low_open=True)
    group("letter_points", Decimal(0), Decimal(100))
    # Letter points stand in for scores, which have one decimal place.
    letter_points = settings.get("letter_points")
    for letter, raw in letter_points.items() if isinstance(letter_points, dict) else []:
        number = _number(raw)
        if number is not None and number != number.quantize(Decimal("0.1")):
            errors.setdefault(f"letter_points.{letter}", _("最多一位小数。"))

    def scalar(key: str, low: Decimal, high: Decimal | None, *, low_open=False, whole=False):
        number = _number(settings.get(key))
        if number is None or (whole and number != number.to_integral_value()):
            errors[key] = _("必须是整数。") if whole else _("必须是数字。")
            return None
        if (number <= low if low_open else number < low) or (high is not None and number > high):
            bound = f"{'(' if low_open else '['}{low}, {high if high is not None else '∞'}]"
            errors[key] = _("取值须在 %(bound)s。") % {"bound": bound}
            return None
        return number

    poor = scalar("poor_threshold", Decimal(0), Decimal(100))
    good = scalar("good_threshold", Decimal(0), Decimal(100))
    if poor is not None and good is not None and not poor < good:
        errors["poor_threshold"] = _("“较差”分数线必须低于“好”分数线。")
    scalar("good_quota", Decimal(0), Decimal(1), low_open=True)
    scalar("bonus_cap", Decimal(0), None)
    scalar("exemplary_top", Decimal(1), None, whole=True)
    scalar("new_in_post_months", Decimal(0), Decimal(12), whole=True)
    scalar("appeal_days", Decimal(1), Decimal(365), whole=True)
    scalar("appeal_decide_days", Decimal(1), Decimal(365), whole=True)

    thresholds = settings.get("pledge_grade_thresholds")
    if not isinstance(thresholds, dict) or set(thresholds) != {"A", "B"}:
        errors["pledge_grade_thresholds"] = _("必须包含且仅包含：A、B。")
    else:
        a, b = _number(thresholds["A"]), _number(thresholds["B"])
        for sub, number in (("A", a), ("B", b)):
            if number is None or number != number.to_integral_value() or not 3 <= number <= 9:
                errors[f"pledge_grade_thresholds.{sub}"] = _("必须是 3 到 9 之间的整数。")
        if "pledge_grade_thresholds.A" not in errors and "pledge_grade_thresholds.B" not in errors:
            if b > a:
                errors["pledge_grade_thresholds"] = _("B 级阈值不能高于 A 级阈值。")

    for key in ("publish_scores", "publish_negative_outcomes"):
        if not isinstance(settings.get(key), bool):
            errors[key] = _("必须是 true 或 false。")

    if errors:
        raise SettingsError(errors)
    return copy.deepcopy(settings)


def _text(value) -> str:
    """A setting value as a person reads it: 0.30 → 0.3, 5.0 → 5, True → 是."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


SETTING_PARTS = {
    "weights": {"unit": gettext_noop("单位绩效"), "pledge": gettext_noop("履职践诺"),
                "survey": gettext_noop("多维测评")},
    "survey_weights": {"superior": gettext_noop("上级"), "peer": gettext_noop("同级"),
                       "subordinate": gettext_noop("下级"), "public": gettext_noop("服务对象")},
    "grade_coefficients": {"A": "A", "B": "B", "C": "C"},
    "letter_points": {"A": "A", "B": "B", "C": "C"},
    "pledge_grade_thresholds": {"A": "A ≥", "B": "B ≥"},
}


def label(key: str) -> str:
    """A setting's label in the reader's language (the key itself for an unknown setting)."""
    return _(LABELS[key]) if key in LABELS else key


def display_percent(value) -> str:
    """A share as a percentage without trailing zeros: 0.3 → 30%."""
    return f"{_text(Decimal(str(value)) * 100)}%"


def display_rows(settings: dict) -> list[tuple[str, str]]:
    """Every cycle setting as (label, value as text), in the order of the defaults."""
    rows = []
    for key in DEFAULTS:
        value = settings.get(key)
        if isinstance(value, dict):
            parts = SETTING_PARTS.get(key, {})
            text = " / ".join(f"{_(parts.get(k, k))} {_text(v)}" for k, v in value.items())
        elif key == "good_quota" and value is not None:
            text = _("%(value)s（%(percent)s）") % {"value": _text(value), "percent": display_percent(value)}
        else:
            text = _text(value)
        rows.append((label(key), text))
    return rows
