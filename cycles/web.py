"""What the pages of several apps show about a cycle's long task (compute, publish, export)."""
from __future__ import annotations

from .models import Cycle
from .selectors import task_panel as task_panel_of


def task_panel(request, cycle: Cycle, *, labels: dict, kind: str | None = None,
               task_id: str | None = None) -> dict | None:
    """The progress panel of the task `task_id` (by default the one the page's `?task=` names), if
    it is `cycle`'s (and of `kind`, when given) and the signed-in user may see it; `labels` name
    its states (pending, running, success, failure)."""
    if task_id is None:
        task_id = request.GET.get("task", "")
    return task_panel_of(request.user, task_id, cycle=cycle, labels=labels, kind=kind)
