"""The what-if page (beside the cycle settings): the cycle's settings in a form, run → counts per
grade before and after and the officials whose grade or outcomes change; the same comparison as
a workbook. A simulation writes nothing, so both are GETs with the settings in the query string;
staff, leaders and the administrator may run it, for any cycle (a finalized one included);
officials never (403); another district's cycle is not found (404)."""
from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import about, roles
from accounts.audit import audit_event
from accounts.models import Role
from cycles import selectors as cycle_selectors
from cycles.models import Cycle
from evaluations import labels

from . import export, selectors
from .forms import SimulationForm

RUNNERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
SHOWN = 500  # changed officials listed on the page; the workbook has them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(request, cycle: Cycle):
    """The form (bound when the query asks to run) and the simulation, or None."""
    bound = "run" in request.GET
    form = SimulationForm(request.GET if bound else None, settings=cycle.settings)
    if not bound or not form.is_valid() or form.cleaned_settings is None:
        return form, None
    return form, selectors.simulate(cycle, form.cleaned_settings)


def _count_rows(simulation) -> list[dict]:
    return [{"key": key, "label": _(label), "before": simulation.before[key], "after": simulation.after[key],
             "delta": simulation.after[key] - simulation.before[key]} for key, label in export.GRADE_ROWS]


def _change_rows(simulation) -> list[dict]:
    return [{**row, "grade_before": export.grade_text(row["change"].grade_before),
             "grade_after": export.grade_text(row["change"].grade_after),
             "added": [labels.outcome_label(code) for code in row["change"].outcomes_added],
             "removed": [labels.outcome_label(code) for code in row["change"].outcomes_removed]}
            for row in simulation.rows()]


@about(Cycle)
@roles(*RUNNERS)
def simulate(request, pk: int):
    cycle = cycle_selectors.cycle_for(request.user, pk)
    form, simulation = _run(request, cycle)
    context = {"cycle": cycle, "form": form, "simulation": simulation}
    if simulation is not None:
        changes = _change_rows(simulation)
        context |= {"counts": _count_rows(simulation), "changes": changes[:SHOWN], "more": max(0, len(changes) - SHOWN),
                    "changed": len(changes), "export_query": request.GET.urlencode()}
    return render(request, "simulations/simulate.html", context, status=400 if form.is_bound and form.errors else 200)


@about(Cycle)
@roles(*RUNNERS)
def simulate_export(request, pk: int):
    """The comparison as a workbook; settings that do not validate answer with the page and its errors."""
    cycle = cycle_selectors.cycle_for(request.user, pk)
    form, simulation = _run(request, cycle)
    if simulation is None:
        return render(request, "simulations/simulate.html", {"cycle": cycle, "form": form, "simulation": None},
                      status=400 if form.is_bound else 200)
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    rows = export.write(simulation, spool, today=timezone.localdate())
    audit_event(actor=request.user, action="export", target=f"cycle {cycle.pk} {export.filename(simulation)}",
                detail=_("{rows} 行").format(rows=rows), request=request, status=200)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=export.filename(simulation), content_type=XLSX)
