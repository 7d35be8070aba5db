"""Ballot rules (SPEC section 10) as pure functions of plain values: no Django, no clock.

Arithmetic is exact (Fractions); only what is shown or stored is rounded, half-up to 2 decimals,
at the end (`shown`). Thresholds are compared with the exact values, as the composite score does
(evaluations.scoring): rounding never moves an official across a threshold.

- A ballot is valid when at least `valid_answer_share` of its answers are not 不了解
  (`ballot_valid`).
- Per official, rater group and item: the mean of the points of the valid ballots' answers
  (不了解 left out); when there are ≥ `trim_at` such answers, one highest and one lowest are
  dropped first (`item_score`). The group's score is the mean of its item scores (`group_score`).
- A group counts only if its valid ballots ≥ `min_turnout` × codes issued to it (`turnout_met`).
- Political: the political score is the same rule over the positive items with the answers of
  every group that counts pooled; a reverse item's negative share is 是 / (是 + 否)
  (`negative_share`); `qualified = False` is proposed when the score < `political_threshold` or
  any negative share > `reverse_negative_limit` (`proposed_qualified`).

Shares (valid_answer_share, min_turnout, reverse_negative_limit) are written to four decimals in
the settings; a value within 0.00005 of a simple fraction (denominator ≤ 12) stands for that
fraction, so the default 0.6667 is SPEC's 2/3 (4 valid ballots of 6 codes count) and 0.3333 is
1/3 (a share of exactly 1/3 does not exceed it) — see `share`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from core.rule_text import _, gettext_noop
from evaluations.scoring import round_half_up

DEFAULT_SETTINGS = {
    "valid_answer_share": 0.5,
    "min_turnout": 0.6667,
    "trim_at": 7,
    "political_threshold": 60,
    "reverse_negative_limit": 0.3333,
}
UNKNOWN_LABEL = gettext_noop("不了解")
# The choices of a positive item; the last, without points, is 不了解 (no answer).
DEFAULT_SCALE = (
    {"label": gettext_noop("好"), "points": 100},
    {"label": gettext_noop("较好"), "points": 85},
    {"label": gettext_noop("一般"), "points": 70},
    {"label": gettext_noop("差"), "points": 50},
    {"label": UNKNOWN_LABEL, "points": None},
)
# A reverse item's choices: 是 is a negative sign.
YES, NO = "yes", "no"
REVERSE_CHOICES = ((YES, gettext_noop("是")), (NO, gettext_noop("否")), ("", UNKNOWN_LABEL))

SHARE_KEYS = ("valid_answer_share", "min_turnout", "reverse_negative_limit")
_SNAP = Fraction(1, 20000)  # half of the fourth decimal


def share(value) -> Fraction:
    """A share from the settings as an exact Fraction: the simple fraction (denominator ≤ 12) a
    four-decimal value rounds, else the value itself (0.6667 → 2/3, 0.5 → 1/2, 0.62 → 31/50)."""
    exact = Fraction(str(value))
    simple = exact.limit_denominator(12)
    return simple if abs(simple - exact) < _SNAP else exact


@dataclass(frozen=True)
class Settings:
    valid_answer_share: Fraction
    min_turnout: Fraction
    trim_at: int
    political_threshold: Fraction
    reverse_negative_limit: Fraction

    @classmethod
    def of(cls, raw: Mapping | None) -> "Settings":
        """The settings of a survey (its JSON), each missing key taking its default."""
        values = {**DEFAULT_SETTINGS, **(raw or {})}
        return cls(
            valid_answer_share=share(values["valid_answer_share"]),
            min_turnout=share(values["min_turnout"]),
            trim_at=int(values["trim_at"]),
            political_threshold=Fraction(str(values["political_threshold"])),
            reverse_negative_limit=share(values["reverse_negative_limit"]),
        )


def _number(value) -> Fraction | None:
    if isinstance(value, bool):
        return None
    try:
        return Fraction(str(value))
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def settings_problems(raw) -> dict[str, str]:
    """What is wrong with a survey's settings, as {key: message}; empty when they may be saved.
    Shares are in (0, 1]; trim_at is a whole number ≥ 3 (two answers are dropped); the political
    threshold is 0–100. Unknown keys are refused."""
    if not isinstance(raw, Mapping):
        return {"settings": _("测评参数格式不正确。")}
    problems = {}
    for key in raw:
        if key not in DEFAULT_SETTINGS:
            problems[key] = _("未知的测评参数。")
    for key in SHARE_KEYS:
        if key in raw:
            value = _number(raw[key])
            if value is None or not 0 < value <= 1:
                problems[key] = _("须为大于 0、不超过 1 的比例。")
    if "trim_at" in raw:
        value = _number(raw["trim_at"])
        if value is None or value.denominator != 1 or value < 3:
            problems["trim_at"] = _("须为不小于 3 的整数。")
    if "political_threshold" in raw:
        value = _number(raw["political_threshold"])
        if value is None or not 0 <= value <= 100:
            problems["political_threshold"] = _("须在 0 到 100 之间。")
    return problems


def scale_problems(scale) -> list[str]:
    """What is wrong with a scale [{label, points}]: at least two choices with points (whole
    numbers 0–100, labels and points distinct), and exactly one 不了解 (points null), last."""
    if not isinstance(scale, Sequence) or isinstance(scale, str | bytes):
        return [_("评价档次格式不正确。")]
    problems = []
    labels, points = [], []
    for n, choice in enumerate(scale, start=1):
        if not isinstance(choice, Mapping) or set(choice) != {"label", "points"}:
            problems.append(_("第 %(n)s 档：须有名称（label）和分值（points）。") % {"n": n})
            continue
        label = choice["label"]
        if not isinstance(label, str) or not label.strip() or len(label) > 20:
            problems.append(_("第 %(n)s 档：名称须为 1–20 个字。") % {"n": n})
        labels.append(label)
        value = choice["points"]
        if value is None:
            if n != len(scale):
                problems.append(_("“不了解”（分值为空）须是最后一档。"))
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            problems.append(_("第 %(n)s 档：分值须为 0 到 100 的整数。") % {"n": n})
        points.append(value)
    if not problems:
        if len(points) < 2:
            problems.append(_("至少要有两档有分值的评价。"))
        if len(points) == len(scale):
            problems.append(_("最后一档须是“不了解”（分值为空）。"))
        if len(set(labels)) != len(labels) or len(set(points)) != len(points):
            problems.append(_("各档的名称和分值不能重复。"))
    return problems


def ballot_valid(*, known: int, total: int, valid_answer_share: Fraction) -> bool:
    """A ballot is valid when it has answers and at least `valid_answer_share` of them are not
    不了解 (`known` of `total`); exactly the share is enough."""
    return total > 0 and known >= valid_answer_share * total


def item_score(points: Sequence[int | Fraction], *, trim_at: int) -> Fraction | None:
    """The exact mean of the answers' points (不了解 already left out), after dropping one highest
    and one lowest when there are ≥ trim_at of them; None when there is none."""
    values = sorted(Fraction(p) for p in points)
    if not values:
        return None
    if len(values) >= trim_at:
        values = values[1:-1]
    return sum(values, Fraction(0)) / len(values)


def group_score(item_scores: Iterable[Fraction | None]) -> Fraction | None:
    """The mean of the item scores that exist (an item nobody answered is left out); None when
    none exists."""
    present = [s for s in item_scores if s is not None]
    return sum(present, Fraction(0)) / len(present) if present else None


def turnout_met(*, valid: int, issued: int, min_turnout: Fraction) -> bool:
    """A group counts when its valid ballots reach `min_turnout` × the codes issued to it (and it
    had codes)."""
    return issued > 0 and valid >= min_turnout * issued


def negative_share(*, yes: int, no: int) -> Fraction | None:
    """A reverse item's negative share 是 / (是 + 否); None when nobody answered 是 or 否."""
    return Fraction(yes, yes + no) if yes + no else None


def proposed_qualified(*, score: Fraction | None, shares: Iterable[Fraction | None],
                       settings: Settings) -> bool | None:
    """`False` when the political score < the threshold or any negative share > the limit;
    `True` otherwise; None (nothing to propose) when there is no score and no share over the
    limit."""
    over = any(s is not None and s > settings.reverse_negative_limit for s in shares)
    if over:
        return False
    if score is None:
        return None
    return score >= settings.political_threshold


@dataclass(frozen=True)
class Scored:
    """A group's (or a pooled political) score with its item scores, exact."""

    score: Fraction | None
    items: dict[str, Fraction | None]


def score_items(points_by_item: Mapping[str, Sequence[int]], *, trim_at: int) -> Scored:
    """Item scores and their mean for one official from the answers' points per item code."""
    items = {code: item_score(points, trim_at=trim_at) for code, points in points_by_item.items()}
    return Scored(score=group_score(items.values()), items=items)


def shown(value: Fraction | None, places: str = "0.01") -> Decimal | None:
    """The value rounded half-up for storing and showing (2 decimals unless told)."""
    return None if value is None else round_half_up(value, Decimal(places))
