"""Filing, deciding and withdrawing appeals (复核申诉, SPEC section 11).

Each service is one transaction, audited (simple-history on Appeal: who, when, old → new, why)
and tells the official (notifications). A `changed` decision corrects the contested value only
through the service that owns it — evaluations' quarterly_score_upsert, pledges' pledge_regrade,
evaluations' result_grade_correct — so every state rule, audit record and recompute of theirs
applies; then the board is republished when it is public. The contested value stays in force
while the appeal is open: filing changes nothing but the appeal."""
from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audited_save
from accounts.models import Role
from boards import services as board_services
from cycles.cycle_settings import DEFAULTS
from cycles.models import Cycle
from evaluations import compute as evaluation_compute
from evaluations import services as evaluation_services
from evaluations.models import GradeOverride, QuarterRelease
from evaluations.rules import GRADE_LABELS
from notifications.models import Notification
from notifications.services import Note, notify_officials, notify_staff
from pledges import services as pledge_services
from pledges.models import Pledge

from .models import Appeal

Subject, State = Appeal.Subject, Appeal.State


def setting(cycle: Cycle, key: str) -> int:
    """A cycle's appeal setting (`appeal_days`, `appeal_decide_days`), its default when unset."""
    return int((cycle.settings or {}).get(key, DEFAULTS[key]))


def _local_day(moment) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def shown_on(*, subject: str, target, cycle: Cycle, released: dict | None = None) -> datetime.date | None:
    """The day (Asia/Shanghai) the contested value was shown to the official: a quarterly score
    when its quarter was released, a pledge grade when the pledge was approved, a year grade when
    the cycle was finalized (the day the results were announced). None: not shown yet.
    `released`: {(cycle id, quarter): released_at}, when the caller has them."""
    if subject == Subject.QUARTERLY_SCORE:
        if released is not None:
            return _local_day(released.get((cycle.pk, target.quarter)))
        release = QuarterRelease.objects.filter(cycle=cycle, quarter=target.quarter).first()
        return _local_day(release.released_at if release else None)
    if subject == Subject.PLEDGE_GRADE:
        return _local_day(target.approved_at) if target.status == Pledge.Status.APPROVED else None
    if subject == Subject.YEAR_GRADE:
        return _local_day(cycle.finalized_at) if cycle.state == Cycle.State.FINALIZED and target.grade else None
    return None


def deadline(*, subject: str, target, cycle: Cycle, released: dict | None = None) -> datetime.date | None:
    """The last day an appeal may be filed: `appeal_days` after the value was shown (that day
    itself included); None when it was not shown yet."""
    shown = shown_on(subject=subject, target=target, cycle=cycle, released=released)
    return shown + datetime.timedelta(days=setting(cycle, "appeal_days")) if shown else None


def contested_value(subject: str, target) -> str:
    """The contested value as stored on the appeal (points or letter, A/B/C, good/average/poor)."""
    if subject == Subject.QUARTERLY_SCORE:
        return target.letter or str(target.score)
    return target.grade


def _owner_and_cycle(subject: str, target):
    if subject == Subject.QUARTERLY_SCORE:
        return target.pledge.official_id, target.pledge.cycle
    return target.official_id, target.cycle


def _tell_official(appeal: Appeal, message: str, step: str) -> None:
    notify_officials(notes=[(appeal.official_id, Note(
        kind=Notification.Kind.APPEAL, district_id=appeal.cycle.district_id, message=message,
        link=reverse("appeals:detail", args=[appeal.pk]), key=f"appeal:{appeal.pk}:{step}",
    ))])


def _subject_label(appeal: Appeal) -> str:
    return str(Subject(appeal.subject).label)


