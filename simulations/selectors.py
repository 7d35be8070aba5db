"""What-if (SPEC section 11): a cycle's results under other settings, beside its own, without any
write. One implementation of SPEC section 4: the compute's own loading (evaluations.compute.
load_inputs, load_grading), scoring (score_all: scoring.IntegerScorer) and grading and outcomes
(results_of: rules.grade_all, rules.outcomes_all).

Both sides are computed from the same inputs as they are now:
- "before": the cycle's own settings — what a compute would store now (the stored results when
  they are up to date, whatever the cycle's state, finalized included);
- "after": the settings with the changes laid over them, validated as a cycle's settings are.
The committee's overrides (GradeOverride) stand on both sides: an overridden grade is the grade
that counts, so it does not change, though its outcomes may (the exemplary titles are ranked
among the 好 that count). Exemptions stand too (not ranked, no grade, no outcomes). History for
promotion_preference and org_adjustment is the finalized cycles of the two years before, as in
a compute. Only the settings that score or grade change anything here (weights, coefficients,
survey weights, bonus cap, letter points, thresholds, quota, exemplary_top); the others (pledge
grade thresholds, publishing, new_in_post_months) are validated and otherwise ignored.

The number of queries is fixed whatever the number of officials (one more loading when the
letter points change, as the database sums the points)."""
from __future__ import annotations

from dataclasses import dataclass, field

from cycles import cycle_settings
from cycles.models import Cycle
from cycles.services import settings_or_error
from evaluations import compute
from org.models import Unit

from . import rules


@dataclass
class Simulation:
    cycle: Cycle
    settings_before: dict
    settings_after: dict
    before: dict[str, int]
    after: dict[str, int]
    changes: list[rules.Change]
    officials: int
    composites_changed: int
    ranks_changed: int
    names: dict[int, str] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)  # official → unit name (changed officials)

    def rows(self) -> list[dict]:
        """The changes with each official's name and unit, for pages and exports."""
        return [{"change": c, "name": self.names.get(c.official_id, ""), "unit": self.units.get(c.official_id, "")}
                for c in self.changes]


def settings_after(cycle: Cycle, changes: dict) -> dict:
    """The cycle's settings with `changes` (a partial settings object) laid over them and
    validated exactly as a change of the cycle's settings is: a ValidationError on `settings`."""
    return settings_or_error(cycle_settings.merge(cycle.settings, changes))


def simulate(cycle: Cycle, changes: dict) -> Simulation:
    """The cycle's results under its own settings and under the settings `changes` make, and
    every official whose counting grade or outcomes differ. Writes nothing."""
    after_settings = settings_after(cycle, changes)
    before_settings = cycle.settings
    inputs, unit_of = compute.load_inputs(cycle)
    overrides, history = compute.load_grading(cycle)
    names = {o.official_id: o.name for o in inputs}
    scored_before = compute.score_all(inputs, before_settings)
    if not rules.scoring_changed(before_settings, after_settings):
        scored_after = scored_before
    elif after_settings["letter_points"] != before_settings["letter_points"]:
        # The database sums a pledge's points with the letters counted: load them again.
        del inputs
        after_inputs, _units = compute.load_inputs(cycle, letter_points=after_settings["letter_points"])
        scored_after = compute.score_all(after_inputs, after_settings)
        del after_inputs
    else:
        scored_after = compute.score_all(inputs, after_settings)
    common = {"cycle_id": cycle.pk, "unit_of": unit_of, "overrides": overrides, "history": history, "now": None}
    before = compute.results_of(scored=scored_before, settings=before_settings, **common)
    after = compute.results_of(scored=scored_after, settings=after_settings, **common)
    changed = rules.compare(before, after, names=names)
    unit_ids = {unit_of[c.official_id] for c in changed}
    unit_names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    return Simulation(
        cycle=cycle, settings_before=before_settings, settings_after=after_settings,
        before=rules.counts(before), after=rules.counts(after), changes=changed, officials=len(after),
        composites_changed=rules.moved(before, after, "composite"), ranks_changed=rules.moved(before, after, "rank"),
        names={c.official_id: names[c.official_id] for c in changed},
        units={c.official_id: unit_names.get(unit_of[c.official_id], "") for c in changed},
    )
