"""The roll-up of several districts (SPEC section 13) and its "compute all" button with the
progress of the group of computes."""
from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import roles
from accounts.scoping import CHANGE, may
from cycles import selectors as cycle_selectors
from cycles import services as cycle_services
from cycles.models import Cycle

from .. import labels, rollup
from .common import READERS


def _run_labels() -> dict:
    return {"pending": _("排队中"), "running": _("计算中"), "success": _("计算完成"), "failure": _("部分计算失败")}


@roles(*READERS)
def rollup_page(request):
    """Each district the user serves side by side (its current cycle's state and counts, with
    links into its pages); for staff and the administrator, "compute all" and, with `?run=`,
    the progress of that group of computes."""
    user = request.user
    rows = rollup.rollup_rows(user)
    run = cycle_selectors.task_group_status(user, request.GET.get("run", ""))
    if run is not None:
        run["done_all"] = run["state"] in ("success", "failure")
        run["label"] = _run_labels()[run["state"]]
    can_compute = may(user, CHANGE, Cycle)
    return render(request, "evaluations/rollup.html", {
        "rows": rows, "run": run, "can_compute": can_compute,
        "computable": sum(row.computable for row in rows) if can_compute else 0,
        "grade_labels": dict(labels.grade_choices()), "run_labels_json": json.dumps(_run_labels(), ensure_ascii=False),
    })


@roles(*READERS)
@require_POST
def rollup_compute(request):
    """Start computing every chosen district's current cycle that may be computed now (one
    Celery group) and follow it on the roll-up page."""
    user = request.user
    if not may(user, CHANGE, Cycle):
        raise PermissionDenied
    chosen = [int(pk) for pk in request.POST.getlist("district") if pk.isdigit()] or None
    try:
        group_id, started, left_out = rollup.rollup_compute_start(actor=user, districts=chosen)
    except cycle_services.QueueUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("evaluations:rollup")
    for row in left_out:
        messages.warning(request, _("%(district)s：%(why)s") % {"district": row.district.name,
                                                               "why": rollup.left_out_reason(row)})
    if group_id is None:
        messages.error(request, _("没有可计算的考核年度。"))
        return redirect("evaluations:rollup")
    messages.info(request, ngettext("已开始计算 %(n)s 个区的考核结果。", "已开始计算 %(n)s 个区的考核结果。",
                                    len(started)) % {"n": len(started)})
    return redirect(reverse("evaluations:rollup") + f"?run={group_id}#run")

