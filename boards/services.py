"""Publishing boards (versioned, atomic), rolling back, and moderating the public's feedback.

A publish builds the snapshot first (reads only), then in ONE transaction, under a lock on the
board row, numbers the new version, stores it and switches the live pointer. A failure anywhere
— an exception, a killed worker — leaves the live board exactly as it was; two publishes at once
take the lock in turn and each makes exactly one whole version."""
from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audited_save
from core.faults import checkpoint
from cycles import states
from cycles.models import Cycle
from cycles.services import QueueUnavailable, task_start
from cycles.states import Activity
from notifications.models import Notification
from notifications.services import Note, notify_staff

from . import cache, snapshot
from .models import Board, BoardVersion, Feedback
from .tasks import board_publish_task

logger = logging.getLogger(__name__)


def _pointer_changed(code: str, year: int) -> None:
    """The live pointer changed: drop its cached copy now and again once the change is committed
    (a reader between the two could cache the old pointer, for POINTER_TTL seconds at most)."""
    cache.forget_live(code, year)
    transaction.on_commit(lambda: cache.forget_live(code, year))
FEEDBACK_PER_HOUR = 5


def board_for(cycle: Cycle) -> Board:
    board, _created = Board.objects.get_or_create(cycle=cycle)
    return board


def board_publish(*, actor, cycle: Cycle) -> BoardVersion:
    """Publish the cycle's board: a new immutable version, made live at once."""
    cycle = Cycle.objects.select_related("district").get(pk=cycle.pk)
    states.require(cycle, Activity.PUBLISH)
    board = board_for(cycle)
    checkpoint("publish:before-build")
    content = snapshot.build_snapshot(cycle)
    checkpoint("publish:after-build")
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=board.pk)
        number = (board.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        published_at = timezone.now()
        content = {**content, "version": number, "published_at": published_at.isoformat()}
        version = BoardVersion.objects.create(board=board, number=number, snapshot=content, published_by=actor)
        checkpoint("publish:before-switch")
        board.live_version = version
        audited_save(board, actor=actor, reason=_("公示第 %(number)s 版") % {"number": number})
        checkpoint("publish:after-switch")
        _pointer_changed(cycle.district.code, cycle.year)
    return version


@transaction.atomic
def board_rollback(*, actor, board: Board, number: int, reason: str = "") -> Board:
    """Make an earlier version live again (audited). Every version after it is withdrawn from the
    public pages (staff still see it), and stays so when a later publish makes it an earlier
    version again; the version made live is public again if it had been withdrawn."""
    board = Board.objects.select_for_update().select_related("cycle__district").get(pk=board.pk)
    version = board.versions.filter(number=number).first()
    if version is None:
        raise ValidationError({"number": [_("没有第 %(number)s 版。") % {"number": number}]})
    if board.live_version_id == version.pk:
        raise ValidationError({"number": [_("第 %(number)s 版已是当前公示版本。") % {"number": number}]})
    board.live_version = version
    later = board.versions.filter(number__gt=number).values_list("number", flat=True)
    board.withdrawn = sorted((set(board.withdrawn) | set(later)) - {number})
    audited_save(board, actor=actor, reason=(reason or "").strip() or _("回退到第 %(number)s 版") % {"number": number})
    _pointer_changed(board.cycle.district.code, board.cycle.year)
    return board


@transaction.atomic
def board_auto_republish_set(*, actor, board: Board, enabled: bool) -> Board:
    """Turn the board's automatic republishing after each quarter release on or off (audited)."""
    board = Board.objects.select_for_update().get(pk=board.pk)
    board.auto_republish = enabled
    audited_save(board, actor=actor,
                 reason=_("开启季度评分发布后自动重新公示") if enabled else _("关闭季度评分发布后自动重新公示"))
    return board


def board_republish_after_release(*, actor, cycle: Cycle) -> bool:
    """A quarter of `cycle` was just released (evaluations.signals.quarter_released, inside the
    release's transaction): if its board is public and republishes itself, start a publish once
    the release has committed, so the snapshot sees the released quarter. It runs on a worker,
    or in this process on the embedded setup (Celery eager: there is no beat there, so waiting
    for boards_republish_due_task would never republish). Returns whether a publish was scheduled.

    A publish that cannot start (the queue is down) or fails never undoes the release; the
    hourly boards_republish_due_task catches up with every board still behind its releases."""
    due = Board.objects.filter(cycle=cycle, auto_republish=True, live_version__isnull=False).exists()
    if not due or not states.allows(cycle, Activity.PUBLISH):
        return False
    transaction.on_commit(lambda: _republish(actor=actor, cycle=cycle), robust=True)
    return True


def board_republish_if_live(*, actor, cycle: Cycle) -> bool:
    """A published value of `cycle` was corrected (an appeal decided `changed`): if its board is
    public, start a publish once the correction has committed, so the live board shows it.
    Returns whether a publish was scheduled; a publish that cannot start never undoes the
    correction."""
    if not states.allows(cycle, Activity.PUBLISH):
        return False
    if not Board.objects.filter(cycle=cycle, live_version__isnull=False).exists():
        return False
    transaction.on_commit(lambda: _republish(actor=actor, cycle=cycle), robust=True)
    return True


def _republish(*, actor, cycle: Cycle) -> None:
    try:
        task_start(actor=actor, cycle=cycle, kind="publish", task=board_publish_task,
                   args=[cycle.pk, actor.pk if actor else None])
    except QueueUnavailable:
        logger.warning("Automatic republish of cycle %s not started: the queue is down; the hourly "
                       "boards.republish_due task will publish it.", cycle.pk)


def client_key(address: str) -> str:
    """A digest of the client address: enough to limit the rate, without keeping the address."""
    return hashlib.sha256(f"cadreboard-feedback:{address}".encode()).hexdigest()[:32]


def feedback_allowed(key: str) -> bool:
    """At most FEEDBACK_PER_HOUR messages per client an hour (counted in the database, so the
    limit holds when the cache is down)."""
    since = timezone.now() - timezone.timedelta(hours=1)
    return Feedback.objects.filter(client_key=key, created_at__gte=since).count() < FEEDBACK_PER_HOUR


@transaction.atomic
def feedback_submit(*, board: Board, pledge_id: int, content: str, contact: str = "", key: str) -> Feedback:
    """A message from the public about a published pledge; hidden until staff approve it."""
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": [_("请填写留言内容。")]})
    if len(content) > 500:
        raise ValidationError({"content": [_("留言不超过 500 字。")]})
    if len(contact or "") > 100:
        raise ValidationError({"contact": [_("联系方式不超过 100 字。")]})
    live = board.live_version
    published = {p["id"] for o in (live.snapshot["officials"] if live else []) for p in o["pledges"]}
    if pledge_id not in published:
        raise ValidationError({"pledge": [_("只能对公示中的目标留言。")]})
    if not feedback_allowed(key):
        raise ValidationError({"content": [_("留言过于频繁，请稍后再试。")]})
    message = Feedback(board=board, pledge_id=pledge_id, content=content, contact=(contact or "").strip(),
                       client_key=key)
    audited_save(message, actor=None, reason=_("群众留言"))
    # The district's staff hear of it at most once a day per board, however many arrive.
    cycle = board.cycle
    notify_staff(notes=[Note(
        kind=Notification.Kind.FEEDBACK_WAITING, district_id=cycle.district_id,
        message=_("%(year)s 年度公示收到新的群众留言，待审核。") % {"year": cycle.year},
        link=reverse("boards:moderation"), key=f"feedback:{board.pk}:{timezone.localdate():%Y%m%d}",
    )])
    return message


@transaction.atomic
def feedback_moderate(*, actor, feedback: Feedback, status: str, reply: str | None = None) -> Feedback:
    """Approve (publish) or reject a message, and/or reply to it; the board's published
    feedback is rebuilt in the same transaction."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if status not in Feedback.Status.values:
        raise ValidationError({"status": [_("状态只能是待审核、已公开或不予公开。")]})
    feedback.status = status
    if reply is not None:
        feedback.reply = reply.strip()
    feedback.moderated_by, feedback.moderated_at = actor, timezone.now()
    audited_save(feedback, actor=actor, reason=_("审核留言：%(status)s") % {"status": feedback.get_status_display()})
    _publish_feedback(feedback.board_id)
    return feedback


def _publish_feedback(board_id: int) -> None:
    board = Board.objects.select_for_update().select_related("cycle__district").get(pk=board_id)
    published = {}
    for pledge_id, content, reply, created_at in (
        Feedback.objects.filter(board=board, status=Feedback.Status.APPROVED)
        .order_by("created_at", "id").values_list("pledge_id", "content", "reply", "created_at")
    ):
        published.setdefault(str(pledge_id), []).append(
            {"content": content, "reply": reply, "date": timezone.localtime(created_at).date().isoformat()}
        )
    Board.objects.filter(pk=board.pk).update(feedback=published, feedback_rev=F("feedback_rev") + 1)
    _pointer_changed(board.cycle.district.code, board.cycle.year)


def boards_due_for_republish() -> list[int]:
    """Cycles whose board republishes itself and has a quarter released after its live version."""
    due = []
    for board in Board.objects.filter(auto_republish=True, live_version__isnull=False).select_related(
            "live_version", "cycle"):
        latest = board.cycle.releases.aggregate(last=Max("released_at"))["last"]
        if latest is not None and latest > board.live_version.published_at and states.allows(board.cycle,
                                                                                             Activity.PUBLISH):
            due.append(board.cycle_id)
    return due
