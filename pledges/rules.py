"""Pledge rules (SPEC section 3, steps 2–4) as pure functions: no ORM, no settings, no clock."""
from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from core.rule_text import _, gettext_noop

MIN_PLEDGES, MAX_PLEDGES = 3, 5
CATEGORIES = ("party_building", "innovation", "key_work")
CATEGORY_LABELS = {
    "party_building": gettext_noop("党的建设和干部队伍建设"),
    "innovation": gettext_noop("创新创优工作"),
    "key_work": gettext_noop("服务全区重点工作"),
}
MAX_MILESTONES = 12
MILESTONE_TEXT_MAX = 200


def pledge_grade(difficulty: int, innovation: int, contribution: int, thresholds: dict) -> str:
    """Grade A/B/C from the three 1–3 ratings: sum ≥ thresholds["A"] → A, sum ≥ thresholds["B"] → B,
    otherwise C (defaults 8 and 6). Raises ValueError for a rating outside 1–3."""
    ratings = (difficulty, innovation, contribution)
    if any(isinstance(r, bool) or not isinstance(r, int) or not 1 <= r <= 3 for r in ratings):
        raise ValueError(_("每项评分必须是 1 到 3 的整数。"))
    total = sum(ratings)
    if total >= int(thresholds["A"]):
        return "A"
    if total >= int(thresholds["B"]):
        return "B"
    return "C"


