"""The front-line rules of post history (SPEC section 12, seed 004), as pure functions: no ORM,
no settings, no clock (a contract in .importlinter checks it).

- A new street head (街道党政正职) serves at least `STREET_HEAD_MIN_YEARS` years before a move:
  moving one sooner is allowed only with a confirmation and a reason (org.services.official_update).
- Candidates for district department heads are flagged when they hold or held a street post.
- The district's average number of posts per cadre (人均岗位经历).
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable

STREET_HEAD_MIN_YEARS = 2
STREET = "street"  # org.models.Unit.Kind.STREET


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later; 29 February becomes 1 March (a full term, never less)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return datetime.date(day.year + years, 3, 1)


def street_head_free_from(started_on: datetime.date) -> datetime.date:
    """The first day a street head who started on `started_on` may move without confirmation:
    the same day two years later (a move on that day is allowed, one the day before is not)."""
    return years_after(started_on, STREET_HEAD_MIN_YEARS)


def street_head_move_needs_confirmation(
    *, unit_kind: str, is_principal: bool, started_on: datetime.date, new_post_on: datetime.date,
    leaves_post: bool,
) -> bool:
    """Whether moving an official out of its current post needs the front-line confirmation.

    unit_kind: the kind of the unit of the current post; is_principal: the official is a 党政正职
    (a street *head*); started_on: the current post's first day; new_post_on: the new post's first
    day; leaves_post: the change leaves the post (a new unit or position — a new rank level on the
    same post is not a move). True when a street head leaves the post before
    `street_head_free_from(started_on)`."""
    if not (leaves_post and is_principal and unit_kind == STREET):
        return False
    return new_post_on < street_head_free_from(started_on)


def has_street_experience(post_unit_kinds: Iterable[str]) -> bool:
    """A candidate for a district department head is flagged when any of its posts (current or
    former) was in a street (街道)."""
    return any(kind == STREET for kind in post_unit_kinds)


def posts_per_official(posts: int, officials: int) -> float | None:
    """人均岗位经历: the number of posts held divided by the number of officials, rounded to one
    decimal (half away from zero, as the seed's "人均岗位经历达4个" is read); None with no officials."""
    if officials <= 0:
        return None
    tenths = (posts * 10 * 2 + officials) // (officials * 2)  # round half up, integers only
    return tenths / 10
