"""Writes for pledges: filing, the review workflow, grading, revisions after approval, progress
with evidence and deadline reminders. Each service is one transaction and leaves an audit record
(django-simple-history: who, when, old → new, reason).

Who may call which service is decided by accounts.scoping (the views fetch the pledge through
`scoped(..., action)`); the services enforce the workflow and the rules of SPEC section 3."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from accounts.audit import audited_delete, audited_save
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from notifications.models import Notification
from notifications.services import Note, notify_officials, notify_staff

from . import rules
from .evidence import MAX_FILES_PER_UPDATE, uploads_check, uploads_store
from .models import Evidence, Pledge, PledgeRevision, ProgressUpdate

TEXT_FIELDS = ("category", "title", "content", "target", "target_value", "target_unit", "milestones")
# The audit records' fixed reasons: stored in Chinese whatever the language of the request, like
# the records made before; the timeline shows them translated (selectors.REASONS).
FILED, EDITED = gettext_noop("填报"), gettext_noop("修改")
DRAFT_DELETED, SUBMITTED = gettext_noop("删除草稿"), gettext_noop("提交审核")
APPROVED, REVISION_APPROVED = gettext_noop("审核通过"), gettext_noop("调整通过")
PROGRESS_FILED = gettext_noop("填报进展")
# A revision put in force: its number and the reason it was proposed for.
REVISION_IN_FORCE = gettext_noop("调整通过（第 %(number)s 版）：%(reason)s")


def _require_status(pledge: Pledge, allowed, doing: str) -> None:
    if pledge.status not in allowed:
        raise ValidationError(
            {"status": [_("“%(status)s”状态的目标不能%(doing)s。") % {"status": pledge.get_status_display(),
                                                                      "doing": doing}]}
        )


def filing_activity(pledge: Pledge) -> Activity:
    """What editing or submitting `pledge` is in the state table: answering a return
    (Activity.RESUBMIT, still open at year end so that a late return can be answered) or filing
    (Activity.FILING, a draft: closed once the year is being evaluated)."""
    return Activity.RESUBMIT if pledge.status == Pledge.Status.RETURNED else Activity.FILING


def _check_text(*, cycle: Cycle, official, kind: str, fields: dict) -> None:
    """Category, lengths and milestones of a pledge text (model validation covers the lengths)."""
    quarters = rules.spanned_quarters(kind=kind, cycle_year=cycle.year, appointed_on=official.appointed_on)
    problems = rules.milestone_errors(fields.get("milestones"), quarters=quarters, year=cycle.year)
    if problems:
        raise ValidationError({"milestones": problems})


def _naming(pledge: Pledge, exc: ValidationError) -> list[str]:
    """A refused pledge's messages, each naming the pledge (the bulk services' errors)."""
    return [_("“%(title)s”：%(message)s") % {"title": pledge.title, "message": m} for m in exc.messages]


def _lock(pledge: Pledge) -> Pledge:
    # Only the pledge row: the cycle and the official are read, not changed. Locking them too
    # serialized every pledge write of a district on its cycle row and deadlocked with a running
    # compute (which holds the cycle row and inserts Results that reference the officials).
    return Pledge.objects.select_for_update(of=("self",)).select_related("cycle", "official").get(pk=pledge.pk)


@transaction.atomic
def pledge_create(
    *, actor, official, cycle: Cycle, kind: str = Pledge.Kind.ANNUAL, category: str, title: str,
    content: str, target: str, target_value=None, target_unit: str = "", milestones: list,
) -> Pledge:
    """File a new pledge as a draft. At most five of one kind per official and cycle."""
    if official.unit.district_id != cycle.district_id:
        raise ValidationError({"cycle": [_("该考核年度不属于此干部所在的区。")]})
    states.require(cycle, Activity.FILING)
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()  # serialize the count check
    existing = Pledge.objects.filter(official=official, cycle=cycle, kind=kind).count()
    if existing >= rules.MAX_PLEDGES:
        raise ValidationError({"kind": [_("每年最多 %(n)s 项%(kind)s。") % {"n": rules.MAX_PLEDGES,
                                                                            "kind": Pledge.Kind(kind).label}]})
    fields = dict(category=category, title=title, content=content, target=target, target_value=target_value,
                  target_unit=target_unit, milestones=milestones)
    _check_text(cycle=cycle, official=official, kind=kind, fields=fields)
    pledge = Pledge(
        official=official, cycle=cycle, kind=kind, status=Pledge.Status.DRAFT,
        due_on=rules.due_date(kind=kind, pledge_deadline=cycle.pledge_deadline, appointed_on=official.appointed_on),
        **fields,
    )
    # A new draft: its official and cycle are the caller's (the cycle locked above), no rating
    # or grade yet, so the model's constraints hold; only the field checks run (no queries).
    audited_save(pledge, actor=actor, reason=FILED, checked_by_caller=True)
    return pledge


@transaction.atomic
def pledge_update(*, actor, pledge: Pledge, **changes) -> Pledge:
    """Edit a draft or returned pledge's text. An approved pledge is frozen: use pledge_revise."""
    pledge = _lock(pledge)
    _require_status(pledge, (Pledge.Status.DRAFT, Pledge.Status.RETURNED),
                    pgettext("refused action", "修改（已通过的目标请提出调整）"))
    states.require(pledge.cycle, filing_activity(pledge), _("修改履职践诺目标"))
    unknown = set(changes) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError({f: [_("不能修改此项。")] for f in sorted(unknown)})
    for field, value in changes.items():
        setattr(pledge, field, value)
    _check_text(cycle=pledge.cycle, official=pledge.official, kind=pledge.kind,
                fields={f: getattr(pledge, f) for f in TEXT_FIELDS})
    # Only text changes, on the row locked above with its official and cycle: the constraints
    # (ratings, grade) and the foreign keys are as stored; only the field checks run.
    audited_save(pledge, actor=actor, reason=EDITED, checked_by_caller=True)
    return pledge


