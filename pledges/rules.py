"""Pledge rules (SPEC section 3, steps 2–4) as pure functions: no ORM, no settings, no clock."""
from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable

MIN_PLEDGES, MAX_PLEDGES = 3, 5
CATEGORIES = ("party_building", "innovation", "key_work")
CATEGORY_LABELS = {
    "party_building": "党的建设和干部队伍建设",
    "innovation": "创新创优工作",
    "key_work": "服务全区重点工作",
}
MAX_MILESTONES = 12
MILESTONE_TEXT_MAX = 200


def pledge_grade(difficulty: int, innovation: int, contribution: int, thresholds: dict) -> str:
    """Grade A/B/C from the three 1–3 ratings: sum ≥ thresholds["A"] → A, sum ≥ thresholds["B"] → B,
    otherwise C (defaults 8 and 6). Raises ValueError for a rating outside 1–3."""
    ratings = (difficulty, innovation, contribution)
    if any(isinstance(r, bool) or not isinstance(r, int) or not 1 <= r <= 3 for r in ratings):
        raise ValueError("每项评分必须是 1 到 3 的整数。")
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
        return ["推进节点必须是列表。"]
    errors: list[str] = []
    if len(milestones) > MAX_MILESTONES:
        errors.append(f"推进节点最多 {MAX_MILESTONES} 个。")
    covered = set()
    for number, item in enumerate(milestones, start=1):
        where = f"第 {number} 个推进节点"
        if not isinstance(item, dict) or set(item) - {"quarter", "description", "due_on"}:
            errors.append(f"{where}：只能包含 quarter、description、due_on。")
            continue
        quarter = item.get("quarter")
        if isinstance(quarter, bool) or not isinstance(quarter, int) or not 1 <= quarter <= 4:
            errors.append(f"{where}：季度必须是 1 到 4。")
            quarter = None
        description = item.get("description")
        if not isinstance(description, str) or not description.strip():
            errors.append(f"{where}：请填写节点内容。")
        elif len(description) > MILESTONE_TEXT_MAX:
            errors.append(f"{where}：节点内容不超过 {MILESTONE_TEXT_MAX} 字。")
        due_on = item.get("due_on")
        if due_on not in (None, ""):
            try:
                day = datetime.date.fromisoformat(due_on) if isinstance(due_on, str) else None
            except ValueError:
                day = None
            if day is None:
                errors.append(f"{where}：日期格式应为 YYYY-MM-DD。")
            elif day.year != year:
                errors.append(f"{where}：日期必须在 {year} 年内。")
            elif quarter is not None and quarter_of(day) != quarter:
                errors.append(f"{where}：日期不在第 {quarter} 季度内。")
        if quarter is not None:
            covered.add(quarter)
    missing = [q for q in quarters if q not in covered]
    if missing:
        errors.append("每个季度至少一个推进节点，缺少：" + "、".join(f"第 {q} 季度" for q in missing) + "。")
    return errors


def pledge_set_errors(categories: list[str]) -> list[str]:
    """Before submission an official's pledges of one kind in a cycle number 3–5 and cover all
    three categories."""
    errors = []
    if not MIN_PLEDGES <= len(categories) <= MAX_PLEDGES:
        errors.append(f"每年须有 {MIN_PLEDGES}–{MAX_PLEDGES} 项履职践诺目标，现有 {len(categories)} 项。")
    missing = [CATEGORY_LABELS[c] for c in CATEGORIES if c not in categories]
    if missing:
        errors.append("每个方面至少一项，缺少：" + "、".join(missing) + "。")
    return errors
