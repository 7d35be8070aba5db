"""Writes for cycles: creation, settings, the pledge deadline and state; and starting a long
task for a cycle. Each is one transaction, audited (django-simple-history: who, when,
old → new, reason). Finalizing is evaluations.compute.cycle_finalize (it computes first)."""
from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from accounts.audit import audited_save
from notifications.models import Notification
from notifications.services import Note, notify

from . import cycle_settings, signals, states
from .models import Cycle, TaskRecord
from .states import Activity


def settings_or_error(settings: dict) -> dict:
    """A whole settings object validated (cycle_settings.validate), or a ValidationError on
    `settings` listing every problem as "key: message" (what the cycle API answers with a 400)."""
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
        district=district, year=year, settings=settings_or_error(merged),
        pledge_deadline=pledge_deadline or Cycle.default_pledge_deadline(year),
    )
    audited_save(cycle, actor=actor, reason=_("新建考核年度"))
    return cycle


@transaction.atomic
def cycle_update(
    *, actor, cycle: Cycle, settings: dict | None = None,
    pledge_deadline: datetime.date | None = None, reason: str = "",
) -> Cycle:
    """Change a cycle's settings or pledge deadline, as its state allows (cycles.states).

    A new deadline is announced (signals.pledge_deadline_changed) in this transaction: the
    annual pledges' due dates follow it (pledges owns them)."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if settings is not None:
        states.require(cycle, Activity.SETTINGS, field="settings")
        cycle.settings = settings_or_error(cycle_settings.merge(cycle.settings, settings))
    if pledge_deadline is not None:
        states.require(cycle, Activity.DEADLINE, field="pledge_deadline")
        cycle.pledge_deadline = pledge_deadline
    audited_save(cycle, actor=actor, reason=reason or _("修改考核年度"))
    if pledge_deadline is not None:
        signals.pledge_deadline_changed.send(sender=Cycle, cycle=cycle, pledge_deadline=pledge_deadline)
    return cycle


@transaction.atomic
def cycle_advance(*, actor, cycle: Cycle, reason: str = "") -> Cycle:
    """Move a cycle one step along Cycle.STATE_ORDER: planning → in_progress → evaluating.
    Finalizing is its own service (evaluations.compute.cycle_finalize)."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    states.require(cycle, Activity.ADVANCE, field="state")
    cycle.state = states.next_state(cycle)
    audited_save(cycle, actor=actor, reason=reason or _("推进至“%(state)s”") % {"state": cycle.get_state_display()})
    return cycle


class QueueUnavailable(Exception):
    """The task queue (Redis) cannot take the task now; nothing was started."""


def task_start(*, actor, cycle: Cycle, kind: str, task, args: list) -> str:
    """Start a Celery task for a cycle and record who asked (TaskRecord), so that its status is
    readable only within the cycle's district. Fails fast with QueueUnavailable when the broker
    is down: the record is removed and nothing runs."""
    task_id = str(uuid.uuid4())
    # Committed before the task is sent, so a worker that starts at once finds it.
    record = TaskRecord.objects.create(task_id=task_id, kind=kind, cycle=cycle, requested_by=actor)
    try:
        task.apply_async(args=args, task_id=task_id)
    except OperationalError as exc:
        record.delete()
        raise QueueUnavailable(_("任务队列暂时不可用，请稍后再试或联系系统管理员。")) from exc
    return task_id


def task_group_start(*, actor, cycles: list[Cycle], kind: str, task, queue: str | None = None) -> str | None:
    """Start `task` once for each of `cycles` as one Celery group (the tasks run in parallel on
    as many workers as there are), recording who asked for each (a TaskRecord per cycle, so each
    task's status stays readable only within its cycle's district). The group is saved in the
    result backend so that `selectors.task_group_status` finds its tasks again. Returns the
    group id, or None when `cycles` is empty; QueueUnavailable (nothing runs, no record is
    left) when the broker is down. `queue` sends the tasks to a named queue (tests, benches).

    Tasks that run eagerly (no REDIS_URL) run one after the other here, and a failed one does
    not stop the rest: its failure is stored and named by the group's status like a worker's."""
    from celery import group

    if not cycles:
        return None
    ids = {cycle.pk: str(uuid.uuid4()) for cycle in cycles}
    # Committed before the tasks are sent, so a worker that starts at once finds them.
    TaskRecord.objects.bulk_create(
        [TaskRecord(task_id=ids[cycle.pk], kind=kind, cycle=cycle, requested_by=actor) for cycle in cycles])
    options = {"queue": queue} if queue else {}
    tasks = group(task.signature(args=[cycle.pk], task_id=ids[cycle.pk], **options) for cycle in cycles)
    try:
        result = tasks.apply(throw=False) if task.app.conf.task_always_eager else tasks.apply_async()
    except OperationalError as exc:
        TaskRecord.objects.filter(task_id__in=ids.values()).delete()
        raise QueueUnavailable(_("任务队列暂时不可用，请稍后再试或联系系统管理员。")) from exc
    result.save()
    return result.id


# --- a finished task is announced to whoever started it ---------------------------------------


@dataclass(frozen=True)
class TaskPage:
    label: str  # what the task does, e.g. "计算考核结果"
    url: Callable[[TaskRecord], str]  # the page that shows the task's outcome


# Filled by the apps that start tasks (their AppConfig.ready), so cycles imports none of them.
_TASK_PAGES: dict[str, TaskPage] = {}


def task_page_register(kind: str, *, label: str, url: Callable[[TaskRecord], str]) -> None:
    """Name the tasks of `kind` and the page where their outcome is seen."""
    _TASK_PAGES[kind] = TaskPage(label, url)


@transaction.atomic
def task_finished_announce(*, task_id: str, succeeded: bool, error: str = "") -> None:
    """Tell the account that started task `task_id` (a TaskRecord) that it is done or failed,
    with a link to the page that shows it. Tasks without a record (beat tasks) are not
    announced; a task announced before (a redelivery) is not announced again."""
    record = TaskRecord.objects.filter(task_id=task_id).select_related("cycle").first()
    if record is None or record.requested_by_id is None:
        return
    page = _TASK_PAGES.get(record.kind)
    task = page.label if page else _("后台任务")
    values = {"year": record.cycle.year, "task": task, "error": (error or _("未知错误"))[:120]}
    note = Note(
        kind=Notification.Kind.TASK_DONE if succeeded else Notification.Kind.TASK_FAILED,
        district_id=record.cycle.district_id,
        message=(_("%(year)s 年度%(task)s已完成。") if succeeded
                 else _("%(year)s 年度%(task)s失败：%(error)s")) % values,
        link=page.url(record) if page else "", key=f"task:{task_id}",
    )
    notify(notes=[(record.requested_by_id, note)])