@transaction.atomic
def pledge_delete(*, actor, pledge: Pledge) -> None:
    pledge = _lock(pledge)
    _require_status(pledge, (Pledge.Status.DRAFT,), pgettext("refused action", "删除"))
    audited_delete(pledge, actor=actor, reason=DRAFT_DELETED)


@transaction.atomic
def pledge_submit(*, actor, pledge: Pledge) -> Pledge:
    """draft/returned → submitted, once the official's pledges of this kind in the cycle number
    3–5 and cover all three categories."""
    pledge = _lock(pledge)
    _require_status(pledge, (Pledge.Status.DRAFT, Pledge.Status.RETURNED), pgettext("refused action", "提交"))
    states.require(pledge.cycle, filing_activity(pledge), _("提交履职践诺目标"))
    categories = list(
        Pledge.objects.filter(official_id=pledge.official_id, cycle_id=pledge.cycle_id, kind=pledge.kind)
        .values_list("category", flat=True)
    )
    problems = rules.pledge_set_errors(categories)
    if problems:
        raise ValidationError({"pledges": problems})
    pledge.status = Pledge.Status.SUBMITTED
    pledge.submitted_at = timezone.now()
    pledge.return_reason = ""  # answered by this submission; the timeline keeps it
    audited_save(pledge, actor=actor, reason=SUBMITTED)
    _announce_review_waiting(pledge.cycle)
    return pledge


@transaction.atomic
def pledges_submit_all(*, actor, pledges: list[Pledge]) -> list[Pledge]:
    """Submit an official's drafts of one kind in a cycle at once, all or none: each draft goes
    through pledge_submit (so the 3–5 / three-categories rule and the cycle's state apply); if any
    is refused nothing is submitted and the errors name each refused pledge ({pk: ["“title”：…"]})."""
    if not pledges:
        raise ValidationError({"pledges": [_("没有可以提交的草稿。")]})
    if len({(p.official_id, p.cycle_id, p.kind) for p in pledges}) > 1:
        raise ValidationError({"pledges": [_("一次只能提交同一干部、同一考核年度、同一类型的目标。")]})
    submitted, errors = [], {}
    for pledge in pledges:
        try:
            with transaction.atomic():
                _require_status(_lock(pledge), (Pledge.Status.DRAFT,),
                                pgettext("refused action", "一并提交（只提交草稿）"))
                submitted.append(pledge_submit(actor=actor, pledge=pledge))
        except ValidationError as exc:
            errors[f"{pledge.pk}"] = _naming(pledge, exc)
        except Pledge.DoesNotExist:
            errors[f"{pledge.pk}"] = [_("“%(title)s”：该目标已被删除。") % {"title": pledge.title}]
    if errors:
        raise ValidationError(errors)
    return submitted


