"""Writes for surveys (SPEC section 10): create and edit a survey while it is a draft, issue
one-time ballot codes, open, submit a ballot (anonymous), close (computes the aggregates), change
a political proposal with a reason, and confirm (writes SurveyScores / PoliticalReviews through
evaluations.services). Each is one transaction and audited: the survey's history (who, when,
old → new, reason) records every step taken on it, including how many codes were issued. Ballots,
answers and codes have no history on purpose (see models)."""
from __future__ import annotations

import datetime
import hashlib
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings as conf
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audited_save
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from evaluations import services as evaluation_services
from evaluations.models import RaterGroup
from org.models import Official, Unit

from . import rules
from .models import Answer, Ballot, BallotCode, PoliticalProposal, Survey, SurveyItem, SurveyResult
from .selectors import covered_officials

State = Survey.State
# 80 random bits per code (≥ 64 asked), written as 16 characters of base32 (no 0/1/8/9 to misread).
CODE_BYTES = 10
MAX_CODES_PER_CALL = 5000


# --- codes ---------------------------------------------------------------------------------------
def code_normalize(code: str) -> str:
    """A code as typed or scanned: case, spaces and dashes do not matter."""
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def code_hash(code: str) -> str:
    """The stored form of a code: SHA-256 of its normalized text (80 random bits cannot be
    enumerated, so no salt or slow hash is needed to keep them unguessable)."""
    return hashlib.sha256(code_normalize(code).encode()).hexdigest()


def _new_code() -> str:
    import base64

    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode().lower().rstrip("=")


# --- survey definition ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemInput:
    code: str
    text: str
    reverse: bool = False


def _item_problems(kind: str, items: Sequence[ItemInput]) -> list[str]:
    problems, seen = [], set()
    if not items:
        problems.append(_("至少要有一道测评题目。"))
    for n, item in enumerate(items, start=1):
        code = (item.code or "").strip()
        if not code or len(code) > 20 or not all(ch.isalnum() or ch in "-_" for ch in code) or not code.isascii():
            problems.append(_("第 %(n)s 题：编号须为 1–20 个字母、数字、“-”或“_”。") % {"n": n})
        elif code in seen:
            problems.append(_("第 %(n)s 题：编号“%(code)s”重复。") % {"n": n, "code": code})
        seen.add(code)
        if not (item.text or "").strip() or len(item.text) > 300:
            problems.append(_("第 %(n)s 题：内容须为 1–300 个字。") % {"n": n})
        if item.reverse and kind != Survey.Kind.POLITICAL:
            problems.append(_("第 %(n)s 题：只有政治素质测评可以有反向题。") % {"n": n})
    if kind == Survey.Kind.POLITICAL and items and all(item.reverse for item in items):
        problems.append(_("政治素质测评至少要有一道正向题。"))
    return problems


def _definition_problems(*, kind, items, scale, settings) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if kind not in Survey.Kind.values:
        problems["kind"] = [_("类型只能是多维测评或政治素质测评。")]
    elif items is not None and (found := _item_problems(kind, items)):
        problems["items"] = found
    if scale is not None and (found := rules.scale_problems(scale)):
        problems["scale"] = found
    if settings is not None:
        found = rules.settings_problems(settings)
        if found:
            problems["settings"] = [f"{key}: {message}" for key, message in found.items()]
    return problems


def _require_not_finalized(cycle: Cycle) -> None:
    if cycle.state == Cycle.State.FINALIZED:
        raise ValidationError({"cycle": [_("%(year)s 年度已定档，不能再组织测评。") % {"year": cycle.year}]})


def _officials_problems(cycle: Cycle, officials: Sequence[Official]) -> dict:
    if any(o.unit.district_id != cycle.district_id for o in officials):
        return {"officials": [_("被测评干部须属于本年度所在的区。")]}
    return {}


def _write_items(survey: Survey, items: Sequence[ItemInput], *, actor, reason: str) -> None:
    survey.items.all().delete()
    for order, item in enumerate(items):
        audited_save(SurveyItem(survey=survey, code=item.code.strip(), text=item.text.strip(),
                                reverse=item.reverse, order=order), actor=actor, reason=reason)


