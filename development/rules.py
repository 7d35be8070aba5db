"""The development rules as pure functions (no ORM, no settings, no clock): the reserve pool's
default categories, the must-talk due date and the overdue flag."""
from __future__ import annotations

import datetime

from core.rule_text import gettext_noop

# The default ten categories of a district's reserve pool (seed 003: "10类可视化分类储备库";
# the names follow the seed's fields: 党建, 双招双引, 金融, 建筑, 海洋, 街道一线, 85后 young cadres).
# Created for a district the first time its pool is used; staff rename, add or retire them.
DEFAULT_CATEGORIES: tuple[str, ...] = (
    gettext_noop("党政综合类"),
    gettext_noop("党建组织类"),
    gettext_noop("经济发展类"),
    gettext_noop("招商引资类"),
    gettext_noop("金融财税类"),
    gettext_noop("城市建设管理类"),
    gettext_noop("海洋产业类"),
    gettext_noop("基层治理类"),
    gettext_noop("社会民生类"),
    gettext_noop("优秀年轻干部类"),
)

# A must-talk (四必谈) is due this many days after the occasion is recorded.
TALK_DUE_DAYS = 30


def talk_due_on(raised_on: datetime.date, days: int = TALK_DUE_DAYS) -> datetime.date:
    """The day a must-talk raised on `raised_on` is due: `days` calendar days later."""
    return raised_on + datetime.timedelta(days=days)


def talk_overdue(*, due_on: datetime.date, closed_on: datetime.date | None, today: datetime.date) -> bool:
    """A due talk is overdue when it is still open after its due day (on the due day it is not)."""
    return closed_on is None and today > due_on


def closes(*, raised_on: datetime.date, held_on: datetime.date) -> bool:
    """A talk closes a due talk when it is held on or after the day the due talk was raised."""
    return held_on >= raised_on
