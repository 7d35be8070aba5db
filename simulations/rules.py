"""Comparing two sets of a cycle's results (SPEC section 11, what-if), as pure functions.

A result here is any object with `official_id`, `composite`, `rank`, `grade` (the grade that
counts: "" when incomplete or exempt), `outcomes` and `exempt_reason` — evaluations.compute's
results_of gives them. No Django, no database."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

GRADE_KEYS = ("good", "average", "poor", "incomplete", "exempt")
# The settings that change the scores (the rest change only the grades and outcomes).
SCORING_KEYS = ("weights", "grade_coefficients", "survey_weights", "bonus_cap", "letter_points")
# A what-if of any of them scores from the inputs: a Result keeps its dimension scores rounded to
# 2 decimals while the composite is made from the exact ones, so not even other weights can be
# laid over the stored scores (0.5 × 80.3349…, stored 80.33, can cross a rounding boundary).


@dataclass(frozen=True, slots=True)
class Change:
    """One official whose counting grade or outcomes differ between the two results."""

    official_id: int
    composite_before: object
    composite_after: object
    rank_before: int | None
    rank_after: int | None
    grade_before: str
    grade_after: str
    outcomes_added: tuple[str, ...]
    outcomes_removed: tuple[str, ...]


def bucket(result) -> str:
    """Where a result counts in the totals: its grade, else exempt or incomplete."""
    return result.grade or ("exempt" if result.exempt_reason else "incomplete")


def counts(results: Iterable) -> dict[str, int]:
    """How many results are in each of GRADE_KEYS (every key present, 0 when none)."""
    totals = dict.fromkeys(GRADE_KEYS, 0)
    for result in results:
        totals[bucket(result)] += 1
    return totals


def scoring_changed(before: Mapping, after: Mapping) -> bool:
    """Whether two settings objects would score anyone differently (else only grading differs)."""
    return any(before.get(key) != after.get(key) for key in SCORING_KEYS)


def compare(before: Sequence, after: Sequence, *, names: Mapping[int, str]) -> list[Change]:
    """Every official whose counting grade or outcomes differ, in the order of the results after
    (ranked first by rank, then by name; then the unranked by name). Outcome codes keep the
    order the results give them (OUTCOME_ORDER)."""
    earlier = {r.official_id: r for r in before}
    changes = []
    for new in after:
        old = earlier.get(new.official_id)
        if old is None:
            continue
        if old.grade == new.grade and old.outcomes == new.outcomes:
            continue
        changes.append(Change(
            new.official_id, old.composite, new.composite, old.rank, new.rank, old.grade, new.grade,
            tuple(c for c in new.outcomes if c not in old.outcomes),
            tuple(c for c in old.outcomes if c not in new.outcomes),
        ))
    return ordered(changes, names)


def ordered(changes: list[Change], names: Mapping[int, str]) -> list[Change]:
    """The changes in the order of the results after: ranked first by rank, then by name; then
    the unranked by name (sorted in place, and returned)."""
    changes.sort(key=lambda c: (c.rank_after is None, c.rank_after or 0, names.get(c.official_id, ""),
                                c.official_id))
    return changes


def moved(before: Sequence, after: Sequence, field: str) -> int:
    """How many officials' `field` (composite or rank) differs between the two results."""
    earlier = {r.official_id: getattr(r, field) for r in before}
    return sum(1 for r in after if r.official_id in earlier and earlier[r.official_id] != getattr(r, field))
