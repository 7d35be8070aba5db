"""The composite score (四维考评, SPEC section 4) as pure functions of plain values.

Arithmetic is exact: values enter as Decimal (or int), are combined as Fractions, and only the
composite is rounded — half-up to 2 decimals — so no intermediate rounding or binary floating
point can move an official across a threshold. Dimension scores are reported rounded half-up to
2 decimals for display; the composite is computed from the exact values, not from those.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from core.rule_text import gettext_noop  # marks a msgid; pages translate it when shown

TWO_PLACES = Decimal("0.01")

RATER_GROUPS = ("superior", "peer", "subordinate", "public")

# Codes of missing inputs (SPEC section 4: no approved pledge; an approved pledge without a score
# for one of the quarters its milestones span; a pledge or revision still waiting for review; no
# unit score; no survey; no political review).
MISSING_PLEDGE = "no_approved_pledge"
MISSING_PLEDGE_SCORE = "pledge_without_score"
MISSING_PENDING_REVIEW = "pledge_pending_review"
MISSING_UNIT_SCORE = "no_unit_score"
MISSING_SURVEY = "no_survey"
MISSING_POLITICAL_REVIEW = "no_political_review"



MISSING_LABELS = {
    MISSING_PLEDGE: gettext_noop("没有已通过的履职践诺目标"),
    MISSING_PLEDGE_SCORE: gettext_noop("有履职践诺目标缺少季度评分"),
    MISSING_PENDING_REVIEW: gettext_noop("有履职践诺目标或目标调整等待审核"),
    MISSING_UNIT_SCORE: gettext_noop("所在单位没有综合绩效考核分"),
    MISSING_SURVEY: gettext_noop("没有多维测评分"),
    MISSING_POLITICAL_REVIEW: gettext_noop("没有政治素质测评"),
}
# The texts of one missing item (evaluations.labels shows them translated).
MISSING_QUARTERS = gettext_noop("“%(title)s”缺少第 %(quarters)s 季度评分")
MISSING_QUARTERS_SEPARATOR = gettext_noop("、")
MISSING_ALL_QUARTERS = gettext_noop("“%(title)s”没有季度评分")
PENDING_REVISION = gettext_noop("“%(title)s”的目标调整等待审核")
PENDING_PLEDGE = gettext_noop("“%(title)s”等待审核")


_EXACT: dict = {}  # scores repeat (0–100 in hundredths): convert each distinct value once


def exact(value) -> Fraction:
    """A number as an exact Fraction. Scores arrive as Decimal; settings arrive from JSON, where
    0.3 is a float: a float is read as the shortest decimal that prints as it (its repr), i.e.
    the number that was written, so 0.3 means 3/10 and not 0.299999999999999988897…"""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool) or value is None:
        raise TypeError(f"not a number: {value!r}")
    cached = _EXACT.get((type(value), value))
    if cached is None:
        cached = Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(Decimal(value))
        if len(_EXACT) < 100_000:
            _EXACT[(type(value), value)] = cached
    return cached


def prepare(settings: Mapping) -> dict:
    """The cycle settings with every number as an exact Fraction, converted once per compute."""
    def convert(value):
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return exact(value)
        return value

    return convert(settings)


def round_half_up(value: Fraction | Decimal, places: Decimal = TWO_PLACES) -> Decimal:
    """Round half away from zero (our scores are ≥ 0, so half-up) to `places`."""
    if isinstance(value, Fraction):
        # Exact, in integers: floor(value × scale + 1/2) / scale.
        scale = 10 ** -places.as_tuple().exponent
        integer = (2 * value.numerator * scale + value.denominator) // (2 * value.denominator)
        return Decimal(integer).scaleb(places.as_tuple().exponent)
    return value.quantize(places, rounding=ROUND_HALF_UP)


def score_points(*, score, letter: str | None, letter_points: Mapping[str, object]) -> Fraction:
    """A quarterly score's points: the points entered, or the letter's points (A/B/C) under the
    cycle's `letter_points` (default A = 95, B = 80, C = 60)."""
    if letter:
        return exact(letter_points[letter])
    if score is None:
        raise ValueError("a quarterly score has points or a letter")
    return exact(score)


def completion(points: Sequence[Fraction]) -> Fraction | None:
    """comp(p): the mean of a pledge's quarterly points; None when it has none."""
    if not points:
        return None
    return sum(points, Fraction(0)) / len(points)