@transaction.atomic
def survey_create(*, actor, cycle: Cycle, kind: str, title: str, items: Sequence[ItemInput],
                  scale: list | None = None, settings: Mapping | None = None,
                  officials: Sequence[Official] | None = None) -> Survey:
    """A draft survey of `cycle` with its items; scale and settings default (rules), the
    officials default to the district's principal officials. Refuses a finalized cycle."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _require_not_finalized(cycle)
    problems = _definition_problems(kind=kind, items=items, scale=scale, settings=settings)
    if officials is not None:
        problems.update(_officials_problems(cycle, officials))
    if problems:
        raise ValidationError(problems)
    survey = Survey(cycle=cycle, kind=kind, title=(title or "").strip(),
                    settings={**rules.DEFAULT_SETTINGS, **(settings or {})},
                    scale=list(scale) if scale is not None else [dict(c) for c in rules.DEFAULT_SCALE])
    reason = gettext_noop("新建测评")
    audited_save(survey, actor=actor, reason=reason)
    _write_items(survey, items, actor=actor, reason=reason)
    if officials is None:
        officials = Official.objects.filter(unit__district_id=cycle.district_id, is_principal=True)
    survey.officials.set(officials)
    return survey


@transaction.atomic
def survey_update(*, actor, survey: Survey, title: str | None = None, items: Sequence[ItemInput] | None = None,
                  scale: list | None = None, settings: Mapping | None = None,
                  officials: Sequence[Official] | None = None, reason: str = "") -> Survey:
    """Change a draft survey (any of title, items, scale, settings, officials); an open or later
    survey is refused — its ballots were cast against what it was."""
    survey = Survey.objects.select_for_update().select_related("cycle").get(pk=survey.pk)
    if survey.state != State.DRAFT:
        raise ValidationError({"state": [_("只有草稿状态的测评可以修改。")]})
    problems = _definition_problems(kind=survey.kind, items=items, scale=scale, settings=settings)
    if title is not None and not title.strip():
        problems["title"] = [_("请填写名称。")]
    if officials is not None:
        problems.update(_officials_problems(survey.cycle, officials))
    if problems:
        raise ValidationError(problems)
    reason = reason.strip() or gettext_noop("修改测评")
    if title is not None:
        survey.title = title.strip()
    if scale is not None:
        survey.scale = list(scale)
    if settings is not None:
        survey.settings = {**rules.DEFAULT_SETTINGS, **settings}
    audited_save(survey, actor=actor, reason=reason)
    if items is not None:
        _write_items(survey, items, actor=actor, reason=reason)
    if officials is not None:
        survey.officials.set(officials)
    return survey


@transaction.atomic
def codes_issue(*, actor, survey: Survey, rater_group: str, count: int, unit: Unit | None = None,
                today: datetime.date | None = None) -> list[str]:
    """Issue `count` one-time codes for `rater_group` (optionally covering only `unit`'s
    officials) and return them: the only time the plain codes exist — only their hashes are kept.
    A draft or open survey only."""
    survey = Survey.objects.select_for_update().select_related("cycle").get(pk=survey.pk)
    problems = {}
    if survey.state not in (State.DRAFT, State.OPEN):
        problems["state"] = [_("测评已结束，不能再发放票码。")]
    if rater_group not in RaterGroup.values:
        problems["rater_group"] = [_("测评主体只能是上级、同级、下级或服务对象。")]
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_CODES_PER_CALL:
        problems["count"] = [_("数量须为 1 到 %(n)s 之间的整数。") % {"n": MAX_CODES_PER_CALL}]
    if unit is not None and unit.district_id != survey.cycle.district_id:
        problems["unit"] = [_("该单位不属于本年度所在的区。")]
    if problems:
        raise ValidationError(problems)
    today = today or timezone.localdate()
    codes = [_new_code() for _n in range(count)]
    BallotCode.objects.bulk_create([
        BallotCode(survey=survey, rater_group=rater_group, unit=unit, code_hash=code_hash(code), issued_on=today)
        for code in codes
    ])
    # The survey's history records the issue (BallotCode rows have none: no exact times).
    with translation.override(conf.LANGUAGE_CODE):  # audit reasons are kept in the source language
        where = _("（%(unit)s）") % {"unit": unit.name} if unit else ""
        reason = _("发放票码：%(group)s %(count)s 张%(unit)s") % {
            "group": RaterGroup(rater_group).label, "count": count, "unit": where}
    audited_save(survey, actor=actor, reason=reason)
    return codes


def _move(survey: Survey, *, to: str, actor, reason: str) -> Survey:
    survey.state = to
    audited_save(survey, actor=actor, reason=reason)
    return survey


@transaction.atomic
def survey_open(*, actor, survey: Survey) -> Survey:
    """draft → open: raters may submit ballots. The survey needs items and officials."""
    survey = Survey.objects.select_for_update().select_related("cycle").get(pk=survey.pk)
    if survey.state != State.DRAFT:
        raise ValidationError({"state": [_("只有草稿状态的测评可以开始。")]})
    _require_not_finalized(survey.cycle)
    problems = []
    if not survey.items.exists():
        problems.append(_("至少要有一道测评题目。"))
    if not survey.officials.exists():
        problems.append(_("至少要有一名被测评干部。"))
    if problems:
        raise ValidationError({"state": problems})
    return _move(survey, to=State.OPEN, actor=actor, reason=gettext_noop("开始测评"))


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    """open → closed: no more ballots; the aggregates are computed (survey_aggregate)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != State.OPEN:
        raise ValidationError({"state": [_("只有测评中的测评可以结束。")]})
    survey.closed_at = timezone.now()
    _move(survey, to=State.CLOSED, actor=actor, reason=gettext_noop("结束测评"))
    survey_aggregate(survey=survey)
    return survey


