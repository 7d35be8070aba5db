"""Writes for cycles (creation, settings, state) and the year's inputs (quarterly scores and their
release, unit scores, surveys, political reviews, list entries). Each is one transaction, audited
(django-simple-history: who, when, old → new, reason). Computing, overriding and finalizing
results are in evaluations/compute.py."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audited_delete, audited_save

from . import cycle_settings
from .models import (
    Cycle, ListEntry, ListItem, PoliticalReview, QuarterlyScore, QuarterRelease, RaterGroup, SurveyScore, UnitScore,
)

def _settings_or_error(settings: dict) -> dict:
    try:
        return cycle_settings.validate(settings)
    except cycle_settings.SettingsError as exc:
        raise ValidationError({"settings": [f"{k}: {v}" for k, v in exc.errors.items()]}) from None


@transaction.atomic
def cycle_create(
    *, actor, district, year: int, settings: dict | None = None,
    pledge_deadline: datetime.date | None = None,
) -> Cycle:
    """Open a cycle in `planning`. Partial settings are laid over the defaults."""
    merged = cycle_settings.merge(cycle_settings.defaults(), settings or {})
    cycle = Cycle(
        district=district, year=year, settings=_settings_or_error(merged),
        pledge_deadline=pledge_deadline or Cycle.default_pledge_deadline(year),
    )
    audited_save(cycle, actor=actor, reason="新建考核年度")
    return cycle


@transaction.atomic
def cycle_update(
    *, actor, cycle: Cycle, settings: dict | None = None,
    pledge_deadline: datetime.date | None = None, reason: str = "",
) -> Cycle:
    """Change a cycle's settings or pledge deadline.

    Settings change only while the cycle is in `planning` (SPEC section 3: later states allow
    everything but settings, and a finalized cycle is frozen)."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if settings is not None:
        if cycle.state != Cycle.State.PLANNING:
            raise ValidationError(
                {"settings": [f"考核参数只能在“筹备”阶段修改，本年度当前状态为“{cycle.get_state_display()}”。"]}
            )
        cycle.settings = _settings_or_error(cycle_settings.merge(cycle.settings, settings))
    if pledge_deadline is not None:
        if cycle.state == Cycle.State.FINALIZED:
            raise ValidationError({"pledge_deadline": ["本年度已定档，不能修改。"]})
        cycle.pledge_deadline = pledge_deadline
    audited_save(cycle, actor=actor, reason=reason or "修改考核年度")
    if pledge_deadline is not None:
        from pledges.models import Pledge

        # Annual pledges are due by the cycle deadline (pledges.rules.due_date).
        Pledge.objects.filter(cycle=cycle, kind=Pledge.Kind.ANNUAL).update(due_on=pledge_deadline)
    return cycle


@transaction.atomic
def cycle_advance(*, actor, cycle: Cycle, reason: str = "") -> Cycle:
    """Move a cycle one step: planning → in_progress → evaluating. Finalizing is its own service."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    following = {
        Cycle.State.PLANNING: Cycle.State.IN_PROGRESS,
        Cycle.State.IN_PROGRESS: Cycle.State.EVALUATING,
    }
    if cycle.state not in following:
        raise ValidationError(
            {"state": [f"“{cycle.get_state_display()}”状态的考核年度不能再推进；评定结束后请使用“定档”。"]}
        )
    cycle.state = following[cycle.state]
    audited_save(cycle, actor=actor, reason=reason or f"推进至“{cycle.get_state_display()}”")
    return cycle



# --- the year's inputs ------------------------------------------------------------------------

SCORING_STATES = (Cycle.State.IN_PROGRESS, Cycle.State.EVALUATING)
YEAR_END_STATES = (Cycle.State.EVALUATING,)
LIST_STATES = (Cycle.State.IN_PROGRESS, Cycle.State.EVALUATING)


def require_state(cycle: Cycle, allowed, doing: str) -> None:
    """Refuse (400) what the cycle's state does not allow (SPEC section 3, the state table)."""
    if cycle.state not in allowed:
        allowed_text = "、".join(f"“{Cycle.State(s).label}”" for s in allowed)
        raise ValidationError(
            {"cycle": [f"{cycle.year} 年度当前为“{cycle.get_state_display()}”阶段，不能{doing}（仅限{allowed_text}阶段）。"]}
        )


def state_refusal(cycle: Cycle, allowed, doing: str) -> str:
    """Why the cycle's state does not allow `doing` (require_state's own words), or "": for pages
    and imports that say so up front instead of failing later."""
    try:
        require_state(cycle, allowed, doing)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def released_quarters(cycle: Cycle) -> set[int]:
    return set(cycle.releases.values_list("quarter", flat=True))


