"""What the pages of several apps show about a cycle: its long task (compute, publish, export)
and the switch to the district's other years."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.web import report

from . import services, states
from .models import Cycle
from .selectors import other_years
from .selectors import task_panel as task_panel_of


def task_panel(request, cycle: Cycle, *, labels: dict, kind: str | None = None,
               task_id: str | None = None) -> dict | None:
    """The progress panel of the task `task_id` (by default the one the page's `?task=` names), if
    it is `cycle`'s (and of `kind`, when given) and the signed-in user may see it; `labels` name
    its states (pending, running, success, failure)."""
    if task_id is None:
        task_id = request.GET.get("task", "")
    return task_panel_of(request.user, task_id, cycle=cycle, labels=labels, kind=kind)


def start_task(request, cycle: Cycle, *, activity, kind: str, task, args: list, started: str):
    """A page's "start this long task" button: if the cycle's state allows `activity`, start
    `task` (services.task_start) and say `started`; else say why, or that the queue is down.
    Returns the task id, or None when nothing started (the message says why)."""
    try:
        states.require(cycle, activity)
        task_id = services.task_start(actor=request.user, cycle=cycle, kind=kind, task=task, args=args)
    except ValidationError as exc:
        report(request, exc)
        return None
    except services.QueueUnavailable as exc:
        messages.error(request, str(exc))
        return None
    messages.info(request, started)
    return task_id


def year_switch(request, cycle: Cycle) -> list[Cycle]:
    """The "其他年度" switch of a page about `cycle`: each other cycle of its district that the
    user may read (newest first), its `switch_url` this same page for it — the URL's `pk`
    swapped, or, for a page that takes its cycle from the query (the review queue), `?cycle=<id>`."""
    match = request.resolver_match
    same_page = match is not None and "pk" in match.kwargs
    others = other_years(request.user, cycle)
    for other in others:
        other.switch_url = (reverse(match.view_name, kwargs={**match.kwargs, "pk": other.pk}) if same_page
                            else f"{request.path}?cycle={other.pk}")
    return others