@transaction.atomic
def proposal_change(*, actor, proposal: PoliticalProposal, qualified: bool, reason: str) -> PoliticalProposal:
    """Staff's decision on a political proposal before confirming, with the reason (audited).
    Setting it back to the proposal clears the change."""
    proposal = PoliticalProposal.objects.select_for_update().select_related("survey").get(pk=proposal.pk)
    if proposal.survey.state != State.CLOSED:
        raise ValidationError({"state": [_("只有已结束、尚未确认的测评可以调整建议。")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("调整建议须说明理由。")]})
    proposal.qualified = None if qualified == proposal.proposed_qualified else qualified
    proposal.reason = reason.strip() if proposal.qualified is not None else ""
    proposal.changed_by = actor if proposal.qualified is not None else None
    audited_save(proposal, actor=actor, reason=reason.strip())
    return proposal


def _political_note(survey: Survey, proposal: PoliticalProposal) -> str:
    parts = [_("依据“%(title)s”") % {"title": survey.title}]
    if proposal.score is not None:
        parts.append(_("政治素质得分 %(score)s") % {"score": proposal.score})
    shares = [f"{code} {share}" for code, share in proposal.negative_shares.items() if share is not None]
    if shares:
        parts.append(_("反向题负面比例：%(shares)s") % {"shares": _("、").join(shares)})
    if proposal.qualified is not None:
        parts.append(_("调整理由：%(reason)s") % {"reason": proposal.reason})
    return _("；").join(parts)[:1000]