@transaction.atomic
def pledge_return(*, actor, pledge: Pledge, reason: str) -> Pledge:
    """submitted → returned, with the reason the official will see."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("退回必须说明原因。")]})
    pledge = _lock(pledge)
    _require_status(pledge, (Pledge.Status.SUBMITTED,), pgettext("refused action", "退回"))
    states.require(pledge.cycle, Activity.REVIEW)
    pledge.status = Pledge.Status.RETURNED
    pledge.return_reason = reason.strip()
    audited_save(pledge, actor=actor, reason=reason.strip())
    _tell_officials(Notification.Kind.RETURNED, [(pledge, _("您的履职践诺目标“%(title)s”被退回：%(reason)s") % {
        "title": pledge.title, "reason": pledge.return_reason})])
    return pledge


def _apply_grade(pledge: Pledge, *, difficulty, innovation, contribution, grade: str | None, reason: str) -> None:
    """Set the ratings and the grade: the grade the ratings give under the cycle's thresholds,
    unless staff override it, which needs a written reason."""
    try:
        derived = rules.pledge_grade(difficulty, innovation, contribution,
                                     pledge.cycle.settings["pledge_grade_thresholds"])
    except ValueError as exc:
        raise ValidationError({"ratings": [str(exc)]}) from None
    if grade and grade not in Pledge.Grade.values:
        raise ValidationError({"grade": [_("评级只能是 A、B 或 C。")]})
    overridden = bool(grade) and grade != derived
    if overridden and not (reason or "").strip():
        raise ValidationError({"reason": [_("三项评分对应 %(derived)s 级；调整为 %(grade)s 级必须说明理由。")
                                          % {"derived": derived, "grade": grade}]})
    pledge.difficulty, pledge.innovation, pledge.contribution = difficulty, innovation, contribution
    pledge.grade = grade if overridden else derived
    pledge.grade_override_reason = reason.strip() if overridden else ""


@transaction.atomic
def pledge_approve(
    *, actor, pledge: Pledge, difficulty: int, innovation: int, contribution: int,
    grade: str | None = None, reason: str = "",
) -> Pledge:
    """submitted → approved with the three ratings and the grade (A/B/C) they give, or an
    overriding grade with its reason. The text is frozen from here on."""
    pledge = _approve(actor=actor, pledge=pledge, difficulty=difficulty, innovation=innovation,
                      contribution=contribution, grade=grade, reason=reason)
    _announce_approved([pledge])
    return pledge


def _approve(*, actor, pledge: Pledge, difficulty, innovation, contribution, grade, reason) -> Pledge:
    pledge = _lock(pledge)
    _require_status(pledge, (Pledge.Status.SUBMITTED,), pgettext("refused action", "审核通过"))
    states.require(pledge.cycle, Activity.REVIEW)
    _apply_grade(pledge, difficulty=difficulty, innovation=innovation, contribution=contribution,
                 grade=grade, reason=reason)
    pledge.status = Pledge.Status.APPROVED
    pledge.return_reason = ""
    pledge.approved_at, pledge.approved_by = timezone.now(), actor
    audited_save(pledge, actor=actor, reason=pledge.grade_override_reason or APPROVED)
    return pledge


@transaction.atomic
def pledges_approve_many(*, actor, items: list[dict]) -> list[Pledge]:
    """Approve several pledges at once, all or none: each item is {"pledge", "difficulty",
    "innovation", "contribution", optional "grade", "reason"}. Errors name the pledge."""
    approved, errors = [], {}
    for item in items:
        pledge = item["pledge"]
        try:
            with transaction.atomic():
                approved.append(_approve(
                    actor=actor, pledge=pledge, difficulty=item.get("difficulty"),
                    innovation=item.get("innovation"), contribution=item.get("contribution"),
                    grade=item.get("grade"), reason=item.get("reason", ""),
                ))
        except ValidationError as exc:
            errors[f"{pledge.pk}"] = _naming(pledge, exc)
    if errors:
        raise ValidationError(errors)
    _announce_approved(approved)  # one insert for all the officials
    return approved


def _announce_approved(pledges: list[Pledge]) -> None:
    _tell_officials(Notification.Kind.APPROVED, [
        (p, _("您的履职践诺目标“%(title)s”已审核通过，评级 %(grade)s 级。") % {"title": p.title, "grade": p.grade})
        for p in pledges
    ])


def _tell_officials(kind: str, items: list[tuple[Pledge, str]]) -> None:
    """Tell each pledge's official `message` (a notification linking to the pledge)."""
    notify_officials(notes=[
        (pledge.official_id, Note(kind=kind, district_id=pledge.cycle.district_id, message=message,
                                  link=reverse("pledges:detail", args=[pledge.pk])))
        for pledge, message in items
    ])


