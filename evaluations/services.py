"""Writes for the year's inputs: quarterly scores and their release, unit scores, surveys,
political reviews, list entries. Each is one transaction, audited (django-simple-history: who,
when, old → new, reason), and asks cycles.states whether the cycle's state allows it. Computing,
overriding and finalizing results are in evaluations/compute.py."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audited_delete, audited_save
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from notifications.models import Notification
from notifications.services import Note, notify_officials
from org.models import Official

from . import signals
from .models import (
    Exemption,
    ListEntry,
    ListItem,
    PoliticalReview,
    QuarterlyScore,
    QuarterRelease,
    RaterGroup,
    Result,
    SurveyScore,
    UnitScore,
)


def released_quarters(cycle: Cycle) -> set[int]:
    return set(cycle.releases.order_by().values_list("quarter", flat=True))


def _require_reason_when_released(cycle: Cycle, quarter: int, reason: str) -> None:
    if quarter in released_quarters(cycle) and not (reason or "").strip():
        raise ValidationError({"reason": [_("第 %(quarter)s 季度评分已发布，修改须说明理由。") % {"quarter": quarter}]})


def score_entry_problems(*, approved: bool, quarter, score, letter, spanned, released: bool, reason: str) -> dict:
    """What is wrong with entering `score` (points) or `letter` for a pledge's quarter, as
    {field: message}; empty when it may be entered. Shared by the API, the grid and the Excel
    import, so all three apply the same rules: only approved pledges, only quarters the pledge
    spans, points or a letter (not both), points 0–100 with one decimal, a letter A/B/C, and a
    reason once the quarter is released."""
    from decimal import Decimal

    problems = {}
    if not approved:
        problems["pledge"] = _("只有审核通过的目标才能评分。")
    if quarter not in (1, 2, 3, 4):
        problems["quarter"] = _("季度必须是 1 到 4。")
    elif quarter not in spanned:
        problems["quarter"] = _("该目标不跨越第 %(quarter)s 季度。") % {"quarter": quarter}
    if (score is None) == (not letter):
        problems["score"] = _("请填写得分或季度评级（二选一）。")
    elif score is not None:
        number = Decimal(str(score))
        if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
            problems["score"] = _("得分必须在 0 到 100 之间。")
        elif number != number.quantize(Decimal("0.1")):
            problems["score"] = _("得分最多保留一位小数。")
    elif letter not in ("A", "B", "C"):
        problems["letter"] = _("季度评级只能是 A、B 或 C。")
    if released and not (reason or "").strip() and quarter in (1, 2, 3, 4):
        problems["reason"] = _("第 %(quarter)s 季度评分已发布，修改须说明理由。") % {"quarter": quarter}
    return problems


def quarterly_score_record(
    *, actor, pledge, quarter: int, score=None, letter: str | None = None, method: str = "investigation",
    note: str = "", reason: str = "",
) -> QuarterlyScore:
    """Enter or correct a pledge's score for a quarter: points (0–100, one decimal) or a letter
    (A/B/C). Only approved pledges, only quarters the pledge spans; once the quarter is released
    a change needs a reason (audited)."""
    return quarterly_score_upsert(actor=actor, pledge=pledge, quarter=quarter, score=score, letter=letter,
                                  method=method, note=note, reason=reason)[0]


@transaction.atomic
def quarterly_score_upsert(
    *, actor, pledge, quarter: int, score=None, letter: str | None = None, method: str = "investigation",
    note: str = "", reason: str = "", fresh: bool = False,
) -> tuple[QuarterlyScore, bool]:
    """`quarterly_score_record`, also saying whether the score was created (True) or updated.

    fresh: `pledge`, with its cycle and official, was read just before, for this write (the API's
    scoped lookup of the request's pledge), so it is not read again; otherwise it is (a caller's
    pledge may be older than a change of its cycle's state). Every rule is checked here
    (score_entry_problems) and the (pledge, quarter) row is looked up under a lock, so the save
    skips the model's per-constraint queries: a write is the lookups, the row and its history row."""
    from pledges.models import Pledge
    from pledges.rules import spanned_quarters

    if not fresh:
        pledge = Pledge.objects.select_related("cycle", "official").get(pk=pledge.pk)
    cycle = pledge.cycle
    states.require(cycle, Activity.SCORING, _("录入季度评分"))
    problems = score_entry_problems(
        approved=pledge.status == Pledge.Status.APPROVED, quarter=quarter, score=score, letter=letter,
        spanned=spanned_quarters(kind=pledge.kind, cycle_year=cycle.year, appointed_on=pledge.official.appointed_on),
        released=quarter in released_quarters(cycle), reason=reason,
    )
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
    row = QuarterlyScore.objects.select_for_update().filter(pledge=pledge, quarter=quarter).first()
    created = row is None
    if created:
        row = QuarterlyScore(pledge=pledge, quarter=quarter)
    row.pledge = pledge  # the response shows its cycle's letter points and its official
    row.score, row.letter = (None, letter) if letter else (score, "")
    row.method, row.note, row.entered_by = method, note, actor
    default = gettext_noop("录入季度评分") if created else gettext_noop("修改季度评分")
    audited_save(row, actor=actor, reason=reason.strip() or default, checked_by_caller=True)
    return row, created


@transaction.atomic
def quarterly_score_delete(*, actor, row: QuarterlyScore, reason: str = "") -> None:
    row = QuarterlyScore.objects.select_related("pledge__cycle").get(pk=row.pk)
    states.require(row.pledge.cycle, Activity.SCORING, _("删除季度评分"))
    _require_reason_when_released(row.pledge.cycle, row.quarter, reason)
    audited_delete(row, actor=actor, reason=reason.strip() or gettext_noop("删除季度评分"))


@transaction.atomic
def quarter_release(*, actor, cycle: Cycle, quarter: int) -> QuarterRelease:
    """Release a quarter once every approved pledge that spans it has its score: officials then
    see their own scores, and later changes need a reason. The release is announced
    (signals.quarter_released) in this transaction: a board that republishes itself follows it."""
    from pledges.models import Pledge
    from pledges.rules import spanned_quarters

    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    states.require(cycle, Activity.SCORING, _("发布季度评分"))
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": [_("季度必须是 1 到 4。")]})
    if QuarterRelease.objects.filter(cycle=cycle, quarter=quarter).exists():
        raise ValidationError({"quarter": [_("第 %(quarter)s 季度已发布。") % {"quarter": quarter}]})
    unscored = [
        _("%(name)s：%(title)s") % {"name": p.official.name, "title": p.title}
        for p in Pledge.objects.filter(cycle=cycle, status=Pledge.Status.APPROVED)
        .exclude(scores__quarter=quarter).select_related("official").order_by("official__name", "id")
        if quarter in spanned_quarters(kind=p.kind, cycle_year=cycle.year, appointed_on=p.official.appointed_on)
    ]
    if unscored:
        missing = _("第 %(quarter)s 季度还有 %(n)s 项目标未评分：") % {"quarter": quarter, "n": len(unscored)}
        raise ValidationError({"quarter": [missing, *unscored]})
    release = QuarterRelease(cycle=cycle, quarter=quarter, released_by=actor)
    audited_save(release, actor=actor, reason=gettext_noop("发布第 %(quarter)s 季度评分") % {"quarter": quarter})
    scored = Pledge.objects.filter(cycle=cycle, status=Pledge.Status.APPROVED, scores__quarter=quarter)
    _tell_officials(
        cycle, scored.values_list("official_id", flat=True).distinct(), kind=Notification.Kind.SCORES_RELEASED,
        message=_("%(year)s 年度第 %(quarter)s 季度评分已发布，可查看您的得分。")
        % {"year": cycle.year, "quarter": quarter},
        key=f"release:{cycle.pk}:{quarter}",
    )
    signals.quarter_released.send(sender=QuarterRelease, cycle=cycle, quarter=quarter, actor=actor)
    return release


@transaction.atomic
def results_announce(*, cycle: Cycle) -> None:
    """Tell every official with a result in `cycle` that the year is finalized (called after
    compute.cycle_finalize; once per cycle and account, so calling it again adds nothing)."""
    if cycle.state != Cycle.State.FINALIZED:
        return
    _tell_officials(
        cycle, Result.objects.filter(cycle=cycle).values_list("official_id", flat=True),
        kind=Notification.Kind.RESULTS, key=f"results:{cycle.pk}",
        message=_("%(year)s 年度考核已定档，可查看您的考核结果。") % {"year": cycle.year},
    )


def _tell_officials(cycle: Cycle, official_ids, *, kind: str, message: str, key: str) -> None:
    """One note to each of the officials (a query for the ids, one for their accounts, one insert)."""
    note = Note(kind=kind, district_id=cycle.district_id, message=message, link=reverse("evaluations:mine"), key=key)
    notify_officials(notes=[(official_id, note) for official_id in official_ids])


def _upsert(model, lookup: dict, values: dict, *, actor, reason: str, doing: tuple[str, str]):
    """Create or change a row; `doing` is the audit reason when none is given (created, changed)."""
    row = model.objects.select_for_update().filter(**lookup).first()
    created = row is None
    if created:
        row = model(**lookup)
    for field, value in values.items():
        setattr(row, field, value)
    audited_save(row, actor=actor, reason=reason.strip() or (doing[0] if created else doing[1]))
    return row


@transaction.atomic
def unit_score_record(*, actor, unit, cycle: Cycle, score, reason: str = "") -> UnitScore:
    """The unit's annual performance score (0–100) in the cycle; year end only."""
    states.require(cycle, Activity.YEAR_END, _("录入单位综合绩效"))
    if unit.district_id != cycle.district_id:
        raise ValidationError({"unit": [_("该单位不属于本年度所在的区。")]})
    return _upsert(UnitScore, {"unit": unit, "cycle": cycle}, {"score": score}, actor=actor, reason=reason,
                   doing=(gettext_noop("录入单位综合绩效"), gettext_noop("修改单位综合绩效")))


@transaction.atomic
def survey_score_record(*, actor, official, cycle: Cycle, rater_group: str, score, reason: str = "") -> SurveyScore:
    """One rater group's survey score (0–100) of an official; year end only."""
    states.require(cycle, Activity.YEAR_END, _("录入多维测评"))
    if official.unit.district_id != cycle.district_id:
        raise ValidationError({"official": [_("该干部不属于本年度所在的区。")]})
    if rater_group not in RaterGroup.values:
        raise ValidationError({"rater_group": [_("测评主体只能是上级、同级、下级或服务对象。")]})
    return _upsert(SurveyScore, {"official": official, "cycle": cycle, "rater_group": rater_group},
                   {"score": score}, actor=actor, reason=reason,
                   doing=(gettext_noop("录入多维测评"), gettext_noop("修改多维测评")))


@transaction.atomic
def political_review_record(*, actor, official, cycle: Cycle, qualified: bool, note: str = "",
                            reason: str = "") -> PoliticalReview:
    """The political quality review: qualified or not (not qualified is a veto); year end only."""
    states.require(cycle, Activity.YEAR_END, _("录入政治素质测评"))
    if official.unit.district_id != cycle.district_id:
        raise ValidationError({"official": [_("该干部不属于本年度所在的区。")]})
    return _upsert(PoliticalReview, {"official": official, "cycle": cycle}, {"qualified": qualified, "note": note},
                   actor=actor, reason=reason,
                   doing=(gettext_noop("录入政治素质测评"), gettext_noop("修改政治素质测评")))


REVIEW_NOTE_MAX = PoliticalReview._meta.get_field("note").max_length


def political_review_problems(*, qualified: bool, note: str) -> dict:
    """What is wrong with a political review, as {field: message}; empty when it may be
    recorded. Not qualified is a veto, so it needs a note saying why; a note is at most
    REVIEW_NOTE_MAX characters. Shared by the bulk page, the Excel import and the bulk service."""
    problems = {}
    if not qualified and not (note or "").strip():
        problems["note"] = _("结论为不合格时须填写说明。")
    elif len(note or "") > REVIEW_NOTE_MAX:
        problems["note"] = _("说明不超过 %(n)s 字。") % {"n": REVIEW_NOTE_MAX}
    return problems


@dataclass(frozen=True)
class ReviewEntry:
    """One official's political review for political_reviews_record_bulk."""

    official: Official
    qualified: bool
    note: str = ""


@dataclass(frozen=True)
class BulkOutcome:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def political_reviews_record_bulk(*, actor, cycle: Cycle, rows: Sequence[ReviewEntry],
                                  reason: str = "") -> BulkOutcome:
    """The political reviews of many officials at once, all or none: every row is checked
    (an official of the cycle's district, given once; not qualified needs a note) and any
    problem refuses the whole call, naming each official. Rows equal to the stored review are
    left alone; the others are created or updated set-based (simple-history's bulk helpers write
    one history row each, with `actor` and the reason). Year end only."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    # Serialize with other bulk writes and imports of the cycle: the checks read what they write.
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    states.require(cycle, Activity.YEAR_END, _("录入政治素质测评"))
    in_district = set(Official.objects.filter(unit__district_id=cycle.district_id).order_by()
                      .values_list("pk", flat=True))
    problems: dict[str, list[str]] = {}
    seen = set()
    for row in rows:
        name = row.official.name
        if row.official.pk not in in_district:
            problems.setdefault("official", []).append(
                _("%(name)s：该干部不属于本年度所在的区。") % {"name": name})
        elif row.official.pk in seen:
            problems.setdefault("official", []).append(_("%(name)s：重复录入。") % {"name": name})
        seen.add(row.official.pk)
        for field, message in political_review_problems(qualified=row.qualified, note=row.note).items():
            problems.setdefault(field, []).append(_("%(name)s：%(message)s") % {"name": name, "message": message})
    if problems:
        raise ValidationError(problems)

    stored = {r.official_id: r for r in PoliticalReview.objects.select_for_update().filter(cycle=cycle)}
    creates, updates = [], []
    for row in rows:
        note = row.note.strip()
        current = stored.get(row.official.pk)
        if current is None:
            creates.append(PoliticalReview(official=row.official, cycle=cycle, qualified=row.qualified, note=note))
        elif (current.qualified, current.note) != (row.qualified, note):
            current.qualified, current.note = row.qualified, note
            updates.append(current)
    reason = reason.strip()
    if creates:
        bulk_create_with_history(creates, PoliticalReview, batch_size=500, default_user=actor,
                                 default_change_reason=reason or gettext_noop("批量录入政治素质测评"))
    if updates:
        bulk_update_with_history(updates, PoliticalReview, ["qualified", "note"], batch_size=500,
                                 default_user=actor,
                                 default_change_reason=reason or gettext_noop("批量修改政治素质测评"))
    return BulkOutcome(created=len(creates), updated=len(updates), unchanged=len(rows) - len(creates) - len(updates))


@transaction.atomic
def official_inputs_record(*, actor, official, cycle: Cycle, surveys: dict, review: dict | None) -> None:
    """An official's year-end inputs from one form, together or not at all: each changed survey
    score (`surveys`: {rater group: score}) and, when `review` is given, the political review
    (political_review_record's arguments)."""
    for group, score in surveys.items():
        survey_score_record(actor=actor, official=official, cycle=cycle, rater_group=group, score=score)
    if review is not None:
        political_review_record(actor=actor, official=official, cycle=cycle, **review)


@transaction.atomic
def list_entry_add(*, actor, official, cycle: Cycle, item: ListItem, note: str = "") -> ListEntry:
    """Record that a list item applies to an official (events happen all year)."""
    states.require(cycle, Activity.LIST_ENTRIES, _("记录正负面清单"))
    if official.unit.district_id != cycle.district_id:
        raise ValidationError({"official": [_("该干部不属于本年度所在的区。")]})
    entry = ListEntry(official=official, cycle=cycle, item=item, note=note, recorded_by=actor)
    negative = item.kind == ListItem.Kind.NEGATIVE
    recorded = gettext_noop("记录负面清单：%(code)s") if negative else gettext_noop("记录正面清单：%(code)s")
    audited_save(entry, actor=actor, reason=recorded % {"code": item.code})
    return entry


@transaction.atomic
def list_entry_tolerate(*, actor, entry: ListEntry, tolerated_on, reason: str) -> ListEntry:
    """容错纠错: mark a negative list entry as tolerated from `tolerated_on` (a date), or, with
    None, no longer tolerated (the decision was revoked). The entry stays on record; the next
    compute leaves a tolerated entry out of the veto. Called by records' tolerance decisions;
    audited with `reason`. Refused while the cycle's state does not take list entries (after
    finalize a result changes only through an appeal)."""
    entry = ListEntry.objects.select_for_update().select_related("cycle", "item").get(pk=entry.pk)
    states.require(entry.cycle, Activity.LIST_ENTRIES, _("容错纠错"))
    if entry.item.kind != ListItem.Kind.NEGATIVE:
        raise ValidationError({"list_entry": [_("只有负面清单记录可以容错免责。")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("须说明理由。")]})
    if entry.tolerated_on != tolerated_on:
        entry.tolerated_on = tolerated_on
        audited_save(entry, actor=actor, reason=reason.strip()[:100], checked_by_caller=True)
    return entry


@transaction.atomic
def list_entry_remove(*, actor, entry: ListEntry, reason: str) -> None:
    states.require(entry.cycle, Activity.LIST_ENTRIES, _("删除正负面清单记录"))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("删除清单记录须说明理由。")]})
    audited_delete(entry, actor=actor, reason=reason.strip())


