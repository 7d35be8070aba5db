"""Writes for districts, units and officials. Each service is one transaction and leaves an
audit record (django-simple-history) naming the actor and, where given, the reason."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audited_save

from . import signals
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


# A change of any of these is a new post; a change of `appointed_on` alone corrects the date.
POST_FIELDS = ("unit", "position", "rank_level")
EDITABLE_FIELDS = POST_FIELDS + ("name", "appointed_on", "is_principal", "phone", "profile")


@transaction.atomic
def official_update(*, actor, official: Official, reason: str = "", **changes) -> Official:
    """Change an official, keeping the post history true.

    A new unit, position or rank level is a new post: the current post ends the day before the
    new `appointed_on` (which must then be later than the current post's start) and a new post
    opens on it. A new `appointed_on` alone corrects the start of the current post."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: [_("不能通过此操作修改。")] for field in sorted(unknown)})
    official = Official.objects.select_for_update().get(pk=official.pk)
    old = {field: getattr(official, field) for field in POST_FIELDS}
    old_appointed_on = official.appointed_on
    for field, value in changes.items():
        setattr(official, field, value)
    moved = any(getattr(official, field) != old[field] for field in POST_FIELDS)
    current = official.posts.filter(ended_on__isnull=True).first()
    if moved and current is not None and official.appointed_on <= current.started_on:
        raise ValidationError(
            {"appointed_on": [_("岗位变动时，新的任职时间须晚于当前任职开始日期（%(day)s）。")
                              % {"day": current.started_on}]}
        )
    audited_save(official, actor=actor, reason=reason)
    if moved:
        if current is not None:
            current.ended_on = official.appointed_on - datetime.timedelta(days=1)
            audited_save(current, actor=actor, reason=reason or "岗位变动")
        audited_save(
            Post(
                official=official, unit=official.unit, position=official.position,
                rank_level=official.rank_level, started_on=official.appointed_on,
            ),
            actor=actor, reason=reason or "岗位变动",
        )
    elif current is not None and current.started_on != official.appointed_on:
        current.started_on = official.appointed_on
        audited_save(current, actor=actor, reason=reason or "更正任职时间")
    if official.appointed_on != old_appointed_on:
        signals.appointment_changed.send(sender=Official, official=official)
    return official