def _announce_review_waiting(cycle: Cycle) -> None:
    """Tell the district's staff that pledges or revisions wait for review: at most once a day
    per cycle however many arrive (the note's key)."""
    today = timezone.localdate()
    notify_staff(notes=[Note(
        kind=Notification.Kind.REVIEW_WAITING, district_id=cycle.district_id,
        message=_("%(year)s 年度有新提交的履职践诺目标或调整待审核。") % {"year": cycle.year},
        link=f"{reverse('pledges:queue')}?cycle={cycle.pk}", key=f"review:{cycle.pk}:{today:%Y%m%d}",
    )])


@transaction.atomic
def pledge_regrade(
    *, actor, pledge: Pledge, difficulty: int, innovation: int, contribution: int,
    grade: str | None = None, reason: str = "",
) -> Pledge:
    """Change an approved pledge's ratings or grade (with a reason)."""
    pledge = _lock(pledge)
    _require_status(pledge, (Pledge.Status.APPROVED,), pgettext("refused action", "调整评级"))
    states.require(pledge.cycle, Activity.REVIEW, _("调整评级"))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("调整评级必须说明理由。")]})
    _apply_grade(pledge, difficulty=difficulty, innovation=innovation, contribution=contribution,
                 grade=grade, reason=reason)
    audited_save(pledge, actor=actor, reason=reason.strip())
    return pledge


@transaction.atomic
def pledge_revise(*, actor, pledge: Pledge, reason: str, **text) -> PledgeRevision:
    """Propose a change to an approved pledge: a new revision that staff approve again. The
    approved text stays in force until then; one pending revision at a time."""
    pledge = _lock(pledge)
    _require_status(pledge, (Pledge.Status.APPROVED,), pgettext("refused action", "提出调整"))
    states.require(pledge.cycle, Activity.REVISION)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请说明调整理由。")]})
    if pledge.revisions.filter(status=PledgeRevision.Status.SUBMITTED).exists():
        raise ValidationError({"status": [_("已有一项调整在审核中。")]})
    unknown = set(text) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError({f: [_("不能修改此项。")] for f in sorted(unknown)})
    proposed = {f: text.get(f, getattr(pledge, f)) for f in TEXT_FIELDS}
    if all(proposed[f] == getattr(pledge, f) for f in TEXT_FIELDS):
        raise ValidationError({"pledge": [_("调整内容与现行目标相同。")]})
    _check_text(cycle=pledge.cycle, official=pledge.official, kind=pledge.kind, fields=proposed)
    last = pledge.revisions.order_by("-number").values_list("number", flat=True).first() or pledge.revision
    revision = PledgeRevision(pledge=pledge, number=max(last, pledge.revision) + 1, reason=reason.strip(),
                              proposed_by=actor, **proposed)
    audited_save(revision, actor=actor, reason=reason.strip())
    _announce_review_waiting(pledge.cycle)
    return revision


def _lock_revision(revision: PledgeRevision) -> PledgeRevision:
    return (PledgeRevision.objects.select_for_update(of=("self", "pledge")).select_related("pledge__cycle")
            .get(pk=revision.pk))  # not the cycle row, as in _lock


