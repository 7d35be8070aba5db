"""Reads for cycles: the cycles a user may reach and the one a page opens by default, the
status of a long task, and a page's progress panel for it."""
from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from celery.result import AsyncResult
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.scoping import CHANGE, CREATE, READ, districts_of, get_or_deny, may, scoped

from .models import Cycle, TaskRecord

TASK_STATES = {
    "PENDING": "pending", "RECEIVED": "pending", "STARTED": "running", "PROGRESS": "running",
    "RETRY": "running", "SUCCESS": "success", "FAILURE": "failure", "REVOKED": "failure",
}


def cycle_list(user) -> QuerySet:
    """The cycles `user` may read, with their district, newest year first."""
    return scoped(Cycle.objects.select_related("district"), user).order_by("-year", "district__code")


def current_cycle(cycles: Iterable[Cycle]) -> Cycle | None:
    """The cycle a page opens by default among `cycles` (district joined): of the first
    district by code, the oldest cycle not yet finalized — a year still being finished comes
    before the next year's planning — else the newest; None without cycles. Every page that
    picks a cycle by default asks this (home, review queue, evaluations index)."""
    cycles = list(cycles)
    if not cycles:
        return None
    first = min(cycles, key=lambda c: (c.district.code, c.district_id)).district_id
    own = [c for c in cycles if c.district_id == first]
    unfinished = [c for c in own if c.state != Cycle.State.FINALIZED]
    if unfinished:
        return min(unfinished, key=lambda c: c.year)
    return max(own, key=lambda c: c.year)


def current_cycles(cycles: Iterable[Cycle]) -> dict[int, Cycle]:
    """Each district's current cycle (current_cycle) among `cycles`, by district id."""
    by_district = defaultdict(list)
    for cycle in cycles:
        by_district[cycle.district_id].append(cycle)
    return {district: current_cycle(own) for district, own in by_district.items()}


def other_years(user, cycle: Cycle) -> list[Cycle]:
    """The other cycles of `cycle`'s district that `user` may read, newest first (the
    "其他年度" switch of a page about one cycle)."""
    return list(scoped(Cycle.objects.filter(district_id=cycle.district_id).exclude(pk=cycle.pk), user)
                .order_by("-year"))


def recent_cycles(user, limit: int) -> list[Cycle]:
    """The newest `limit` cycles `user` may read, with their district, by year then district name."""
    return list(scoped(Cycle.objects.select_related("district"), user).order_by("-year", "district__name")[:limit])


def cycle_for(user, pk, action: str = READ) -> Cycle:
    """The cycle `pk` (district joined) for `action`: 403 if `user` may only read it, 404 if it
    may not even read it (accounts.scoping.get_or_deny)."""
    return get_or_deny(scoped(Cycle.objects.select_related("district"), user), user, pk, action)


def districts_for_new_cycle(user) -> QuerySet:
    """The districts in which `user` may open a cycle (none for a role that may not)."""
    districts = districts_of(user).order_by("code")
    return districts if may(user, CREATE, Cycle) else districts.none()


def latest_cycle(user, district) -> Cycle | None:
    """The district's newest cycle that `user` may read, or None (the year to copy settings from)."""
    return scoped(Cycle.objects.filter(district=district), user).order_by("-year").first()


def cycle_changeable(user, cycle: Cycle) -> bool:
    """Whether `user` may change this very cycle (its role and its districts)."""
    return scoped(Cycle.objects.filter(pk=cycle.pk), user, CHANGE).exists()


def task_status(user, task_id: str) -> dict | None:
    """State (pending/running/success/failure), progress 0–100 and result of a task `user` may
    see; None if there is no such task for this user."""
    record = scoped(TaskRecord.objects.filter(task_id=task_id), user).select_related("cycle").first()
    if record is None:
        return None
    outcome = AsyncResult(task_id)
    state = TASK_STATES.get(outcome.state, "running")
    info = outcome.info
    if state == "success":
        progress, result = 100, outcome.result
    elif state == "failure":
        progress, result = 100, {"error": str(info) if info else _("任务失败")}
    else:
        progress = info.get("progress", 0) if isinstance(info, dict) else 0
        result = None
    return {"task_id": task_id, "kind": record.kind, "cycle": record.cycle_id, "state": state,
            "progress": progress, "result": result}