@dataclass(frozen=True, slots=True)
class PledgeInput:
    """An approved pledge: its grade and its quarterly points, given as their total and count
    (so a loader can sum in the database); comp(p) = total / count."""

    grade: str  # "A", "B" or "C"
    total: object = 0  # sum of its quarterly points
    count: int = 0  # number of quarterly scores
    pledge_id: int = 0
    title: str = ""
    # The quarters that must have a score (those its milestones span) and those that have one.
    # With no required quarters given, a pledge only needs one score.
    required: tuple[int, ...] = ()
    scored: frozenset[int] = frozenset()

    @classmethod
    def of(cls, grade: str, points: Sequence[object]) -> "PledgeInput":
        return cls(grade, sum((exact(p) for p in points), Fraction(0)), len(points))

    @property
    def completion(self) -> Fraction | None:
        return exact(self.total) / self.count if self.count else None

    @property
    def unscored(self) -> list[int]:
        """The required quarters without a score (all of them, as [], when none is required but
        the pledge has no score at all: then `count` tells)."""
        return [q for q in self.required if q not in self.scored]

    @property
    def complete(self) -> bool:
        return bool(self.count) and not self.unscored


@dataclass(frozen=True, slots=True)
class PendingReview:
    """A pledge of the official still waiting for review, or a revision of one (SPEC: it makes
    the official incomplete until staff decide)."""

    pledge_id: int
    title: str
    revision: bool = False


@dataclass(frozen=True, slots=True)
class MissingItem:
    """One thing that keeps an official from being ranked: a MISSING_* code, and for a pledge its
    id, title and the quarters without a score."""

    code: str
    pledge_id: int | None = None
    title: str = ""
    quarters: tuple[int, ...] = ()
    revision: bool = False  # a pending revision, not a pending pledge

    @property
    def message(self) -> str:
        if self.code == MISSING_PLEDGE_SCORE:
            if self.quarters:
                return MISSING_QUARTERS % {"title": self.title, "quarters": MISSING_QUARTERS_SEPARATOR.join(
                    str(q) for q in self.quarters)}
            return MISSING_ALL_QUARTERS % {"title": self.title}
        if self.code == MISSING_PENDING_REVIEW:
            return (PENDING_REVISION if self.revision else PENDING_PLEDGE) % {"title": self.title}
        return MISSING_LABELS[self.code]

    def as_dict(self) -> dict:
        return {"code": self.code, "pledge": self.pledge_id, "pledge_title": self.title,
                "quarters": list(self.quarters), "message": self.message}


def pledge_score(pledges: Iterable[PledgeInput], coefficients: Mapping[str, object]) -> Fraction | None:
    """pledge_score(o): mean over the approved pledges of k(grade) × comp(p), with
    k(A) = 1.2, k(B) = 1.0, k(C) = 0.8 by default (so it may exceed 100). None when any pledge
    has no score or there is no pledge."""
    pairs = []
    for pledge in pledges:
        if not pledge.count:
            return None
        k = exact(coefficients[pledge.grade])
        # k × total / count, as the pair (k / count, total) for one exact weighted sum
        pairs.append((Fraction(k.numerator, k.denominator * pledge.count), exact(pledge.total)))
    if not pairs:
        return None
    total = _weighted_sum(pairs)
    return Fraction(total.numerator, total.denominator * len(pairs))


def survey_score(scores: Mapping[str, object], weights: Mapping[str, object]) -> Fraction | None:
    """survey_score(o): weighted mean of the rater groups present (superior 0.4, peer 0.3,
    subordinate 0.2, public 0.1 by default), the weights renormalized over the groups present.
    None when no group is present. A group whose weight is 0 counts for nothing; if only such
    groups are present, their plain mean is used."""
    present = {group: exact(value) for group, value in scores.items() if value is not None}
    if not present:
        return None
    total_weight = _weighted_sum((exact(weights[g]), Fraction(1)) for g in present)
    if total_weight == 0:
        return sum(present.values(), Fraction(0)) / len(present)
    return _weighted_sum((exact(weights[g]), v) for g, v in present.items()) / total_weight


def _weighted_sum(pairs) -> Fraction:
    """Σ w × v, exactly, over a common denominator in plain integers (a Fraction sum would
    reduce by gcd at every step; this reduces once)."""
    numerator, denominator = 0, 1
    for w, v in pairs:
        term_num, term_den = w.numerator * v.numerator, w.denominator * v.denominator
        numerator, denominator = numerator * term_den + term_num * denominator, denominator * term_den
    return Fraction(numerator, denominator)


def bonus(points: Iterable[object], cap) -> Fraction:
    """bonus(o) = min(cap, sum of the points of o's positive list entries); cap 5 by default."""
    return min(exact(cap), sum((exact(p) for p in points), Fraction(0)))