@transaction.atomic
def revision_approve(
    *, actor, revision: PledgeRevision, difficulty: int | None = None, innovation: int | None = None,
    contribution: int | None = None, grade: str | None = None, reason: str = "",
) -> Pledge:
    """Put a proposed revision in force: the pledge takes its text and number. Staff may rate
    it again (else the ratings stay)."""
    revision = _lock_revision(revision)
    if revision.status != PledgeRevision.Status.SUBMITTED:
        raise ValidationError({"status": [_("该调整已处理。")]})
    pledge = _lock(revision.pledge)
    states.require(pledge.cycle, Activity.REVISION, _("审核调整"))
    for field in TEXT_FIELDS:
        setattr(pledge, field, getattr(revision, field))
    pledge.revision = revision.number
    if difficulty is not None or innovation is not None or contribution is not None or grade:
        _apply_grade(
            pledge,
            difficulty=difficulty if difficulty is not None else pledge.difficulty,
            innovation=innovation if innovation is not None else pledge.innovation,
            contribution=contribution if contribution is not None else pledge.contribution,
            grade=grade, reason=reason,
        )
    audited_save(pledge, actor=actor, reason=REVISION_IN_FORCE % {"number": revision.number, "reason": revision.reason})
    revision.status = PledgeRevision.Status.APPROVED
    revision.decided_by, revision.decided_at, revision.decision_reason = actor, timezone.now(), reason.strip()
    audited_save(revision, actor=actor, reason=REVISION_APPROVED)
    _tell_officials(Notification.Kind.APPROVED, [(pledge, _("您对“%(title)s”提出的调整（第 %(number)s 版）已审核通过。")
                                                  % {"title": pledge.title, "number": revision.number})])
    return pledge


@transaction.atomic
def revision_return(*, actor, revision: PledgeRevision, reason: str) -> PledgeRevision:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("退回必须说明原因。")]})
    revision = _lock_revision(revision)
    if revision.status != PledgeRevision.Status.SUBMITTED:
        raise ValidationError({"status": [_("该调整已处理。")]})
    states.require(revision.pledge.cycle, Activity.REVISION, _("审核调整"))
    revision.status = PledgeRevision.Status.RETURNED
    revision.decided_by, revision.decided_at, revision.decision_reason = actor, timezone.now(), reason.strip()
    audited_save(revision, actor=actor, reason=reason.strip())
    returned = _("您对“%(title)s”提出的调整（第 %(number)s 版）被退回：%(reason)s") % {
        "title": revision.pledge.title, "number": revision.number, "reason": revision.decision_reason}
    _tell_officials(Notification.Kind.RETURNED, [(revision.pledge, returned)])
    return revision


@transaction.atomic
def progress_post(*, actor, pledge: Pledge, text: str, percent: int, files=()) -> ProgressUpdate:
    """Post a progress update on an approved pledge, with up to five evidence files checked by
    content and size. Nothing is stored unless every file is acceptable."""
    pledge = Pledge.objects.select_related("cycle").get(pk=pledge.pk)
    _require_status(pledge, (Pledge.Status.APPROVED,), pgettext("refused action", "填报进展（须先通过审核）"))
    states.require(pledge.cycle, Activity.PROGRESS)
    checked = uploads_check(files, field="files", max_files=MAX_FILES_PER_UPDATE,
                            max_bytes=settings.EVIDENCE_MAX_BYTES)
    progress = ProgressUpdate(pledge=pledge, author=actor, text=text, percent=percent)
    audited_save(progress, actor=actor, reason=PROGRESS_FILED)
    uploads_store(checked, lambda upload, content_type: Evidence(
        progress=progress, original_name=upload.name[:255], content_type=content_type, size=upload.size))
    return progress


