"""Writes for the reserve pool, mentor pairs, talks and due talks. Each service is one
transaction, keyword-only, and leaves an audit record (django-simple-history: who, when, old →
new, the reason)."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audited_save
from notifications.models import Notification
from notifications.services import Note, notify_officials, notify_staff

from . import rules
from .models import DueTalk, MentorPair, Occasion, Placement, ReserveCategory, Talk

DUE_TALKS_PATH = "/development/talks/due/"


def _district_id(official) -> int:
    return official.unit.district_id


# --- the reserve pool --------------------------------------------------------------------------------


@transaction.atomic
def reserve_categories_ensure(*, actor, district) -> int:
    """Give `district` the default ten categories (rules.DEFAULT_CATEGORIES) if it has none yet
    (the first use of its pool), named in the language of whoever opens the pool first (Chinese
    by default; staff rename them like any data). Returns how many were created (0 when it
    already had some)."""
    if ReserveCategory.objects.filter(district=district).exists():
        return 0
    for order, name in enumerate(rules.DEFAULT_CATEGORIES, start=1):
        audited_save(ReserveCategory(district=district, name=_(name), sort_order=order * 10), actor=actor,
                     reason=gettext_noop("默认储备类别"))
    return len(rules.DEFAULT_CATEGORIES)


CATEGORY_FIELDS = ("name", "description", "sort_order")


def _category_name(*, district_id: int, name: str, exclude_pk: int | None = None) -> str:
    """The name cleaned, or a ValidationError on `name` when empty or already used in the district."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("请填写类别名称。")]})
    taken = ReserveCategory.objects.select_for_update().filter(district_id=district_id, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": [_("本区已有名为“%(name)s”的储备类别。") % {"name": name}]})
    return name


@transaction.atomic
def reserve_category_create(*, actor, district, name: str, description: str = "",
                            sort_order: int | None = None) -> ReserveCategory:
    """Add a reserve category to `district` (its name unique in the district); without a
    `sort_order` it goes after the district's last one."""
    name = _category_name(district_id=district.pk, name=name)
    if sort_order is None:
        last = (ReserveCategory.objects.filter(district=district).order_by("-sort_order")
                .values_list("sort_order", flat=True).first())
        sort_order = (last or 0) + 10
    category = ReserveCategory(district=district, name=name, description=description.strip(), sort_order=sort_order)
    audited_save(category, actor=actor, reason=gettext_noop("新增储备类别"))
    return category


@transaction.atomic
def reserve_category_update(*, actor, category: ReserveCategory, reason: str = "", **changes) -> ReserveCategory:
    """Rename a category, or change its description or order (never its district); its
    placements follow it under the new name."""
    unknown = set(changes) - set(CATEGORY_FIELDS)
    if unknown:
        raise ValidationError({field: [_("不能通过此操作修改。")] for field in sorted(unknown)})
    category = ReserveCategory.objects.select_for_update().get(pk=category.pk)
    if "name" in changes:
        changes["name"] = _category_name(district_id=category.district_id, name=changes["name"],
                                         exclude_pk=category.pk)
    if "description" in changes:
        changes["description"] = changes["description"].strip()
    for field, value in changes.items():
        setattr(category, field, value)
    audited_save(category, actor=actor, reason=reason.strip() or gettext_noop("修改储备类别"))
    return category


@transaction.atomic
def reserve_category_set_active(*, actor, category: ReserveCategory, active: bool, reason: str = "") -> ReserveCategory:
    """Retire a category (no new placements; its current placements stay as they are) or restore it."""
    category = ReserveCategory.objects.select_for_update().get(pk=category.pk)
    if category.is_active == active:
        raise ValidationError({"is_active": [
            _("该储备类别已在使用中。") if active else _("该储备类别已停用。")]})
    category.is_active = active
    default = gettext_noop("恢复储备类别") if active else gettext_noop("停用储备类别")
    audited_save(category, actor=actor, reason=reason.strip() or default)
    return category


@transaction.atomic
def placement_create(
    *, actor, official, category: ReserveCategory, placed_on: datetime.date, grounds: str, evidence: str = "",
    evidence_file=None,
) -> Placement:
    """Place `official` in the reserve `category` of its district, with the grounds and evidence."""
    if _district_id(official) != category.district_id:
        raise ValidationError({"official": [_("该干部不属于此储备类别所在的区。")]})
    if not category.is_active:
        raise ValidationError({"category": [_("该储备类别已停用。")]})
    if not grounds.strip():
        raise ValidationError({"grounds": [_("请填写入库依据。")]})
    if Placement.objects.filter(official=official, category=category, removed_on__isnull=True).exists():
        raise ValidationError({"category": [_("该干部已在此储备类别中。")]})
    placement = Placement(district_id=category.district_id, official=official, category=category,
                          placed_on=placed_on, grounds=grounds.strip(), evidence=evidence.strip())
    if evidence_file:
        placement.evidence_file = evidence_file
    audited_save(placement, actor=actor, reason=gettext_noop("纳入储备干部库"))
    return placement


@transaction.atomic
def placement_remove(*, actor, placement: Placement, removed_on: datetime.date, reason: str) -> Placement:
    """Take a placement out of the pool (出库) with a reason; the row stays in the pool's history."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.removed_on is not None:
        raise ValidationError({"removed_on": [_("该记录已于 %(day)s 出库。") % {"day": placement.removed_on}]})
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写出库原因。")]})
    if removed_on < placement.placed_on:
        raise ValidationError({"removed_on": [
            _("出库时间不能早于入库时间（%(day)s）。") % {"day": placement.placed_on}]})
    placement.removed_on = removed_on
    placement.removal_reason = reason.strip()[:500]
    audited_save(placement, actor=actor, reason=reason.strip())
    return placement


# --- mentor pairs and talks -------------------------------------------------------------------------


@transaction.atomic
def pair_create(*, actor, mentor, mentee, started_on: datetime.date, ended_on: datetime.date | None = None,
                note: str = "") -> MentorPair:
    """Pair a mentor with a mentee of the same district (one-to-one; several pairs make several-to-one)."""
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentee": [_("导师和结对干部不能是同一人。")]})
    if _district_id(mentor) != _district_id(mentee):
        raise ValidationError({"mentee": [_("导师和结对干部须在同一个区。")]})
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": [_("结对结束不能早于开始。")]})
    if ended_on is None and MentorPair.objects.filter(mentor=mentor, mentee=mentee, ended_on__isnull=True).exists():
        raise ValidationError({"mentee": [_("这对师徒已在结对中。")]})
    pair = MentorPair(district_id=_district_id(mentor), mentor=mentor, mentee=mentee, started_on=started_on,
                      ended_on=ended_on, note=note.strip())
    audited_save(pair, actor=actor, reason=gettext_noop("师徒结对"))
    return pair


@transaction.atomic
def pair_end(*, actor, pair: MentorPair, ended_on: datetime.date, reason: str = "") -> MentorPair:
    """End a mentor pair on `ended_on`."""
    pair = MentorPair.objects.select_for_update().get(pk=pair.pk)
    if pair.ended_on is not None:
        raise ValidationError({"ended_on": [_("该结对已结束。")]})
    if ended_on < pair.started_on:
        raise ValidationError({"ended_on": [_("结对结束不能早于开始（%(day)s）。") % {"day": pair.started_on}]})
    pair.ended_on = ended_on
    audited_save(pair, actor=actor, reason=reason or gettext_noop("结对结束"))
    return pair


@transaction.atomic
def talk_record(*, actor, official, held_on: datetime.date, topic: str, notes: str = "", occasion: str = "",
                pair: MentorPair | None = None) -> Talk:
    """Record a conversation (谈心谈话) with `official`; it closes every open due talk of the
    official raised on or before `held_on`."""
    if pair is not None and pair.mentee_id != official.pk:
        raise ValidationError({"pair": [_("所选结对的结对干部不是谈话对象。")]})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": [_("谈话日期不能晚于今天。")]})
    if not topic.strip():
        raise ValidationError({"topic": [_("请填写谈话主题。")]})
    talk = Talk(district_id=_district_id(official), official=official, pair=pair, held_on=held_on,
                topic=topic.strip(), notes=notes.strip(), occasion=occasion, recorded_by=actor)
    audited_save(talk, actor=actor, reason=gettext_noop("记录谈心谈话"))
    for due in DueTalk.objects.select_for_update().filter(official=official, closed_on__isnull=True,
                                                          raised_on__lte=held_on):
        if rules.closes(raised_on=due.raised_on, held_on=held_on):
            due.closed_by, due.closed_on = talk, held_on
            audited_save(due, actor=actor, reason=gettext_noop("已谈话"), checked_by_caller=True)
    return talk


@transaction.atomic
def due_talk_raise(*, actor, official, occasion: str, source: str, detail: str = "",
                   raised_on: datetime.date | None = None, district_id: int | None = None) -> DueTalk | None:
    """Raise a must-talk (四必谈) for `official`, due rules.TALK_DUE_DAYS later, and tell the
    district's staff and the official's current mentors. The due talk belongs to `district_id`
    (the district of the event, e.g. a supervision entry's) or else the official's current one.
    Idempotent per (official, source): a second call for the same event returns None and tells
    no one."""
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": [_("请选择四必谈情形。")]})
    if DueTalk.objects.filter(official=official, source=source).exists():
        return None
    raised_on = raised_on or timezone.localdate()
    due = DueTalk(district_id=district_id or _district_id(official), official=official, occasion=occasion,
                  raised_on=raised_on, due_on=rules.talk_due_on(raised_on), detail=detail.strip()[:300],
                  source=source[:80])
    audited_save(due, actor=actor, reason=gettext_noop("四必谈：应谈话"))
    note = Note(
        kind=Notification.Kind.TALK_DUE, district_id=due.district_id, link=DUE_TALKS_PATH, key=f"talk-due:{due.pk}",
        message=_("%(name)s：%(occasion)s，须在 %(day)s 前谈心谈话。") % {
            "name": official.name, "occasion": due.get_occasion_display(), "day": due.due_on},
    )
    notify_staff(notes=[note])
    mentors = MentorPair.objects.filter(mentee=official, ended_on__isnull=True).values_list("mentor_id", flat=True)
    notify_officials(notes=[(mentor_id, note) for mentor_id in mentors])
    return due


def due_talks_flag_overdue(*, today: datetime.date | None = None) -> int:
    """The daily check: tell each district's staff once about every due talk that became overdue
    (still open after its due day). Idempotent (one notification per due talk, by key); returns
    how many overdue due talks were offered."""
    today = today or timezone.localdate()
    overdue = list(DueTalk.objects.filter(closed_on__isnull=True, due_on__lt=today).select_related("official"))
    notify_staff(notes=[
        Note(kind=Notification.Kind.TALK_OVERDUE, district_id=due.district_id, link=DUE_TALKS_PATH + "?overdue=1",
             key=f"talk-overdue:{due.pk}",
             message=_("%(name)s：%(occasion)s的谈心谈话已逾期（应于 %(day)s 前完成）。") % {
                 "name": due.official.name, "occasion": due.get_occasion_display(), "day": due.due_on})
        for due in overdue
    ])
    return len(overdue)