def composite(*, unit: Fraction, pledge: Fraction, survey: Fraction, bonus: Fraction,
              weights: Mapping[str, object]) -> Decimal:
    """composite = w_unit × unit_score + w_pledge × pledge_score + w_survey × survey_score + bonus
    (0.3 / 0.5 / 0.2 by default), rounded half-up to 2 decimals."""
    value = _weighted_sum(((exact(weights["unit"]), unit), (exact(weights["pledge"]), pledge),
                           (exact(weights["survey"]), survey), (Fraction(1), bonus)))
    return round_half_up(value)


@dataclass(frozen=True, slots=True)
class OfficialInput:
    """Everything the engine needs about one official in one cycle, as plain values."""

    official_id: int
    name: str
    pledges: tuple[PledgeInput, ...]
    unit_score: object | None
    surveys: Mapping[str, object]
    political_qualified: bool | None  # None: no political review yet
    positive_points: tuple[object, ...] = ()
    negative_entries: int = 0
    pending: tuple[PendingReview, ...] = ()
    exempt_reason: str = ""  # 不确定等次: not ranked, not graded, never incomplete


@dataclass(slots=True)
class Scored:
    """The engine's answer for one official (before grading)."""

    official_id: int
    name: str
    unit_score: Fraction | None
    pledge_score: Fraction | None
    survey_score: Fraction | None
    bonus: Fraction
    veto: bool
    composite: Decimal | None
    missing: list[str] = field(default_factory=list)
    missing_detail: list[MissingItem] = field(default_factory=list)
    exempt_reason: str = ""

    @property
    def complete(self) -> bool:
        """Ranked and graded: nothing missing and not exempt."""
        return not self.missing and not self.exempt_reason


def missing_items(o: OfficialInput) -> list[MissingItem]:
    """What keeps an official from being ranked, item by item (in MISSING_LABELS order): no
    approved pledge; each approved pledge without a score for a quarter it must be scored in
    (named with its quarters); each pledge or revision waiting for review; no unit score; no
    survey; no political review."""
    items = []
    if not o.pledges:
        items.append(MissingItem(MISSING_PLEDGE))
    for p in o.pledges:
        if not p.complete:
            items.append(MissingItem(MISSING_PLEDGE_SCORE, p.pledge_id or None, p.title, tuple(p.unscored)))
    for r in o.pending:
        items.append(MissingItem(MISSING_PENDING_REVIEW, r.pledge_id, r.title, revision=r.revision))
    if o.unit_score is None:
        items.append(MissingItem(MISSING_UNIT_SCORE))
    if not any(v is not None for v in o.surveys.values()):
        items.append(MissingItem(MISSING_SURVEY))
    if o.political_qualified is None:
        items.append(MissingItem(MISSING_POLITICAL_REVIEW))
    return items


def missing_inputs(o: OfficialInput) -> list[str]:
    """The codes of missing_items, each once, in MISSING_LABELS order."""
    codes = {item.code for item in missing_items(o)}
    return [code for code in MISSING_LABELS if code in codes]


def is_vetoed(o: OfficialInput) -> bool:
    """veto(o) (一票否决): any negative list entry, or a political review `qualified = false`."""
    return o.negative_entries > 0 or o.political_qualified is False


def score_official(o: OfficialInput, settings: Mapping) -> Scored:
    """All four dimensions, bonus, veto and composite of one official; the composite is None
    when an input is missing (the official is then incomplete: listed, not ranked) and when the
    official is exempt (不确定等次: listed with the reason, nothing missing, not ranked)."""
    unit = exact(o.unit_score) if o.unit_score is not None else None
    pledge = pledge_score(o.pledges, settings["grade_coefficients"])
    survey = survey_score(o.surveys, settings["survey_weights"])
    extra = bonus(o.positive_points, settings["bonus_cap"])
    if o.exempt_reason:
        return Scored(o.official_id, o.name, unit, pledge, survey, extra, is_vetoed(o), None,
                      exempt_reason=o.exempt_reason)
    items = missing_items(o)
    codes = {item.code for item in items}
    missing = [code for code in MISSING_LABELS if code in codes]
    value = None
    if not missing:
        value = composite(unit=unit, pledge=pledge, survey=survey, bonus=extra, weights=settings["weights"])
    return Scored(o.official_id, o.name, unit, pledge, survey, extra, is_vetoed(o), value, missing, items)