def reminder_mark_read(*, actor, reminder) -> None:
    if reminder.read_at is None:
        type(reminder).objects.filter(pk=reminder.pk, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def reminders_record(*, today) -> int:
    """Record a reminder for every official whose pledges are overdue or due within a week, in
    every cycle still open for filing, and tell them — and each district's staff, of the
    officials newly overdue — through notifications (mailed by the daily digest).
    Idempotent: one reminder per official, cycle, kind and deadline (a unique constraint), so a
    second run the same day — or a rerun after a crash — adds nothing new.

    Nothing is mailed in here: a mail that failed inside this transaction (an address the mail
    library refuses, a connection dropped mid-send; `fail_silently` covers neither) used to
    roll back every reminder of the run, day after day."""
    from org.models import Official

    from .models import Reminder
    from .selectors import deadline_status_of

    new = []
    for cycle in Cycle.objects.filter(state__in=states.states_for(Activity.FILING)):
        for row in deadline_status_of(Official.objects.all(), cycle, today=today):
            if row.state not in ("overdue", "due_soon"):
                continue
            kind = Reminder.Kind.OVERDUE if row.state == "overdue" else Reminder.Kind.DUE_SOON
            if kind == Reminder.Kind.OVERDUE:
                message = _("%(year)s 年度%(kind)s已于 %(day)s 截止：%(problems)s。")
            else:
                message = _("%(year)s 年度%(kind)s将于 %(day)s 截止：%(problems)s。")
            new.append(Reminder(
                official=row.official, cycle=cycle, pledge_kind=row.kind, kind=kind, due_on=row.due_on,
                message=(message % {"year": cycle.year, "kind": row.kind_label, "day": f"{row.due_on:%Y-%m-%d}",
                                    "problems": _("；").join(row.problems)})[:300],
            ))
    if not new:
        return 0
    keys = {(r.official_id, r.cycle_id, r.pledge_kind, r.kind, r.due_on) for r in new}
    existing = set(
        Reminder.objects.filter(official_id__in={k[0] for k in keys}, cycle_id__in={k[1] for k in keys})
        .values_list("official_id", "cycle_id", "pledge_kind", "kind", "due_on")
    )
    fresh = [r for r in new if (r.official_id, r.cycle_id, r.pledge_kind, r.kind, r.due_on) not in existing]
    Reminder.objects.bulk_create(fresh, ignore_conflicts=True)
    _announce_reminders(fresh, today=today)
    return len(fresh)


def _announce_reminders(reminders: list, *, today) -> None:
    """Each new reminder to its official; to each district's staff, who became overdue today
    (one note per cycle). Two inserts whatever the numbers."""
    mine = reverse("pledges:mine")
    notify_officials(notes=[
        (r.official_id, Note(kind=Notification.Kind.DEADLINE, district_id=r.cycle.district_id, message=r.message,
                             link=mine, key=f"deadline:{r.cycle_id}:{r.pledge_kind}:{r.kind}:{r.due_on:%Y%m%d}"))
        for r in reminders
    ])
    overdue = {}
    for r in reminders:
        if r.kind == r.Kind.OVERDUE:
            overdue.setdefault(r.cycle, []).append(r.official.name)
    notify_staff(notes=[
        Note(kind=Notification.Kind.OVERDUE, district_id=cycle.district_id,
             message=(_("%(year)s 年度新增 %(n)s 名干部逾期未提交履职践诺目标：%(names)s。")
                      % {"year": cycle.year, "n": len(names), "names": _("、").join(names)})[:300],
             link=f"{reverse('pledges:queue')}?cycle={cycle.pk}", key=f"overdue:{cycle.pk}:{today:%Y%m%d}")
        for cycle, names in overdue.items()
    ])


# --- due dates: pledges own them; cycles and org announce what they follow (see receivers.py) ---


def pledges_follow_deadline(*, cycle: Cycle, pledge_deadline) -> int:
    """Annual pledges are due by the cycle deadline (rules.due_date): move them to the new one.
    Returns how many pledges it moved."""
    return Pledge.objects.filter(cycle=cycle, kind=Pledge.Kind.ANNUAL).update(due_on=pledge_deadline)


def pledges_follow_appointment(*, official) -> int:
    """Inauguration pledges are due one month after the appointment (rules.due_date): follow a
    corrected or new `appointed_on`. Returns how many pledges it moved."""
    return Pledge.objects.filter(official=official, kind=Pledge.Kind.INAUGURATION).update(
        due_on=rules.add_one_month(official.appointed_on)
    )