@transaction.atomic
def survey_confirm(*, actor, survey: Survey) -> Survey:
    """closed → confirmed: each group that counts writes the official's SurveyScore (multi_rater),
    each decided proposal its PoliticalReview (political), through evaluations.services — audited
    there with a reason naming the survey. A group that does not count writes nothing. Year end
    only (the services ask the cycle's state)."""
    survey = Survey.objects.select_for_update().select_related("cycle").get(pk=survey.pk)
    if survey.state != State.CLOSED:
        raise ValidationError({"state": [_("只有已结束的测评可以确认。")]})
    states.require(survey.cycle, Activity.YEAR_END, _("确认测评结果"))
    with translation.override(conf.LANGUAGE_CODE):  # reasons and notes are kept in the source language
        reason = _("依据测评“%(title)s”（编号 %(id)s）确认") % {"title": survey.title, "id": survey.pk}
        notes = {p.pk: _political_note(survey, p) for p in survey.proposals.all()}
    if survey.kind == Survey.Kind.MULTI_RATER:
        for result in survey.results.filter(counted=True, score__isnull=False).select_related("official__unit"):
            evaluation_services.survey_score_record(actor=actor, official=result.official, cycle=survey.cycle,
                                                    rater_group=result.rater_group, score=result.score,
                                                    reason=reason)
    else:
        for proposal in survey.proposals.select_related("official__unit"):
            decided = proposal.qualified if proposal.qualified is not None else proposal.proposed_qualified
            if decided is None:
                continue
            evaluation_services.political_review_record(
                actor=actor, official=proposal.official, cycle=survey.cycle, qualified=decided,
                note=notes[proposal.pk], reason=reason)
    survey.confirmed_at = timezone.now()
    return _move(survey, to=State.CONFIRMED, actor=actor, reason=gettext_noop("确认测评结果"))


# --- ballots -------------------------------------------------------------------------------------
class BallotUnavailable(Exception):
    """The code cannot be used: `status` 404 (unknown or spent — the same answer for both),
    410 (the survey is over) or 409 (the survey has not started)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


UNKNOWN_MESSAGE = gettext_noop("票码无效或已经使用过。")
OVER_MESSAGE = gettext_noop("本次测评已经结束，不能再提交。")
NOT_STARTED_MESSAGE = gettext_noop("本次测评尚未开始，请稍后再试。")


def ballot_for_code(code: str) -> BallotCode:
    """The unspent code `code` of an open survey (with its survey and cycle), or BallotUnavailable."""
    row = (BallotCode.objects.select_related("survey__cycle").filter(code_hash=code_hash(code)).first()
           if code_normalize(code) else None)
    if row is None or row.spent:
        raise BallotUnavailable(404, _(UNKNOWN_MESSAGE))
    if row.survey.state in (State.CLOSED, State.CONFIRMED):
        raise BallotUnavailable(410, _(OVER_MESSAGE))
    if row.survey.state == State.DRAFT:
        raise BallotUnavailable(409, _(NOT_STARTED_MESSAGE))
    return row


@dataclass(frozen=True)
class AnswerInput:
    official: int
    item: str  # the item's code
    points: int | None = None
    choice: str = ""  # "yes" / "no" for a reverse item; "" (and no points) is 不了解


def _answer_rows(survey: Survey, items: Sequence[SurveyItem], official_ids: Sequence[int],
                 answers: Iterable[AnswerInput]) -> tuple[dict, list[str]]:
    """Every (official, item) the ballot covers → (points, choice); an answer not given is 不了解.
    Problems name the official and item."""
    by_code = {item.code: item for item in items}
    allowed_points = {c["points"] for c in survey.scale if c["points"] is not None}
    covered = set(official_ids)
    given: dict[tuple[int, str], tuple[int | None, str]] = {}
    problems = []
    for n, answer in enumerate(answers, start=1):
        where = _("第 %(n)s 个回答") % {"n": n}
        item = by_code.get(answer.item)
        if answer.official not in covered:
            problems.append(_("%(where)s：该干部不在本票测评范围内。") % {"where": where})
            continue
        if item is None:
            problems.append(_("%(where)s：没有编号为“%(item)s”的题目。") % {"where": where, "item": answer.item})
            continue
        key = (answer.official, item.code)
        if key in given:
            problems.append(_("%(where)s：同一干部同一题目只能回答一次。") % {"where": where})
            continue
        if item.reverse:
            if answer.points is not None or answer.choice not in ("yes", "no", ""):
                problems.append(_("%(where)s：反向题只能选“是”“否”或“不了解”。") % {"where": where})
                continue
        elif answer.choice or (answer.points is not None and answer.points not in allowed_points):
            problems.append(_("%(where)s：请选择评价档次中的一项。") % {"where": where})
            continue
        given[key] = (answer.points, answer.choice)
    rows = {(oid, item.code): given.get((oid, item.code), (None, "")) for oid in official_ids for item in items}
    return rows, problems


def _hold_open(survey_id: int) -> bool:
    """Whether the survey is still open, holding it so until the ballot's transaction ends.
    On PostgreSQL a FOR KEY SHARE lock: submissions do not wait for each other, but closing
    (SELECT … FOR UPDATE) waits for the ballots being written and a ballot arriving during the
    close waits for it and then sees the survey closed — no ballot is left out of the aggregates.
    SQLite serializes writers anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT state FROM {Survey._meta.db_table} WHERE id = %s FOR KEY SHARE", [survey_id])
            found = cursor.fetchone()
        return found is not None and found[0] == State.OPEN
    return Survey.objects.filter(pk=survey_id, state=State.OPEN).exists()


