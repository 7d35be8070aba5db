"""Grades (好 / 一般 / 较差) and outcomes (结果运用), SPEC section 4, as pure functions.

Grading of one cycle:
- complete officials are ranked by composite, highest first, with standard competition ranking
  (1, 2, 2, 4), ties listed by name;
- 较差 `poor` if composite < poor_threshold (60);
- 好 `good` if not vetoed, composite ≥ good_threshold (85), and its competition rank among the
  non-vetoed complete officials ≤ Q = ceil(good_quota × N), N = number of complete officials
  (vetoed ones included) — so ties at the quota boundary are all in;
- 一般 `average` otherwise (a veto therefore caps the grade at 一般).
Outcomes follow from the grade that counts (an override replaces the computed grade).
"""
from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.rule_text import gettext_noop

from .scoring import Scored, competition_ranks, exact

GOOD, AVERAGE, POOR = "good", "average", "poor"
# The labels are Chinese (marked for the catalog); evaluations.labels shows them translated.
GRADE_LABELS = {GOOD: gettext_noop("好"), AVERAGE: gettext_noop("一般"), POOR: gettext_noop("较差")}

COMMENDATION = "commendation"
EXEMPLARY_TITLE = "exemplary_title"
RECOMMEND_UPWARD = "recommend_upward"
PROMOTION_PREFERENCE = "promotion_preference"
ADMONISHMENT = "admonishment"
PROMOTION_FREEZE = "promotion_freeze"
ORG_ADJUSTMENT = "org_adjustment"
CRITICISM = "criticism"
SELF_REPORT = "self_report"
DEMOTION = "demotion"
AWARD_INELIGIBLE = "award_ineligible"

OUTCOME_LABELS = {
    COMMENDATION: gettext_noop("全区通报表扬"),
    EXEMPLARY_TITLE: gettext_noop("授予“担当作为好干部”荣誉称号"),
    RECOMMEND_UPWARD: gettext_noop("作为向上级组织部门推荐优秀干部的重要来源"),
    PROMOTION_PREFERENCE: gettext_noop("职级晋升予以倾斜"),
    ADMONISHMENT: gettext_noop("诫勉处理"),
    PROMOTION_FREEZE: gettext_noop("下一年内原则上不得晋升职务职级"),
    ORG_ADJUSTMENT: gettext_noop("予以组织调整"),
    CRITICISM: gettext_noop("全区通报批评"),
    SELF_REPORT: gettext_noop("本人向区委区政府写出自查自纠报告"),
    DEMOTION: gettext_noop("降低一个职务或者职级层次任职"),
    AWARD_INELIGIBLE: gettext_noop("取消评优资格"),
}
OUTCOME_ORDER = list(OUTCOME_LABELS)
# Outcomes published on the honour roll; the rest are negative and hidden unless a setting says so.
POSITIVE_OUTCOMES = {COMMENDATION, EXEMPLARY_TITLE, RECOMMEND_UPWARD, PROMOTION_PREFERENCE}


@dataclass(slots=True)
class Graded:
    official_id: int
    rank: int | None  # competition rank among all complete officials
    grade: str | None  # None when incomplete
    good_rank: int | None  # competition rank among the non-vetoed complete officials


def good_quota(n_complete: int, quota) -> int:
    """Q = ceil(quota × N), computed exactly (0.3 × 10 is 3, not 3.0000000000000004)."""
    return math.ceil(exact(quota) * n_complete)


def grade_of(*, composite: Decimal, vetoed: bool, good_rank: int | None, quota_places: int,
             settings: Mapping) -> str:
    """One official's grade from its composite, veto and rank among the non-vetoed."""
    value = exact(composite)
    if value < exact(settings["poor_threshold"]):
        return POOR
    if (not vetoed and value >= exact(settings["good_threshold"])
            and good_rank is not None and good_rank <= quota_places):
        return GOOD
    return AVERAGE