def _require_reason_when_released(cycle: Cycle, quarter: int, reason: str) -> None:
    if quarter in released_quarters(cycle) and not (reason or "").strip():
        raise ValidationError({"reason": [f"第 {quarter} 季度评分已发布，修改须说明理由。"]})


def score_entry_problems(*, approved: bool, quarter, score, letter, spanned, released: bool, reason: str) -> dict:
    """What is wrong with entering `score` (points) or `letter` for a pledge's quarter, as
    {field: message}; empty when it may be entered. Shared by the API, the grid and the Excel
    import, so all three apply the same rules: only approved pledges, only quarters the pledge
    spans, points or a letter (not both), points 0–100 with one decimal, a letter A/B/C, and a
    reason once the quarter is released."""
    from decimal import Decimal

    problems = {}
    if not approved:
        problems["pledge"] = "只有审核通过的目标才能评分。"
    if quarter not in (1, 2, 3, 4):
        problems["quarter"] = "季度必须是 1 到 4。"
    elif quarter not in spanned:
        problems["quarter"] = f"该目标不跨越第 {quarter} 季度。"
    if (score is None) == (not letter):
        problems["score"] = "请填写得分或季度评级（二选一）。"
    elif score is not None:
        number = Decimal(str(score))
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
            problems["score"] = "得分必须在 0 到 100 之间。"
        elif number != number.quantize(Decimal("0.1")):
            problems["score"] = "得分最多保留一位小数。"
    elif letter not in ("A", "B", "C"):
        problems["letter"] = "季度评级只能是 A、B 或 C。"
    if released and not (reason or "").strip() and quarter in (1, 2, 3, 4):
        problems["reason"] = f"第 {quarter} 季度评分已发布，修改须说明理由。"
    return problems


@transaction.atomic
def quarterly_score_record(
    *, actor, pledge, quarter: int, score=None, letter: str | None = None, method: str = "investigation",
    note: str = "", reason: str = "",
) -> QuarterlyScore:
    """Enter or correct a pledge's score for a quarter: points (0–100, one decimal) or a letter
    (A/B/C). Only approved pledges, only quarters the pledge spans; once the quarter is released
    a change needs a reason (audited)."""
    from pledges.models import Pledge
    from pledges.rules import spanned_quarters

    pledge = Pledge.objects.select_related("cycle", "official").get(pk=pledge.pk)
    cycle = pledge.cycle
    require_state(cycle, SCORING_STATES, "录入季度评分")
    problems = score_entry_problems(
        approved=pledge.status == Pledge.Status.APPROVED, quarter=quarter, score=score, letter=letter,
        spanned=spanned_quarters(kind=pledge.kind, cycle_year=cycle.year, appointed_on=pledge.official.appointed_on),
        released=quarter in released_quarters(cycle), reason=reason,
    )
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
    row = QuarterlyScore.objects.select_for_update().filter(pledge=pledge, quarter=quarter).first()
    if row is None:
        row = QuarterlyScore(pledge=pledge, quarter=quarter)
    row.score, row.letter = (None, letter) if letter else (score, "")
    row.method, row.note, row.entered_by = method, note, actor
    audited_save(row, actor=actor, reason=reason.strip() or ("录入季度评分" if row.pk is None else "修改季度评分"))
    return row


@transaction.atomic
def quarterly_score_delete(*, actor, row: QuarterlyScore, reason: str = "") -> None:
    row = QuarterlyScore.objects.select_related("pledge__cycle").get(pk=row.pk)
    require_state(row.pledge.cycle, SCORING_STATES, "删除季度评分")
    _require_reason_when_released(row.pledge.cycle, row.quarter, reason)
    audited_delete(row, actor=actor, reason=reason.strip() or "删除季度评分")


@transaction.atomic
def quarter_release(*, actor, cycle: Cycle, quarter: int) -> QuarterRelease:
    """Release a quarter once every approved pledge that spans it has its score: officials then
    see their own scores, and later changes need a reason."""
    from pledges.models import Pledge
    from pledges.rules import spanned_quarters

    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    require_state(cycle, SCORING_STATES, "发布季度评分")
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": ["季度必须是 1 到 4。"]})
    if QuarterRelease.objects.filter(cycle=cycle, quarter=quarter).exists():
        raise ValidationError({"quarter": [f"第 {quarter} 季度已发布。"]})
    unscored = [
        f"{p.official.name}：{p.title}"
        for p in Pledge.objects.filter(cycle=cycle, status=Pledge.Status.APPROVED)
        .exclude(scores__quarter=quarter).select_related("official").order_by("official__name", "id")
        if quarter in spanned_quarters(kind=p.kind, cycle_year=cycle.year, appointed_on=p.official.appointed_on)
    ]
    if unscored:
        raise ValidationError({"quarter": [f"第 {quarter} 季度还有 {len(unscored)} 项目标未评分："] + unscored})
    release = QuarterRelease(cycle=cycle, quarter=quarter, released_by=actor)
    audited_save(release, actor=actor, reason=f"发布第 {quarter} 季度评分")
    return release


