"""Writes for districts, units and officials. Each service is one transaction and leaves an
audit record (django-simple-history) naming the actor and, where given, the reason."""
from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audit_event, audited_save
from accounts.models import Role
from accounts.services import account_create

from . import rules, signals
from .models import District, Official, Post, Unit


@transaction.atomic
def unit_create(*, actor, district: District, name: str, kind: str, sort_order: int = 0) -> Unit:
    """Create a unit in `district` (its name unique in the district)."""
    unit = Unit(district=district, name=name, kind=kind, sort_order=sort_order)
    audited_save(unit, actor=actor, reason=_("新建单位"))
    return unit


UNIT_FIELDS = ("name", "kind", "sort_order")


@transaction.atomic
def unit_update(*, actor, unit: Unit, reason: str = "", **changes) -> Unit:
    """Change a unit's name, kind or order (moving it to another district is not one of them)."""
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationError({field: [_("不能通过此操作修改。")] for field in sorted(unknown)})
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    for field, value in changes.items():
        setattr(unit, field, value)
    audited_save(unit, actor=actor, reason=reason or _("修改单位"))
    return unit


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
    audited_save(official, actor=actor, reason=gettext_noop("新建干部"))
    post = Post(
        official=official, unit=unit, position=position, rank_level=rank_level,
        started_on=appointed_on,
    )
    audited_save(post, actor=actor, reason=gettext_noop("新建干部"))
    return official


# A change of any of these is a new post; a change of `appointed_on` alone corrects the date.
POST_FIELDS = ("unit", "position", "rank_level")
EDITABLE_FIELDS = POST_FIELDS + ("name", "appointed_on", "is_principal", "phone", "profile")


@transaction.atomic
def official_update(
    *, actor, official: Official, reason: str = "", confirm_front_line: bool = False, **changes
) -> Official:
    """Change an official, keeping the post history true.

    A new unit, position or rank level is a new post: the current post ends the day before the
    new `appointed_on` (which must then be later than the current post's start) and a new post
    opens on it. A new `appointed_on` alone corrects the start of the current post.

    Front-line rule (org.rules, seed 004): a street head leaving its post before two years is
    refused on `confirm_front_line` unless the caller confirms it and gives a `reason`; the
    confirmation is audited (the history rows' reason and an AuditEvent)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: [_("不能通过此操作修改。")] for field in sorted(unknown)})
    official = Official.objects.select_for_update().get(pk=official.pk)
    old = {field: getattr(official, field) for field in POST_FIELDS}
    old_appointed_on, old_principal = official.appointed_on, official.is_principal
    for field, value in changes.items():
        setattr(official, field, value)
    moved = any(getattr(official, field) != old[field] for field in POST_FIELDS)
    current = official.posts.select_related("unit").filter(ended_on__isnull=True).first()
    if moved and current is not None and official.appointed_on <= current.started_on:
        raise ValidationError(
            {"appointed_on": [_("岗位变动时，新的任职时间须晚于当前任职开始日期（%(day)s）。")
                              % {"day": current.started_on}]}
        )
    if moved and current is not None and rules.street_head_move_needs_confirmation(
        unit_kind=current.unit.kind, is_principal=old_principal, started_on=current.started_on,
        new_post_on=official.appointed_on,
        leaves_post=official.unit_id != current.unit_id or official.position != current.position,
    ):
        free_from = rules.street_head_free_from(current.started_on)
        if not (confirm_front_line and reason.strip()):
            raise ValidationError({"confirm_front_line": [
                _("一线规则：新任街道党政正职须任满两年（%(day)s 起）方可调整；提前调整须确认并填写原因。")
                % {"day": free_from}]})
        reason = _("提前调整街道党政正职（一线规则，已确认）：%(reason)s") % {"reason": reason.strip()}
        audit_event(actor=actor, action="front_line_confirm", target=f"org.official:{official.pk}",
                    detail=reason[:500])
    audited_save(official, actor=actor, reason=reason)
    if moved:
        if current is not None:
            current.ended_on = official.appointed_on - datetime.timedelta(days=1)
            audited_save(current, actor=actor, reason=reason or gettext_noop("岗位变动"))
        audited_save(
            Post(
                official=official, unit=official.unit, position=official.position,
                rank_level=official.rank_level, started_on=official.appointed_on,
            ),
            actor=actor, reason=reason or gettext_noop("岗位变动"),
        )
    elif current is not None and current.started_on != official.appointed_on:
        current.started_on = official.appointed_on
        audited_save(current, actor=actor, reason=reason or gettext_noop("更正任职时间"))
    if official.appointed_on != old_appointed_on:
        signals.appointment_changed.send(sender=Official, official=official, moved=moved)
    return official



@transaction.atomic
def official_leave(*, actor, official: Official, ended_on: datetime.date, reason: str = "") -> Official:
    """End the official's current post on `ended_on` (离任): the post history keeps it, and the
    official is no longer a principal under review (is_principal = False)."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    current = official.posts.filter(ended_on__isnull=True).first()
    if current is None:
        raise ValidationError({"ended_on": [_("该干部当前没有在任岗位。")]})
    if ended_on < current.started_on:
        raise ValidationError({"ended_on": [_("离任日期不能早于本岗位任职开始日期（%(day)s）。")
                                            % {"day": current.started_on}]})
    current.ended_on = ended_on
    audited_save(current, actor=actor, reason=reason or _("离任"))
    official.is_principal = False
    audited_save(official, actor=actor, reason=reason or _("离任"))
    return official


# Letters and digits that cannot be mistaken for one another when read out or copied by hand.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


def initial_password(length: int = 12) -> str:
    """A random first password for a new account, to be shown once and changed by its holder."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _n in range(length))


@transaction.atomic
def official_create_with_account(*, actor, username: str, **official) -> tuple[Official, object, str]:
    """Create an official (official_create) and, in the same transaction, its `official` account
    (accounts.services.account_create) in the unit's district, with a random first password.
    Returns the official, the account and that password (shown once, stored only as a hash)."""
    created = official_create(actor=actor, **official)
    password = initial_password()
    account = account_create(
        actor=actor, username=username, password=password, role=Role.OFFICIAL,
        districts=[created.unit.district], official=created, first_name=created.name,
    )
    return created, account, password