def add_one_month(day: datetime.date) -> datetime.date:
    """The same day next month, or that month's last day when it is shorter (31 Jan → 28/29 Feb)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def expected_kind(*, cycle_year: int, pledge_deadline: datetime.date, appointed_on: datetime.date) -> str:
    """An official appointed to the current post after the cycle's annual deadline, within the
    cycle year, files inauguration pledges (任职承诺); everyone else files annual ones."""
    if appointed_on.year == cycle_year and appointed_on > pledge_deadline:
        return "inauguration"
    return "annual"


def due_date(*, kind: str, pledge_deadline: datetime.date, appointed_on: datetime.date) -> datetime.date:
    """Annual pledges are due by the cycle deadline; inauguration pledges one month after the
    appointment (上任一个月内)."""
    if kind == "inauguration":
        return add_one_month(appointed_on)
    return pledge_deadline


def spanned_quarters(*, kind: str, cycle_year: int, appointed_on: datetime.date) -> list[int]:
    """The quarters a pledge runs through: all four for an annual pledge; for an inauguration
    pledge from the quarter of the appointment (if in the cycle year) to the fourth."""
    first = quarter_of(appointed_on) if kind == "inauguration" and appointed_on.year == cycle_year else 1
    return list(range(first, 5))


def quarters_to_score(milestones, *, kind: str, cycle_year: int, appointed_on: datetime.date) -> list[int]:
    """The quarters an approved pledge needs a quarterly score for (SPEC section 4): every quarter
    its milestones span, from the first milestone's quarter to the last one's; a pledge without
    milestones needs the quarters it spans (spanned_quarters)."""
    quarters = [m.get("quarter") for m in milestones if isinstance(m, dict)] if isinstance(milestones, list) else []
    quarters = [q for q in quarters if isinstance(q, int) and not isinstance(q, bool) and 1 <= q <= 4]
    if not quarters:
        return spanned_quarters(kind=kind, cycle_year=cycle_year, appointed_on=appointed_on)
    return list(range(min(quarters), max(quarters) + 1))


def milestone_errors(milestones, *, quarters: Iterable[int], year: int) -> list[str]:
    """Problems with a milestone list: each item {"quarter": 1–4, "description": text ≤ 200,
    optional "due_on": "YYYY-MM-DD" inside the cycle year and inside its quarter}; at least one
    milestone in every quarter the pledge spans; at most MAX_MILESTONES."""
    if not isinstance(milestones, list):
        return [_("推进节点必须是列表。")]
    errors: list[str] = []
    if len(milestones) > MAX_MILESTONES:
        errors.append(_("推进节点最多 %(n)s 个。") % {"n": MAX_MILESTONES})
    covered = set()
    for number, item in enumerate(milestones, start=1):
        where = _("第 %(number)s 个推进节点") % {"number": number}
        if not isinstance(item, dict) or set(item) - {"quarter", "description", "due_on"}:
            errors.append(_("%(where)s：只能包含 quarter、description、due_on。") % {"where": where})
            continue
        quarter = item.get("quarter")
        if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= 4:
            errors.append(_("%(where)s：季度必须是 1 到 4。") % {"where": where})
            quarter = None
        description = item.get("description")
        if not isinstance(description, str) or not description.strip():
            errors.append(_("%(where)s：请填写节点内容。") % {"where": where})
        elif len(description) > MILESTONE_TEXT_MAX:
            errors.append(_("%(where)s：节点内容不超过 %(n)s 字。") % {"where": where, "n": MILESTONE_TEXT_MAX})
        due_on = item.get("due_on")
        if due_on not in (None, ""):
            try:
                day = datetime.date.fromisoformat(due_on) if isinstance(due_on, str) else None
            except ValueError:
                day = None
            if day is None:
                errors.append(_("%(where)s：日期格式应为 YYYY-MM-DD。") % {"where": where})
            elif day.year != year:
                errors.append(_("%(where)s：日期必须在 %(year)s 年内。") % {"where": where, "year": year})
            elif quarter is not None and quarter_of(day) != quarter:
                errors.append(_("%(where)s：日期不在第 %(quarter)s 季度内。") % {"where": where, "quarter": quarter})
        if quarter is not None:
            covered.add(quarter)
    missing = [q for q in quarters if q not in covered]
    if missing:
        quarters_missing = _("、").join(_("第 %(quarter)s 季度") % {"quarter": q} for q in missing)
        errors.append(_("每个季度至少一个推进节点，缺少：%(quarters)s。") % {"quarters": quarters_missing})
    return errors


def pledge_set_errors(categories: list[str]) -> list[str]:
    """Before submission an official's pledges of one kind in a cycle number 3–5 and cover all
    three categories."""
    errors = []
    if not MIN_PLEDGES <= len(categories) <= MAX_PLEDGES:
        errors.append(_("每年须有 %(min)s–%(max)s 项履职践诺目标，现有 %(n)s 项。")
                      % {"min": MIN_PLEDGES, "max": MAX_PLEDGES, "n": len(categories)})
    missing = [_(CATEGORY_LABELS[c]) for c in CATEGORIES if c not in categories]
    if missing:
        errors.append(_("每个方面至少一项，缺少：%(categories)s。") % {"categories": _("、").join(missing)})
    return errors


@dataclass(frozen=True)
class SetShortfall:
    """What an official's pledges of one kind in a cycle still lack before they may be submitted
    (pledge_set_errors): `more` pledges to add at least, the `missing` categories (codes, in
    SPEC order) and how many are `over` the maximum."""

    count: int
    more: int
    missing: tuple[str, ...]
    over: int

    @property
    def ok(self) -> bool:
        return not (self.more or self.missing or self.over)

    @property
    def missing_labels(self) -> list[str]:
        return [_(CATEGORY_LABELS[c]) for c in self.missing]

    @property
    def recategorize(self) -> int:
        """Missing categories that adding pledges cannot cover within the maximum: existing
        pledges must change category instead."""
        return max(len(self.missing) - self.more, 0)


def pledge_set_shortfall(categories: list[str]) -> SetShortfall:
    """The shortfall of a set of pledge categories against pledge_set_errors: each new pledge
    adds one to the count and may cover one missing category, so at least max(3 − n, missing)
    more are needed, but never more than 5 − n; the rest of the missing categories need an
    existing pledge to change category. ok exactly when pledge_set_errors is empty."""
    count = len(categories)
    missing = tuple(c for c in CATEGORIES if c not in categories)
    more = min(max(MIN_PLEDGES - count, len(missing)), max(MAX_PLEDGES - count, 0))
    return SetShortfall(count=count, more=more, missing=missing, over=max(count - MAX_PLEDGES, 0))