def grade_all(scored: Sequence[Scored], settings: Mapping) -> list[Graded]:
    """Rank and grade a cycle's officials (incomplete ones get no rank and no grade).
    Returned in display order: complete officials by rank then name, then incomplete by name."""
    complete = [s for s in scored if s.complete]
    ranks = competition_ranks([s.composite for s in complete])
    eligible = [s for s in complete if not s.veto]
    good_ranks = dict(zip((s.official_id for s in eligible), competition_ranks([s.composite for s in eligible]),
                          strict=True))
    places = good_quota(len(complete), settings["good_quota"])
    # grade_of depends on the good rank only through "within the quota": decided once per
    # (composite, veto, within) — composites repeat (hundredths), so a few thousand calls for 100,000.
    decided: dict = {}
    graded = []
    for s, rank in zip(complete, ranks, strict=True):
        good_rank = good_ranks.get(s.official_id)
        key = (s.composite, s.veto, good_rank is not None and good_rank <= places)
        grade = decided.get(key)
        if grade is None:
            grade = decided[key] = grade_of(composite=s.composite, vetoed=s.veto, good_rank=good_rank,
                                            quota_places=places, settings=settings)
        graded.append(Graded(s.official_id, rank, grade, good_rank))
    names = {s.official_id: s.name for s in scored}
    graded.sort(key=lambda g: (g.rank, names[g.official_id], g.official_id))
    incomplete = sorted((s for s in scored if not s.complete), key=lambda s: (s.name, s.official_id))
    return graded + [Graded(s.official_id, None, None, None) for s in incomplete]


def exemplary_officials(good: Mapping[int, Decimal], top: int) -> set[int]:
    """Those 好 officials whose competition rank among the 好 officials is ≤ `top` (10 by
    default; ties at the boundary included): the "担当作为好干部" titles."""
    ids = list(good)
    ranks = competition_ranks([good[i] for i in ids])
    return {i for i, r in zip(ids, ranks, strict=True) if r <= top}


def outcomes_of(*, grade: str | None, vetoed: bool, exemplary: bool,
                previous: Sequence[str | None]) -> list[str]:
    """The outcome codes for one official, in OUTCOME_ORDER.

    `grade` is the grade that counts this year (an override included); `previous` the grades
    that counted in the official's finalized cycles of years Y-1, Y-2 (None where there is no
    finalized cycle that year)."""
    codes = set()
    if grade == GOOD:
        codes.add(COMMENDATION)
        if exemplary:
            codes |= {EXEMPLARY_TITLE, RECOMMEND_UPWARD}
        if len(previous) >= 2 and previous[0] == GOOD and previous[1] == GOOD:
            codes.add(PROMOTION_PREFERENCE)
    elif grade == AVERAGE:
        codes |= {ADMONISHMENT, PROMOTION_FREEZE}
        if previous and previous[0] == AVERAGE:
            codes.add(ORG_ADJUSTMENT)
    elif grade == POOR:
        codes |= {CRITICISM, SELF_REPORT, DEMOTION}
    if vetoed:
        codes.add(AWARD_INELIGIBLE)
    return [c for c in OUTCOME_ORDER if c in codes]


def outcomes_all(*, grades: Mapping[int, str | None], composites: Mapping[int, Decimal | None],
                 vetoed: Mapping[int, bool], history: Mapping[int, Sequence[str | None]],
                 settings: Mapping, exempt: Collection[int] = ()) -> dict[int, list[str]]:
    """Outcomes for a whole cycle from the grades that count (overrides applied): the
    exemplary titles are ranked among the officials whose counting grade is 好. An exempt
    official (不确定等次) has no outcomes at all, a veto's included."""
    good = {i: composites[i] for i, g in grades.items() if g == GOOD and composites.get(i) is not None}
    exemplary = exemplary_officials(good, int(settings["exemplary_top"]))
    return {
        i: [] if i in exempt else outcomes_of(grade=g, vetoed=vetoed.get(i, False), exemplary=i in exemplary,
                                              previous=history.get(i, ()))
        for i, g in grades.items()
    }