@transaction.atomic
def appeal_file(*, actor, subject: str, target, reason: str, today: datetime.date | None = None) -> Appeal:
    """The official files an appeal of its own contested value (`target`: the QuarterlyScore,
    the Pledge or the Result), with a reason, within `appeal_days` of the day the value was
    shown to it (that day + appeal_days is the last day). Staff must decide by `due_on`
    (today + `appeal_decide_days`). The value stays in force meanwhile."""
    today = today or timezone.localdate()
    if subject not in Subject.values:
        raise ValidationError({"subject": [
            _("复核事项只能是：%(choices)s。") % {"choices": _("、").join(Subject.values)}]})
    if actor is None or actor.role != Role.OFFICIAL or not actor.official_id:
        raise ValidationError({"official": [_("只有干部本人可以申请复核。")]})
    owner, cycle = _owner_and_cycle(subject, target)
    if owner != actor.official_id:
        raise ValidationError({"object_id": [_("只能对本人的考核结果申请复核。")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写申请复核的理由。")]})
    last_day = deadline(subject=subject, target=target, cycle=cycle)
    if last_day is None:
        raise ValidationError({"object_id": [_("该结果尚未向您公布，不能申请复核。")]})
    if today > last_day:
        raise ValidationError({"deadline": [
            _("申请复核的期限已于 %(date)s 届满（公布后 %(days)s 天内）。")
            % {"date": last_day.isoformat(), "days": setting(cycle, "appeal_days")}]})
    link = {Subject.QUARTERLY_SCORE: "quarterly_score", Subject.PLEDGE_GRADE: "pledge",
            Subject.YEAR_GRADE: "result"}[subject]
    if Appeal.objects.select_for_update().filter(**{link: target}, state=State.OPEN).exists():
        raise ValidationError({"object_id": [_("该结果已有一项待复核的申请。")]})
    appeal = Appeal(
        official_id=owner, cycle=cycle, subject=subject, **{link: target},
        contested_value=contested_value(subject, target), reason=reason.strip(), filed_by=actor,
        due_on=today + datetime.timedelta(days=setting(cycle, "appeal_decide_days")),
    )
    audited_save(appeal, actor=actor, reason=gettext_noop("申请复核"))
    _tell_official(appeal, _("您对%(subject)s的复核申请已受理，组织部将于 %(date)s 前作出决定；"
                             "复核期间原结果继续有效。")
                   % {"subject": _subject_label(appeal), "date": appeal.due_on.isoformat()}, "filed")
    notify_staff(notes=[Note(
        kind=Notification.Kind.APPEAL, district_id=cycle.district_id,
        message=_("%(name)s对%(subject)s申请复核，请于 %(date)s 前办理。")
        % {"name": appeal.official.name, "subject": _subject_label(appeal), "date": appeal.due_on.isoformat()},
        link=reverse("appeals:detail", args=[appeal.pk]), key=f"appeal:{appeal.pk}:waiting",
    )])
    return appeal


def _setters(history, field: str) -> set[int]:
    """The accounts that entered `field`'s value (the first history row that has one) and that
    last changed it (the last row whose value differs from the row before), from an object's
    simple-history rows."""
    accounts, previous, changed_by = set(), None, None
    for row in history.order_by("history_date", "history_id").values("history_user_id", field):
        value = row[field]
        if value not in (None, ""):
            if not accounts and changed_by is None:
                accounts.add(row["history_user_id"])  # entered
            if value != previous:
                changed_by = row["history_user_id"]
        previous = value
    accounts.add(changed_by)
    return {pk for pk in accounts if pk}


def recused_accounts(appeal: Appeal) -> set[int]:
    """回避: the accounts that entered or last changed the contested value, from its audit
    history — a quarterly score's entry and last correction, a pledge grade's approval and last
    regrade, a year grade's finalize and the committee's (or a correction's) decision."""
    if appeal.subject == Subject.QUARTERLY_SCORE:
        score = appeal.quarterly_score
        return _setters(score.history.all(), "score") | _setters(score.history.all(), "letter") | (
            {score.entered_by_id} if score.entered_by_id else set())
    if appeal.subject == Subject.PLEDGE_GRADE:
        pledge = appeal.pledge
        return _setters(pledge.history.all(), "grade") | ({pledge.approved_by_id} if pledge.approved_by_id else set())
    finalizers = set(appeal.cycle.history.filter(state=Cycle.State.FINALIZED)
                     .order_by("history_date")[:1].values_list("history_user_id", flat=True))
    override = GradeOverride.objects.filter(cycle=appeal.cycle, official=appeal.official).first()
    deciders = _setters(override.history.all(), "grade") if override else set()
    return {pk for pk in finalizers | deciders if pk}


def _lock(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update(of=("self",)).select_related(
        "cycle__district", "official", "quarterly_score__pledge", "pledge__cycle").get(pk=appeal.pk)


def _renamed(exc: ValidationError, names: dict) -> ValidationError:
    """A correcting service's errors with its field names mapped to the appeal's."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({"new_value": exc.messages})
    return ValidationError({names.get(field, field): messages for field, messages in exc.message_dict.items()})


def _correct(*, actor, appeal: Appeal, new_value: str, reason: str, confirm_over_quota: bool) -> str:
    """Put `new_value` in force through the owner's service; returns the value as stored."""
    value = (new_value or "").strip()
    if not value:
        raise ValidationError({"new_value": [_("更正时须填写更正后的结果。")]})
    try:
        if appeal.subject == Subject.QUARTERLY_SCORE:
            score = appeal.quarterly_score
            letter = value.upper() if value.upper() in ("A", "B", "C") else None
            points = None
            if letter is None:
                try:
                    points = Decimal(value)
                except InvalidOperation:
                    raise ValidationError({"new_value": [_("季度评分须为 0–100 的分数（最多一位小数）或 A、B、C。")]}) \
                        from None
            row, _created = evaluation_services.quarterly_score_upsert(
                actor=actor, pledge=score.pledge, quarter=score.quarter, score=points, letter=letter,
                method=score.method, note=score.note, reason=reason)
            return row.letter or str(row.score)
        if appeal.subject == Subject.PLEDGE_GRADE:
            pledge = appeal.pledge
            if value.upper() not in Pledge.Grade.values:
                raise ValidationError({"new_value": [_("目标评级只能是 A、B 或 C。")]})
            pledge = pledge_services.pledge_regrade(
                actor=actor, pledge=pledge, difficulty=pledge.difficulty, innovation=pledge.innovation,
                contribution=pledge.contribution, grade=value.upper(), reason=reason)
            return pledge.grade
        if value not in GRADE_LABELS:
            raise ValidationError({"new_value": [_("年度等次只能是 good（好）、average（一般）或 poor（较差）。")]})
        result = evaluation_compute.result_grade_correct(
            actor=actor, cycle=appeal.cycle, official=appeal.official, grade=value, reason=reason,
            confirm_over_quota=confirm_over_quota)
        return result.grade
    except ValidationError as exc:
        raise _renamed(exc, {"score": "new_value", "letter": "new_value", "grade": "new_value",
                             "ratings": "new_value", "reason": "decision_reason"}) from None


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, decision: str, reason: str, new_value: str = "",
                  confirm_over_quota: bool = False, today: datetime.date | None = None) -> Appeal:
    """Staff decide an open appeal with a written reason: `upheld` (the value stands) or
    `changed` (the value becomes `new_value`, through the owner's service, audited with the
    appeal as reason). 回避: an account that entered or last changed the contested value may
    not decide it. Deciding after `due_on` is allowed (the queue flags it overdue)."""
    today = today or timezone.localdate()
    appeal = _lock(appeal)
    if appeal.state != State.OPEN:
        raise ValidationError({"state": [_("该申请已办结（%(state)s），不能再作决定。") % {
            "state": appeal.get_state_display()}]})
    if decision not in (State.UPHELD, State.CHANGED):
        raise ValidationError({"state": [_("复核决定只能是 upheld（维持）或 changed（更正）。")]})
    if not (reason or "").strip():
        raise ValidationError({"decision_reason": [_("请填写复核意见。")]})
    if actor is not None and actor.pk in recused_accounts(appeal):
        raise ValidationError({"decided_by": [
            _("回避规则：您录入或最近修改了被申请复核的%(subject)s，不能办理本申请，请由其他工作人员办理。")
            % {"subject": _subject_label(appeal)}]})
    reason = reason.strip()
    if decision == State.CHANGED:
        audit_reason = (_("复核申诉 #%(id)s：%(reason)s") % {"id": appeal.pk, "reason": reason})[:100]
        appeal.new_value = _correct(actor=actor, appeal=appeal, new_value=new_value, reason=audit_reason,
                                    confirm_over_quota=confirm_over_quota)
    appeal.state, appeal.decided_by, appeal.decision_reason, appeal.decided_on = decision, actor, reason, today
    audited_save(appeal, actor=actor, reason=(gettext_noop("复核决定：维持原结果") if decision == State.UPHELD
                                              else gettext_noop("复核决定：更正")))
    if decision == State.CHANGED:
        board_services.board_republish_if_live(actor=actor, cycle=appeal.cycle)
        message = _("您对%(subject)s的复核申请已办结：更正为 %(value)s。理由：%(reason)s")
    else:
        message = _("您对%(subject)s的复核申请已办结：维持原结果。理由：%(reason)s")
    _tell_official(appeal, message % {"subject": _subject_label(appeal), "value": display_value(
        appeal.subject, appeal.new_value), "reason": reason}, "decided")
    return appeal


@transaction.atomic
def appeal_withdraw(*, actor, appeal: Appeal, reason: str = "") -> Appeal:
    """The official withdraws its own open appeal."""
    appeal = _lock(appeal)
    if actor is None or actor.official_id != appeal.official_id:
        raise ValidationError({"official": [_("只有申请人本人可以撤回申请。")]})
    if appeal.state != State.OPEN:
        raise ValidationError({"state": [_("该申请已办结（%(state)s），不能撤回。") % {
            "state": appeal.get_state_display()}]})
    appeal.state, appeal.decided_on = State.WITHDRAWN, timezone.localdate()
    audited_save(appeal, actor=actor, reason=(reason or "").strip()[:100] or gettext_noop("撤回复核申请"))
    _tell_official(appeal, _("您已撤回对%(subject)s的复核申请。") % {"subject": _subject_label(appeal)}, "withdrawn")
    return appeal


def display_value(subject: str, value: str) -> str:
    """A contested or new value as a reader reads it (好 for good, A 级 for A, points as they are)."""
    if not value:
        return "—"
    if subject == Subject.YEAR_GRADE and value in GRADE_LABELS:
        return _(GRADE_LABELS[value])
    if subject == Subject.PLEDGE_GRADE:
        return _("%(grade)s 级") % {"grade": value}
    return value


def target_of(appeal: Appeal):
    """The contested object (QuarterlyScore, Pledge or Result)."""
    return {Subject.QUARTERLY_SCORE: appeal.quarterly_score, Subject.PLEDGE_GRADE: appeal.pledge,
            Subject.YEAR_GRADE: appeal.result}[appeal.subject]

