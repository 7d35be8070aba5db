"""Writes for growth: keyword-only, one transaction each, audited (django-simple-history records
who, when, old → new and the reason). A refused write raises ValidationError naming the field."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audited_save
from org.models import District, Official

from . import rules
from .models import (
    Competency,
    CompetencyAssessment,
    CompetencyRequirement,
    ContestEvent,
    ContestParticipant,
    JudgeQuestion,
    JudgeScore,
    LearningActivity,
)


def _activity(*, official: Official, held_on: datetime.date, kind: str, title: str, points: Decimal | None,
              evidence: str = "") -> LearningActivity:
    """An unsaved activity of `official`'s district; points default to the kind's (rules.DEFAULT_POINTS)."""
    if points is None:
        points = rules.DEFAULT_POINTS.get(kind, Decimal(0))
    return LearningActivity(district_id=official.unit.district_id, official=official, held_on=held_on, kind=kind,
                            title=title, points=points, evidence=evidence)


@transaction.atomic
def activity_record(*, actor, official: Official, held_on: datetime.date, kind: str, title: str,
                    points: Decimal | None = None, evidence: str = "", reason: str = "") -> LearningActivity:
    """Record one learning activity of `official` in its current district."""
    activity = _activity(official=official, held_on=held_on, kind=kind, title=title, points=points,
                         evidence=evidence)
    audited_save(activity, actor=actor, reason=reason or _("登记学习积分"))
    return activity


ACTIVITY_FIELDS = ("held_on", "kind", "title", "points", "evidence")


@transaction.atomic
def activity_update(*, actor, activity: LearningActivity, reason: str = "", **changes) -> LearningActivity:
    """Change an activity's date, kind, title, points or evidence (not its official or district)."""
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError({f: [_("不能修改。")] for f in sorted(unknown)})
    activity = LearningActivity.objects.select_for_update().get(pk=activity.pk)
    for name, value in changes.items():
        setattr(activity, name, value)
    audited_save(activity, actor=actor, reason=reason or _("修改学习积分"))
    return activity


@transaction.atomic
def event_create(*, actor, district: District, kind: str, held_on: datetime.date, title: str,
                 note: str = "") -> ContestEvent:
    event = ContestEvent(district=district, kind=kind, held_on=held_on, title=title, note=note)
    audited_save(event, actor=actor, reason=_("登记擂台赛或评辩会"))
    return event


@transaction.atomic
def participant_add(*, actor, event: ContestEvent, official: Official, topic: str) -> ContestParticipant:
    """Add an official of the event's district with its topic (once per event)."""
    if ContestParticipant.objects.filter(event=event, official=official).exists():
        raise ValidationError({"official": [_("该干部已在本次活动中。")]})
    participant = ContestParticipant(event=event, official=official, topic=topic)
    audited_save(participant, actor=actor, reason=_("添加参赛干部"))
    return participant


@transaction.atomic
def score_record(*, actor, participant: ContestParticipant, judge_name: str, judge_role: str = "",
                 score: Decimal, reason: str = "") -> JudgeScore:
    """A judge's score of a participant; a judge scoring the same participant again replaces its
    score (the old one stays in the history with `reason`)."""
    row = JudgeScore.objects.select_for_update().filter(participant=participant, judge_name=judge_name).first()
    if row is None:
        row = JudgeScore(participant=participant, judge_name=judge_name)
    elif not reason:
        raise ValidationError({"reason": [_("修改已有评分须填写理由。")]})
    row.judge_role, row.score = judge_role, score
    audited_save(row, actor=actor, reason=reason or _("评委打分"))
    return row


@transaction.atomic
def question_record(*, actor, participant: ContestParticipant, asked_by: str, question: str,
                    answer: str = "") -> JudgeQuestion:
    row = JudgeQuestion(participant=participant, asked_by=asked_by, question=question, answer=answer)
    audited_save(row, actor=actor, reason=_("记录现场提问"))
    return row


@transaction.atomic
def competency_create(*, actor, district: District, name: str, description: str = "",
                      required: dict[str, int] | None = None) -> Competency:
    """A competency of the district's model with the level each post kind requires (kinds left out
    require nothing)."""
    if Competency.objects.filter(district=district, name=name).exists():
        raise ValidationError({"name": [_("本区已有同名胜任力。")]})
    competency = Competency(district=district, name=name, description=description)
    audited_save(competency, actor=actor, reason=_("新建胜任力"))
    for kind, level in (required or {}).items():
        if level:
            audited_save(CompetencyRequirement(competency=competency, post_kind=kind, level=level), actor=actor,
                         reason=_("设定岗位要求等级"))
    return competency


@transaction.atomic
def requirement_set(*, actor, competency: Competency, post_kind: str, level: int | None) -> None:
    """Set (or with None remove) the level a post kind requires of a competency."""
    row = CompetencyRequirement.objects.select_for_update().filter(competency=competency, post_kind=post_kind).first()
    if level is None:
        if row is not None:
            row._history_user = actor
            row._change_reason = _("取消岗位要求")
            row.delete()
        return
    row = row or CompetencyRequirement(competency=competency, post_kind=post_kind)
    row.level = level
    audited_save(row, actor=actor, reason=_("设定岗位要求等级"))


@transaction.atomic
def assessment_record(*, actor, official: Official, competency: Competency, level: int,
                      assessed_on: datetime.date, source: str) -> CompetencyAssessment:
    """An assessed level of one competency (the latest by date counts; earlier ones stay)."""
    row = CompetencyAssessment(official=official, competency=competency, level=level, assessed_on=assessed_on,
                               source=source)
    audited_save(row, actor=actor, reason=_("胜任力评定"))
    return row
