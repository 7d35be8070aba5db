"""The staff pages that publish a cycle's board (versions, rollback, automatic republishing) and
moderate the public's feedback. They read through the selectors, scoped for the signed-in user: an
object the user may read but not change answers 403 on a change, one it may not read 404."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.access import about, roles
from accounts.models import Role
from accounts.scoping import CHANGE, may
from core.web import report, report_form, safe_next
from cycles import selectors as cycle_selectors
from cycles import states
from cycles import web as cycle_web
from cycles.models import Cycle
from cycles.states import Activity
from cycles.web import task_panel

from .. import selectors, services
from ..forms import AutoRepublishForm, ModerationFilterForm, ModerationForm, RollbackForm
from ..models import Feedback
from ..tasks import board_publish_task

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
WRITERS = (Role.ADMIN, Role.STAFF)
MODERATION_PAGE_SIZE = 30


def _manage_url(cycle: Cycle, task: str = "") -> str:
    url = reverse("boards:manage", args=[cycle.pk])
    return f"{url}?task={task}#publish" if task else url


def _publish_labels() -> dict:
    return {"pending": _("排队中"), "running": _("生成中"), "success": _("发布完成"), "failure": _("发布失败")}


@about(Cycle)
@roles(*READERS)
@require_safe
def manage(request, pk: int):
    """A cycle's board: the live version, every version with rollback, publish now (with a
    progress bar), automatic republishing, links to the public pages and their QR code."""
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk)
    can_change = cycle_selectors.cycle_changeable(user, cycle)
    board = selectors.staff_board(user, cycle)
    versions, pending = [], 0
    if board is not None:
        versions = selectors.board_versions(user, board)
        pending = selectors.pending_feedback_count(user, board)
    refusal = ""
    try:
        states.require(cycle, Activity.PUBLISH)
    except ValidationError as exc:
        refusal = " ".join(exc.messages)
    live = board.live_version if board is not None else None
    return render(request, "boards/manage.html", {
        "cycle": cycle, "board": board, "live": live, "versions": versions, "pending": pending,
        "can_change": can_change, "refusal": refusal,
        "task": task_panel(request, cycle, labels=_publish_labels(), kind="publish"),
        "auto_republish": board.auto_republish if board is not None else True,
    })


@about(Cycle)
@roles(*WRITERS)
@require_POST
def publish(request, pk: int):
    """Publish now: a Celery task builds the snapshot and switches the live board to it."""
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    task_id = cycle_web.start_task(request, cycle, activity=Activity.PUBLISH, kind="publish", task=board_publish_task,
                                   args=[cycle.pk, request.user.pk], started=_("已开始生成新版公示。"))
    return redirect(_manage_url(cycle, task_id or ""))


@about(Cycle)
@roles(*WRITERS)
@require_POST
def rollback(request, pk: int):
    """Make an earlier version live again, with a reason (audited)."""
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    board = selectors.staff_board(request.user, cycle, CHANGE)
    form = RollbackForm(request.POST)
    if board is None or not form.is_valid():
        messages.error(request, _("请选择要回退到的版本。"))
        return redirect(_manage_url(cycle))
    number = form.cleaned_data["number"]
    try:
        services.board_rollback(actor=request.user, board=board, number=number, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("已回退到第 %(number)s 版，公示页面已更新。") % {"number": number})
    return redirect(_manage_url(cycle))


@about(Cycle)
@roles(*WRITERS)
@require_POST
def auto_republish(request, pk: int):
    """Turn automatic republishing after each quarter release on or off."""
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    form = AutoRepublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择开启或关闭。"))
        return redirect(_manage_url(cycle))
    enabled = form.cleaned_data["auto_republish"]
    services.board_auto_republish_set(actor=request.user, board=services.board_for(cycle), enabled=enabled)
    messages.success(request, _("已开启自动重新公示。") if enabled else _("已关闭自动重新公示。"))
    return redirect(_manage_url(cycle))


@roles(*READERS)
@require_safe
def moderation(request):
    """The feedback queue of the user's districts: pending first, filter by status; and the way
    to each cycle's board (the navigation's "公示" leads here)."""
    user = request.user
    filters = ModerationFilterForm(request.GET)
    rows = selectors.moderation_queue(user, status=filters.value() or None)
    page = Paginator(rows, MODERATION_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.feedback_counts(user)
    can_moderate = may(user, CHANGE, Feedback)  # the scoping matrix decides, as for the POST
    items = []
    for message in page:
        form = ModerationForm(initial={"reply": message.reply}, auto_id=f"m{message.pk}_%s") if can_moderate else None
        items.append({"message": message, "form": form})
    tabs = [("", _("全部"), sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in Feedback.Status.choices]
    cycles = cycle_selectors.recent_cycles(user, 12)
    return render(request, "boards/moderation.html", {
        "page": page, "items": items, "tabs": tabs, "status": filters.value(), "can_moderate": can_moderate,
        "cycles": cycles,
    })


@about(Feedback)
@roles(*WRITERS)
@require_POST
def moderate(request, pk: int):
    """Approve, reject or reply to one message; the public pages show the change at once."""
    message = selectors.feedback_for(request.user, pk, CHANGE)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        report_form(request, form, labels=False)
    else:
        action = form.cleaned_data["action"]
        status = {ModerationForm.APPROVE: Feedback.Status.APPROVED,
                  ModerationForm.REJECT: Feedback.Status.REJECTED}.get(action, message.status)
        try:
            services.feedback_moderate(actor=request.user, feedback=message, status=status,
                                       reply=form.cleaned_data["reply"])
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, {ModerationForm.APPROVE: _("留言已公开。"),
                                       ModerationForm.REJECT: _("留言已设为不予公开。"),
                                       ModerationForm.REPLY: _("回复已保存。")}[action])
    return redirect(f"{safe_next(request, reverse('boards:moderation'))}#fb-{message.pk}")