def _with_stored_results(records: QuerySet) -> list[TaskRecord]:
    """`records` (TaskRecords), each with `meta`: its task's stored state and result
    ({"status", "result"}, a failure's result the exception), PENDING before it started. On the
    database result backend they come in the same query (no query per task); another backend
    is asked task by task."""
    from types import SimpleNamespace

    from celery import current_app
    from django.db.models import OuterRef, Subquery

    backend = current_app.backend
    model = getattr(backend, "TaskModel", None)
    if model is None:
        records = list(records)
        for record in records:
            outcome = AsyncResult(record.task_id)
            record.meta = {"status": outcome.state, "result": outcome.info}
        return records
    stored = model._default_manager.filter(task_id=OuterRef("task_id"))
    records = list(records.annotate(**{f"stored_{name}": Subquery(stored.values(name)[:1])
                                       for name in ("status", "result", "content_encoding")}))
    for record in records:
        if record.stored_status is None:
            record.meta = {"status": "PENDING", "result": None}
            continue
        body = backend.decode_content(SimpleNamespace(content_encoding=record.stored_content_encoding),
                                      record.stored_result)
        record.meta = backend.meta_from_decoded({"status": record.stored_status, "result": body})
    return records


def task_group_status(user, group_id: str) -> dict | None:
    """Progress of a group of tasks (services.task_group_start) as `user` may see it: only the
    tasks of its districts' cycles count. `total`, `done` (finished either way), `failed`,
    `progress` 0–100, `state` (running until every task finished, then success, or failure when
    one failed), and each task with its cycle, district, state and, for a failure, the error;
    `failures` the failed ones. None when the group has no task `user` may see. A fixed number of
    queries whatever the number of tasks."""
    from celery import current_app
    from celery.result import GroupResult

    group_id = task_id_or_none(group_id)
    saved = GroupResult.restore(group_id, backend=current_app.backend) if group_id else None
    if saved is None:
        return None
    records = _with_stored_results(
        scoped(TaskRecord.objects.filter(task_id__in=[child.id for child in saved.results]), user)
        .select_related("cycle__district").order_by("cycle__district__code", "cycle__year"))
    if not records:
        return None
    tasks = []
    for record in records:
        meta = record.meta
        state = TASK_STATES.get(meta["status"], "running")
        info = meta["result"]
        if state in ("success", "failure"):
            progress = 100
        else:
            progress = info.get("progress", 0) if isinstance(info, dict) else 0
        cycle = record.cycle
        tasks.append({"task_id": record.task_id, "kind": record.kind, "cycle": cycle.pk, "year": cycle.year,
                      "district": cycle.district_id, "district_name": cycle.district.name, "state": state,
                      "progress": progress,
                      "error": (str(info) if info else _("任务失败")) if state == "failure" else ""})
    done = sum(t["state"] in ("success", "failure") for t in tasks)
    failures = [t for t in tasks if t["state"] == "failure"]
    state = "running" if done < len(tasks) else ("failure" if failures else "success")
    return {"group_id": group_id, "state": state, "total": len(tasks), "done": done, "failed": len(failures),
            "progress": round(sum(t["progress"] for t in tasks) / len(tasks)), "tasks": tasks, "failures": failures}


def task_id_or_none(raw: str) -> str | None:
    """`raw` as a task id (a UUID, as services.task_start makes them), or None when it is not
    one: a page's `?task=` is looked up only when it can name a task."""
    try:
        return str(uuid.UUID(raw)) if raw and len(raw) <= 36 else None
    except ValueError:
        return None


def task_panel(user, task_id: str, *, cycle, labels: dict, kind: str | None = None) -> dict | None:
    """A page's progress panel for the task `task_id`: its status (task_status) with `done` and
    the Chinese label of its state from `labels`; None unless it is a task of `cycle` (and of
    `kind`, when given) that `user` may see."""
    task_id = task_id_or_none(task_id)
    if task_id is None:
        return None
    status = task_status(user, task_id)
    if status is None or status["cycle"] != cycle.pk or kind not in (None, status["kind"]):
        return None
    status["done"] = status["state"] in ("success", "failure")
    status["label"] = labels[status["state"]]
    return status

