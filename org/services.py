"""Writes for districts, units and officials. Each service is one transaction and leaves an
audit record (django-simple-history) naming the actor and, where given, the reason."""
from __future__ import annotations

import datetime

from django.db import transaction

from cadreboard.audit import audited_save

from .models import Official, Post, Unit


@transaction.atomic
def official_create(
    *,
    actor,
    unit: Unit,
    name: str,
    position: str,
    rank_level: str,
    appointed_on: datetime.date,
    is_principal: bool = True,
    phone: str = "",
    profile: str = "",
) -> Official:
    """Create an official and open its first post (unit, position, rank from `appointed_on`)."""
    official = Official(
        unit=unit, name=name, position=position, rank_level=rank_level,
        appointed_on=appointed_on, is_principal=is_principal, phone=phone, profile=profile,
    )
    audited_save(official, actor=actor, reason="新建干部")
    post = Post(
        official=official, unit=unit, position=position, rank_level=rank_level,
        started_on=appointed_on,
    )
    audited_save(post, actor=actor, reason="新建干部")
    return official


POST_FIELDS = ("unit", "position", "rank_level", "appointed_on")


@transaction.atomic
def official_update(*, actor, official: Official, reason: str = "", **changes) -> Official:
    """Change an official. A new unit, position, rank level or appointment date is a new post:
    the current post ends the day before the new `appointed_on` and a new one opens."""
    old = {field: getattr(official, field) for field in POST_FIELDS}
    for field, value in changes.items():
        setattr(official, field, value)
    new_post = any(getattr(official, field) != old[field] for field in POST_FIELDS)
    audited_save(official, actor=actor, reason=reason)
    if new_post:
        current = official.posts.filter(ended_on__isnull=True).first()
        if current is not None:
            current.ended_on = max(current.started_on, official.appointed_on - datetime.timedelta(days=1))
            audited_save(current, actor=actor, reason=reason or "岗位变动")
        audited_save(
            Post(
                official=official, unit=official.unit, position=official.position,
                rank_level=official.rank_level, started_on=official.appointed_on,
            ),
            actor=actor, reason=reason or "岗位变动",
        )
    return official

