"""How a pledge's progress in a released quarter is shown on the public board, as a pure function.

Status of pledge p in quarter q (only released quarters are shown):
- `done` 已完成: the official reported 100 % by the end of q;
- `behind` 进度滞后: the quarter's score is below BEHIND_BELOW (75 points; a letter counts as its
  points, so C = 60 is behind), or the reported percentage trails the share of milestones due by
  the end of q by more than TOLERANCE (15 points);
- `on_track` 按计划推进: otherwise.
"""
from __future__ import annotations

from decimal import Decimal

from core.rule_text import gettext_noop  # marks a msgid; pages translate it when shown

DONE, ON_TRACK, BEHIND = "done", "on_track", "behind"
# Stored in the snapshot as they are (Chinese); the pages show them translated (msgids).
STATUS_LABELS = {DONE: gettext_noop("已完成"), ON_TRACK: gettext_noop("按计划推进"), BEHIND: gettext_noop("进度滞后")}
BEHIND_BELOW = Decimal(75)
TOLERANCE = 15


def expected_percent(milestone_quarters: list[int], quarter: int) -> int:
    """The share (0–100) of a pledge's milestones due by the end of `quarter`."""
    if not milestone_quarters:
        return 0
    due = sum(1 for q in milestone_quarters if q <= quarter)
    return round(100 * due / len(milestone_quarters))


def quarter_status(*, points: Decimal | None, percent: int | None, milestone_quarters: list[int],
                   quarter: int) -> str:
    """The status of one pledge in one released quarter (see the module docstring)."""
    if percent is not None and percent >= 100:
        return DONE
    if points is not None and points < BEHIND_BELOW:
        return BEHIND
    if percent is not None and percent < expected_percent(milestone_quarters, quarter) - TOLERANCE:
        return BEHIND
    return ON_TRACK