def _upsert(model, lookup: dict, values: dict, *, actor, reason: str, doing: str):
    row = model.objects.select_for_update().filter(**lookup).first()
    created = row is None
    if created:
        row = model(**lookup)
    for field, value in values.items():
        setattr(row, field, value)
    audited_save(row, actor=actor, reason=reason.strip() or (f"录入{doing}" if created else f"修改{doing}"))
    return row


@transaction.atomic
def unit_score_record(*, actor, unit, cycle: Cycle, score, reason: str = "") -> UnitScore:
    """The unit's annual performance score (0–100) in the cycle; year end only."""
    require_state(cycle, YEAR_END_STATES, "录入单位综合绩效")
    if unit.district_id != cycle.district_id:
        raise ValidationError({"unit": ["该单位不属于本年度所在的区。"]})
    return _upsert(UnitScore, {"unit": unit, "cycle": cycle}, {"score": score}, actor=actor, reason=reason,
                   doing="单位综合绩效")


@transaction.atomic
def survey_score_record(*, actor, official, cycle: Cycle, rater_group: str, score, reason: str = "") -> SurveyScore:
    """One rater group's survey score (0–100) of an official; year end only."""
    require_state(cycle, YEAR_END_STATES, "录入多维测评")
    if official.unit.district_id != cycle.district_id:
        raise ValidationError({"official": ["该干部不属于本年度所在的区。"]})
    if rater_group not in RaterGroup.values:
        raise ValidationError({"rater_group": ["测评主体只能是上级、同级、下级或服务对象。"]})
    return _upsert(SurveyScore, {"official": official, "cycle": cycle, "rater_group": rater_group},
                   {"score": score}, actor=actor, reason=reason, doing="多维测评")


@transaction.atomic
def political_review_record(*, actor, official, cycle: Cycle, qualified: bool, note: str = "",
                            reason: str = "") -> PoliticalReview:
    """The political quality review: qualified or not (not qualified is a veto); year end only."""
    require_state(cycle, YEAR_END_STATES, "录入政治素质测评")
    if official.unit.district_id != cycle.district_id:
        raise ValidationError({"official": ["该干部不属于本年度所在的区。"]})
    return _upsert(PoliticalReview, {"official": official, "cycle": cycle}, {"qualified": qualified, "note": note},
                   actor=actor, reason=reason, doing="政治素质测评")


@transaction.atomic
def list_entry_add(*, actor, official, cycle: Cycle, item: ListItem, note: str = "") -> ListEntry:
    """Record that a list item applies to an official (events happen all year)."""
    require_state(cycle, LIST_STATES, "记录正负面清单")
    if official.unit.district_id != cycle.district_id:
        raise ValidationError({"official": ["该干部不属于本年度所在的区。"]})
    entry = ListEntry(official=official, cycle=cycle, item=item, note=note, recorded_by=actor)
    audited_save(entry, actor=actor, reason=f"记录{item.get_kind_display()}：{item.code}")
    return entry


@transaction.atomic
def list_entry_remove(*, actor, entry: ListEntry, reason: str) -> None:
    require_state(entry.cycle, LIST_STATES, "删除正负面清单记录")
    if not (reason or "").strip():
        raise ValidationError({"reason": ["删除清单记录须说明理由。"]})
    audited_delete(entry, actor=actor, reason=reason.strip())


# --- long tasks -------------------------------------------------------------------------------


class QueueUnavailable(Exception):
    """The task queue (Redis) cannot take the task now; nothing was started."""


def task_start(*, actor, cycle: Cycle, kind: str, task, args: list) -> str:
    """Start a Celery task for a cycle and record who asked (TaskRecord), so that its status is
    readable only within the cycle's district. Fails fast with QueueUnavailable when the broker
    is down: the record is removed and nothing runs."""
    import uuid

    from kombu.exceptions import OperationalError

    from .models import TaskRecord

    task_id = str(uuid.uuid4())
    # Committed before the task is sent, so a worker that starts at once finds it.
    record = TaskRecord.objects.create(task_id=task_id, kind=kind, cycle=cycle, requested_by=actor)
    try:
        task.apply_async(args=args, task_id=task_id)
    except OperationalError as exc:
        record.delete()
        raise QueueUnavailable("任务队列暂时不可用，请稍后再试或联系系统管理员。") from exc
    return task_id
