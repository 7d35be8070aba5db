"""The rules of cadre growth (SPEC section 12) as pure functions: learning points (学习积分) and their
ranking within a unit, a contest's result (擂台赛 / 三述评辩会), the post kind a post belongs to
and the person–post fit of the competency model (胜任力模型). No Django, no clock: plain values in,
plain values out.

Ranking everywhere is standard competition ranking, highest first: 100, 90, 90, 80 → 1, 2, 2, 4
(evaluations.scoring.competition_ranks, the ranking the year-end results use).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from core.rule_text import gettext_noop
from evaluations.scoring import competition_ranks

# --- learning points (学习积分, seed 000) ---------------------------------------------------------

TRAINING, SELF_STUDY_DEGREE, QUALIFICATION, LECTURE, OTHER = (
    "training", "self_study_degree", "qualification", "lecture", "other")
ACTIVITY_LABELS = {
    TRAINING: gettext_noop("培训"),
    SELF_STUDY_DEGREE: gettext_noop("自学学历"),
    QUALIFICATION: gettext_noop("职业资格"),
    LECTURE: gettext_noop("授课（书记讲业务）"),
    OTHER: gettext_noop("其他"),
}
# Points an activity of each kind earns unless staff enter another figure for it: a degree or
# a professional qualification weighs most (seed 000 ties 学历水平和专业技术能力提升 to the
# points), a lecture given more than one attended.
DEFAULT_POINTS = {
    TRAINING: Decimal("2"),
    SELF_STUDY_DEGREE: Decimal("10"),
    QUALIFICATION: Decimal("8"),
    LECTURE: Decimal("3"),
    OTHER: Decimal("1"),
}
MAX_POINTS = Decimal("100")  # one activity; a typo of 1000 is refused


def points_total(points: Iterable[Decimal]) -> Decimal:
    """A year's total: the plain sum of its activities' points (no cap), 0 without any."""
    return sum(points, Decimal(0))


def ranks_within_groups(totals: Mapping[Hashable, tuple[Hashable, Decimal]]) -> dict[Hashable, int]:
    """Rank each key among the keys of its group: `totals` maps key → (group, value); the answer
    maps key → its standard competition rank (1, 2, 2, 4) inside its group, highest value first.
    Used for an official's learning points ranked within its unit."""
    groups: dict[Hashable, list[Hashable]] = defaultdict(list)
    for key, (group, _value) in totals.items():
        groups[group].append(key)
    ranks = {}
    for keys in groups.values():
        for key, rank in zip(keys, competition_ranks([totals[k][1] for k in keys]), strict=True):
            ranks[key] = rank
    return ranks


# --- contests (一把手擂台赛, seed 004; 三述评辩会, seed 001) -----------------------------------

TRIM_FROM = 5  # judges: from this many on, the highest and the lowest score are dropped
CENT = Decimal("0.01")


def contest_result(scores: Sequence[Decimal]) -> Decimal | None:
    """A participant's result: the mean of its judges' scores, rounded half up to 0.01.

    With 5 judges or more, one highest and one lowest score are dropped first (去掉一个最高分和一个
    最低分, as contests of this kind are usually judged: one friendly or hostile judge cannot tip
    the result); with fewer, every score counts, since dropping two of three or four would leave
    too few. No score → None (not yet judged)."""
    if not scores:
        return None
    kept = sorted(scores)
    if len(kept) >= TRIM_FROM:
        kept = kept[1:-1]
    return (sum(kept, Decimal(0)) / len(kept)).quantize(CENT, rounding=ROUND_HALF_UP)


def event_ranks(results: Mapping[Hashable, Decimal | None]) -> dict[Hashable, int | None]:
    """Each participant's place in its event by result (standard competition ranking, highest
    first); a participant without a result has no place."""
    judged = {k: v for k, v in results.items() if v is not None}
    ranks = dict(zip(judged, competition_ranks(list(judged.values())), strict=True))
    return {k: ranks.get(k) for k in results}


# --- the competency model (胜任力模型, seed 000) ----------------------------------------------------

STREET_HEAD, DEPARTMENT_HEAD, OTHER_HEAD, DEPUTY = "street_head", "department_head", "other_head", "deputy"
POST_KIND_LABELS = {
    STREET_HEAD: gettext_noop("街道党政正职"),
    DEPARTMENT_HEAD: gettext_noop("部门党政正职"),
    OTHER_HEAD: gettext_noop("其他单位党政正职"),
    DEPUTY: gettext_noop("副职及其他岗位"),
}
_HEAD_BY_UNIT_KIND = {"street": STREET_HEAD, "department": DEPARTMENT_HEAD, "other": OTHER_HEAD}
LEVELS = (1, 2, 3, 4, 5)


def post_kind(*, unit_kind: str, is_principal: bool) -> str:
    """The kind of post an official holds, from its unit's kind (org.Unit.kind) and whether it is
    the unit's principal (党政正职): a principal of a street, a department or another unit, and
    every non-principal post as one kind (deputy). The position text is not read: it is free
    text (党工委书记, 局长, 主任 …) and the unit kind already separates what the model needs."""
    if not is_principal:
        return DEPUTY
    return _HEAD_BY_UNIT_KIND.get(unit_kind, OTHER_HEAD)


FIT_PLACES = Decimal("0.1")


def person_post_fit(*, required: Mapping[Hashable, int], assessed: Mapping[Hashable, int]) -> Decimal | None:
    """Person–post fit (人岗适配度), 0–100, rounded half up to 0.1:

        fit = 100 × mean over the post's required competencies c of min(assessed[c] / required[c], 1)

    - a competency the post does not require (or requires at level 0) does not count; exceeding a
      requirement earns nothing extra (the min), so strength in one competency cannot hide a gap
      in another;
    - a required competency with no assessment counts 0 (unknown is not assumed fine);
    - a post with no requirement at all has no fit: None.
    Example: requires A 4, B 2; assessed A 3, B 5 → (3/4 + 1) / 2 = 87.5."""
    needed = {c: level for c, level in required.items() if level and level > 0}
    if not needed:
        return None
    ratios = [min(Decimal(assessed.get(c) or 0) / Decimal(level), Decimal(1)) for c, level in needed.items()]
    return (Decimal(100) * sum(ratios, Decimal(0)) / len(ratios)).quantize(FIT_PLACES, rounding=ROUND_HALF_UP)