def _figure(value: Decimal) -> str:
    """A threshold as people write it: 60, 85.5 (no trailing zeros)."""
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def grade_reasons(*, composite, grade: str, computed_grade: str, veto: bool, good_rank: int | None,
                  quota_places: int, settings: Mapping, veto_detail: Sequence[str] = (),
                  override_reason: str = "", exempt_label: str = "",
                  gettext: Callable[[str], str] = gettext_noop) -> list[str]:
    """Why an official got its grade, in sentences (SPEC section 4), from plain values.

    The first sentence follows grade_of's order: exempt (`exempt_label` given) → not graded;
    no composite or no computed grade → incomplete; a computed 较差 → the composite is below
    poor_threshold; else a veto caps the grade at 一般 (`veto_detail` names the grounds); else a
    computed 好 → composite ≥ good_threshold and within the `quota_places`; else 一般, either
    beyond the quota (composite ≥ good_threshold) or below the good threshold. The quota is
    explained by how many non-vetoed officials scored higher (`good_rank` − 1), never as a second
    rank: the one rank shown is the competition rank among the complete officials. A second
    sentence gives the committee's override when `grade` differs from `computed_grade`, with
    `override_reason` if there is one. The composite is shown with two decimals, the thresholds
    without trailing zeros.

    A pure rule imports no Django: the caller passes Django's `gettext` for the sentences in the
    active language; without it they are Chinese."""
    if exempt_label:
        return [gettext("不确定等次（%(why)s）：不参加排名、不评定等次，不适用结果运用。") % {"why": exempt_label}]
    if composite is None or not computed_grade:
        return [gettext("数据不全，未评定等次。")]
    poor, good = Decimal(str(settings["poor_threshold"])), Decimal(str(settings["good_threshold"]))
    score = f"{Decimal(composite):.2f}"
    above = (good_rank or 1) - 1
    reasons = []
    if computed_grade == POOR:
        reasons.append(gettext("综合得分 %(score)s 低于 %(poor)s，评定为“较差”。") % {
            "score": score, "poor": _figure(poor)})
    elif veto:
        why = gettext("、").join(veto_detail) if veto_detail else gettext("存在负面清单情形或政治素质测评不合格")
        reasons.append(gettext("因%(why)s被一票否决，等次最高为“一般”。") % {"why": why})
    elif computed_grade == GOOD:
        reasons.append(gettext("综合得分 %(score)s ≥ %(good)s，未被一票否决且得分更高的有 %(above)s 人，"
                               "在“好”等次名额（%(q)s 人）之内。") % {
                           "score": score, "good": _figure(good), "above": above, "q": quota_places})
    elif Decimal(composite) >= good:
        reasons.append(gettext("综合得分 %(score)s ≥ %(good)s，但未被一票否决且得分更高的已有 %(above)s 人，"
                               "“好”等次名额（%(q)s 人）已满，评定为“一般”。") % {
                           "score": score, "good": _figure(good), "above": above, "q": quota_places})
    else:
        reasons.append(gettext("综合得分 %(score)s 不低于 %(poor)s、低于“好”等次分数线 %(good)s，评定为“一般”。") % {
            "score": score, "poor": _figure(poor), "good": _figure(good)})
    if grade and grade != computed_grade:
        text = gettext("经区委研究，等次由“%(old)s”调整为“%(new)s”。") % {
            "old": gettext(GRADE_LABELS[computed_grade]), "new": gettext(GRADE_LABELS[grade])}
        reasons.append(text + (gettext("理由：%(reason)s") % {"reason": override_reason} if override_reason else ""))
    return reasons


def new_in_post_since(year: int, months: int) -> datetime.date | None:
    """The first day of the last `months` months of `year`: an official appointed on or after it
    is suggested for 不确定等次 (new_in_post); None when `months` is 0 (no suggestion)."""
    if months <= 0:
        return None
    return datetime.date(year, 13 - min(months, 12), 1)


def over_quota(*, good_now: int, quota_places: int, becomes_good: bool) -> bool:
    """Whether an override that makes one more official 好 (`becomes_good`) would put more
    officials at 好 than the quota Q allows; `good_now` counts the 好 grades that count before it.
    (Ties at the boundary may already exceed Q; an override that adds one more is still over.)"""
    return becomes_good and good_now + 1 > quota_places