@transaction.atomic
def ballot_submit(*, code: str, answers: Iterable[AnswerInput], today: datetime.date | None = None) -> Ballot:
    """Record one anonymous ballot and spend its code, all or nothing. The ballot keeps the
    survey, the code's rater group and unit, the day, and whether it is valid — never the code.
    Unknown and spent codes raise the same BallotUnavailable(404); bad answers a ValidationError
    listing each problem."""
    row = ballot_for_code(code)
    survey = row.survey
    items = list(survey.items.all())
    official_ids = list(covered_officials(survey, row.unit_id).values_list("pk", flat=True))
    rows, problems = _answer_rows(survey, items, official_ids, answers)
    if problems:
        raise ValidationError({"answers": problems})
    if not _hold_open(survey.pk):
        raise BallotUnavailable(410, _(OVER_MESSAGE))
    # Spend the code conditionally: of two simultaneous submissions only one gets past this.
    if not BallotCode.objects.filter(pk=row.pk, spent=False).update(spent=True):
        raise BallotUnavailable(404, _(UNKNOWN_MESSAGE))
    known = sum(1 for points, choice in rows.values() if points is not None or choice)
    settings = rules.Settings.of(survey.settings)
    ballot = Ballot.objects.create(
        survey=survey, rater_group=row.rater_group, unit_id=row.unit_id,
        submitted_on=today or timezone.localdate(),
        valid=rules.ballot_valid(known=known, total=len(rows), valid_answer_share=settings.valid_answer_share))
    item_ids = {item.code: item.pk for item in items}
    Answer.objects.bulk_create([
        Answer(ballot=ballot, official_id=oid, item_id=item_ids[item_code], points=points, choice=choice)
        for (oid, item_code), (points, choice) in rows.items()
    ], batch_size=1000)
    return ballot


# --- aggregates ----------------------------------------------------------------------------------
def _histograms(survey: Survey):
    """{(rater_group, unit_id, official_id, item_id): {points or choice: count}} from the answers
    of the valid ballots, by one grouped query (不了解 left out)."""
    histograms: dict[tuple, dict] = defaultdict(dict)
    rows = (Answer.objects.filter(ballot__survey=survey, ballot__valid=True)
            .exclude(points__isnull=True, choice="")
            .values_list("ballot__rater_group", "ballot__unit_id", "official_id", "item_id", "points", "choice")
            .annotate(n=Count("pk")).order_by())
    for group, unit_id, official_id, item_id, points, choice, n in rows:
        histograms[(group, unit_id, official_id, item_id)][points if points is not None else choice] = n
    return histograms


def _expand(histogram: Mapping) -> list[int]:
    return [points for points, n in histogram.items() for _n in range(n)]


def _merge(into: dict, histogram: Mapping) -> None:
    for key, n in histogram.items():
        into[key] = into.get(key, 0) + n


def _shown_str(value: Fraction | None, places: str = "0.01") -> str | None:
    shown = rules.shown(value, places)
    return None if shown is None else str(shown)