class IntegerScorer:
    """score_official for a whole cycle, in plain integers: the same Scored, except that the
    dimension scores come rounded for display (round_half_up) — what a compute stores.

    Exact like score_official: every number is read as an exact ratio of two integers (the
    inputs are Decimals, the settings exact() values) and combined over a common denominator,
    and only the composite is rounded, in integers. No Fraction is made per official (a Fraction
    reduces by gcd at every step), and each distinct input value is converted once. A hypothesis
    test compares it with score_official on random inputs and settings."""

    def __init__(self, settings: Mapping):
        self._ratios: dict = {}
        self._shown: dict = {}
        ratio = self.ratio
        self.coefficients = {g: ratio(v) for g, v in settings["grade_coefficients"].items()}
        self.survey_weights = {g: ratio(v) for g, v in settings["survey_weights"].items()}
        self.weights = [ratio(settings["weights"][k]) for k in ("unit", "pledge", "survey")]
        self.cap = ratio(settings["bonus_cap"])

    def ratio(self, value) -> tuple[int, int]:
        """A number as (numerator, denominator), each distinct value converted once."""
        cached = self._ratios.get(value)
        if cached is None:
            number = exact(value)
            cached = (number.numerator, number.denominator)
            if len(self._ratios) < 100_000:
                self._ratios[value] = cached
        return cached

    def shown(self, numerator: int, denominator: int) -> Decimal:
        """round_half_up(numerator / denominator), in integers."""
        integer = (200 * numerator + denominator) // (2 * denominator)
        cached = self._shown.get(integer)
        if cached is None:
            cached = self._shown[integer] = Decimal(integer).scaleb(-2)
        return cached

    def pledge(self, pledges: Sequence[PledgeInput]) -> tuple[int, int] | None:
        """pledge_score as (numerator, denominator): Σ k × total / count, over len × 1."""
        if not pledges:
            return None
        numerator, denominator = 0, 1
        for p in pledges:
            if not p.count:
                return None
            kn, kd = self.coefficients[p.grade]
            tn, td = self.ratio(p.total)
            term_den = kd * td * p.count
            numerator, denominator = numerator * term_den + kn * tn * denominator, denominator * term_den
        return numerator, denominator * len(pledges)

    def survey(self, scores: Mapping[str, object]) -> tuple[int, int] | None:
        """survey_score as (numerator, denominator), weights renormalized over the groups present."""
        weighted_num, weighted_den, weight_num, weight_den, plain_num, plain_den, present = 0, 1, 0, 1, 0, 1, 0
        for group, value in scores.items():
            if value is None:
                continue
            present += 1
            vn, vd = self.ratio(value)
            wn, wd = self.survey_weights[group]
            weighted_num, weighted_den = weighted_num * wd * vd + wn * vn * weighted_den, weighted_den * wd * vd
            weight_num, weight_den = weight_num * wd + wn * weight_den, weight_den * wd
            plain_num, plain_den = plain_num * vd + vn * plain_den, plain_den * vd
        if not present:
            return None
        if weight_num == 0:
            return plain_num, plain_den * present
        # (weighted_num / weighted_den) / (weight_num / weight_den)
        return weighted_num * weight_den, weighted_den * weight_num

    def bonus(self, points: Iterable[object]) -> tuple[int, int]:
        numerator, denominator = 0, 1
        for value in points:
            pn, pd = self.ratio(value)
            numerator, denominator = numerator * pd + pn * denominator, denominator * pd
        cap_num, cap_den = self.cap
        return self.cap if cap_num * denominator < numerator * cap_den else (numerator, denominator)

    def score(self, o: OfficialInput) -> Scored:
        unit = self.ratio(o.unit_score) if o.unit_score is not None else None
        pledge, survey, extra = self.pledge(o.pledges), self.survey(o.surveys), self.bonus(o.positive_points)
        shown = self.shown
        scored = Scored(o.official_id, o.name, unit and shown(*unit), pledge and shown(*pledge),
                        survey and shown(*survey), shown(*extra), is_vetoed(o), None)
        if o.exempt_reason:
            scored.exempt_reason = o.exempt_reason
            return scored
        items = missing_items(o)
        if items:
            codes = {item.code for item in items}
            scored.missing = [code for code in MISSING_LABELS if code in codes]
            scored.missing_detail = items
            return scored
        # composite = Σ w × value + bonus over one denominator, rounded half-up to 2 decimals
        numerator, denominator = extra
        for (wn, wd), (vn, vd) in zip(self.weights, (unit, pledge, survey), strict=True):
            term_den = wd * vd
            numerator, denominator = numerator * term_den + wn * vn * denominator, denominator * term_den
        scored.composite = shown(numerator, denominator)
        return scored


def competition_ranks(values: Sequence[Decimal]) -> list[int]:
    """Standard competition ranking, highest first: 100, 90, 90, 80 → 1, 2, 2, 4."""
    order = sorted(values, reverse=True)
    first_place = {}
    for place, value in enumerate(order, start=1):
        first_place.setdefault(value, place)
    return [first_place[v] for v in values]