def _in_cycle(official, cycle: Cycle) -> bool:
    """Whether the cycle reviews `official`: one of its district's officials, or one who moved
    away since but filed pledges in this cycle."""
    return official.unit.district_id == cycle.district_id or official.pledges.filter(cycle=cycle).exists()


@transaction.atomic
def exemption_record(*, actor, official, cycle: Cycle, reason: str, note: str = "") -> Exemption:
    """不确定等次: record (or change) that `official` is not graded in `cycle`, with a reason code
    and a note (SPEC section 4). The next compute lists the official with the reason, outside N,
    unranked, ungraded and without outcomes."""
    states.require(cycle, Activity.EXEMPTION)
    if reason not in Exemption.Reason.values:
        raise ValidationError({"reason": [_("原因只能是：%(choices)s。") % {
            "choices": _("、").join(_("%(value)s（%(label)s）") % {"value": value, "label": label}
                               for value, label in Exemption.Reason.choices)}]})
    if reason == Exemption.Reason.OTHER and not (note or "").strip():
        raise ValidationError({"note": [_("原因为“其他”时须填写说明。")]})
    if not _in_cycle(official, cycle):
        raise ValidationError({"official": [_("该干部不属于本年度所在的区。")]})
    exemption = Exemption.objects.select_for_update().filter(official=official, cycle=cycle).first() \
        or Exemption(official=official, cycle=cycle)
    exemption.reason, exemption.note, exemption.recorded_by = reason, (note or "").strip(), actor
    with translation.override(settings.LANGUAGE_CODE):  # the history keeps Chinese
        label = str(Exemption.Reason(reason).label)
    audited_save(exemption, actor=actor, reason=gettext_noop("不确定等次：%(reason)s") % {"reason": label})
    return exemption


@transaction.atomic
def exemption_remove(*, actor, exemption: Exemption, reason: str) -> None:
    """Withdraw an exemption, with the reason; the next compute ranks and grades the official."""
    states.require(exemption.cycle, Activity.EXEMPTION)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("撤销不确定等次须说明理由。")]})
    audited_delete(exemption, actor=actor, reason=reason.strip())