@transaction.atomic
def survey_aggregate(*, survey: Survey) -> None:
    """Compute and store the survey's SurveyResults (each official × rater group: codes issued,
    ballots, valid ballots, counted or why not, score and item scores) and, for a political
    survey, its PoliticalProposals — set-based: three grouped queries, then two bulk inserts
    replacing the previous aggregates. Staff changes of proposals are kept when the same official
    is proposed again."""
    settings = rules.Settings.of(survey.settings)
    items = list(survey.items.all())
    positive = [item for item in items if not item.reverse]
    reverse = [item for item in items if item.reverse]
    officials = list(survey.officials.order_by("id").values_list("id", "unit_id"))

    def tally(qs):
        counts = defaultdict(int)
        for group, unit_id, n in qs.values_list("rater_group", "unit_id").annotate(n=Count("pk")).order_by():
            counts[(group, unit_id)] += n
        return counts

    issued = tally(BallotCode.objects.filter(survey=survey))
    cast = tally(Ballot.objects.filter(survey=survey))
    valid = tally(Ballot.objects.filter(survey=survey, valid=True))
    histograms = _histograms(survey)
    groups = sorted({g for g, _u in issued} | {g for g, _u in cast}, key=RaterGroup.values.index)

    def for_official(counts, group, unit_id):
        return counts.get((group, None), 0) + counts.get((group, unit_id), 0)

    results, proposals = [], []
    for official_id, unit_id in officials:
        pooled_points: dict[int, dict] = defaultdict(dict)  # the political score: counting groups pooled
        choices: dict[int, dict] = defaultdict(dict)
        for group in groups:
            n_issued, n_valid = for_official(issued, group, unit_id), for_official(valid, group, unit_id)
            n_cast = for_official(cast, group, unit_id)
            if not n_issued and not n_cast:
                continue
            points_by_item = {}
            for item in positive:
                histogram = {}
                for unit_key in (None, unit_id):
                    _merge(histogram, histograms.get((group, unit_key, official_id, item.pk), {}))
                points_by_item[item.code] = _expand(histogram)
            scored = rules.score_items(points_by_item, trim_at=settings.trim_at)
            counted = rules.turnout_met(valid=n_valid, issued=n_issued, min_turnout=settings.min_turnout)
            why_not = ("" if counted and scored.score is not None else
                       SurveyResult.WhyNot.NO_CODES if not n_issued else
                       SurveyResult.WhyNot.TURNOUT if not counted else SurveyResult.WhyNot.NO_ANSWERS)
            results.append(SurveyResult(
                survey=survey, official_id=official_id, rater_group=group, codes_issued=n_issued, ballots=n_cast,
                valid_ballots=n_valid, counted=not why_not, why_not=why_not, score=rules.shown(scored.score),
                item_scores={code: _shown_str(score) for code, score in scored.items.items()}))
            if survey.kind == Survey.Kind.POLITICAL and counted:
                for item in items:
                    for unit_key in (None, unit_id):
                        histogram = histograms.get((group, unit_key, official_id, item.pk), {})
                        _merge(choices[item.pk] if item.reverse else pooled_points[item.pk], histogram)
        if survey.kind == Survey.Kind.POLITICAL:
            scored = rules.score_items({item.code: _expand(pooled_points[item.pk]) for item in positive},
                                       trim_at=settings.trim_at)
            shares = {item.code: rules.negative_share(yes=choices[item.pk].get("yes", 0),
                                                      no=choices[item.pk].get("no", 0)) for item in reverse}
            proposals.append(PoliticalProposal(
                survey=survey, official_id=official_id, score=rules.shown(scored.score),
                item_scores={code: _shown_str(score) for code, score in scored.items.items()},
                negative_shares={code: _shown_str(share, "0.0001") for code, share in shares.items()},
                proposed_qualified=rules.proposed_qualified(score=scored.score, shares=shares.values(),
                                                            settings=settings)))

    SurveyResult.objects.filter(survey=survey).delete()
    SurveyResult.objects.bulk_create(results, batch_size=1000)
    if survey.kind == Survey.Kind.POLITICAL:
        decided = {p.official_id: p for p in survey.proposals.exclude(qualified__isnull=True)}
        survey.proposals.all().delete()
        for proposal in proposals:
            earlier = decided.get(proposal.official_id)
            if earlier is not None and earlier.qualified != proposal.proposed_qualified:
                proposal.qualified, proposal.reason, proposal.changed_by_id = (
                    earlier.qualified, earlier.reason, earlier.changed_by_id)
        PoliticalProposal.objects.bulk_create(proposals, batch_size=1000)
