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

Fast where it can be, with the same functions (SPEC section 4 is implemented once):
- "before" is the stored Results (composite, rank, counting grade, outcomes) when they are
  current (stored_results_current: computed, and no input of the cycle changed since), else it is
  computed from the inputs as a compute would;
- "after", when only grading settings change (thresholds, quota, exemplary_top, or settings that
  change nothing), is graded (compute.results_of → rules.grade_all, rules.outcomes_all) from the
  stored composites, vetoes, missing and exempt reasons — the scores do not change; when a
  setting that scores changes (rules.SCORING_KEYS), it is scored from the inputs — even the
  weights: a Result keeps its dimension scores rounded to 2 decimals, while the composite is made
  from the exact ones, so weights laid over the stored scores could move a composite by 0.01.
`Simulation.path` says which ran: "stored" (no input loaded), "stored+inputs" (before stored, after
scored), "inputs" (both from the inputs). Tests assert the three give the same answer.

The number of queries is fixed whatever the number of officials (one more loading when the
letter points change, as the database sums the points)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db.models import TextField
from django.db.models.functions import Cast

from cycles import cycle_settings
from cycles.models import Cycle
from cycles.services import settings_or_error
from evaluations import compute, scoring
from evaluations.models import (
    Exemption,
    GradeOverride,
    ListEntry,
    ListItem,
    PoliticalReview,
    QuarterlyScore,
    Result,
    SurveyScore,
    UnitScore,
)
from org.models import Official, Post, Unit
from pledges.models import Pledge, PledgeRevision

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
    path: str = "inputs"  # "stored", "stored+inputs" or "inputs" (see the module docstring)

    def rows(self) -> list[dict]:
        """The changes with each official's name and unit, for pages and exports."""
        return [{"change": c, "name": self.names.get(c.official_id, ""), "unit": self.units.get(c.official_id, "")}
                for c in self.changes]


def settings_after(cycle: Cycle, changes: dict) -> dict:
    """The cycle's settings with `changes` (a partial settings object) laid over them and
    validated exactly as a change of the cycle's settings is: a ValidationError on `settings`."""
    return settings_or_error(cycle_settings.merge(cycle.settings, changes))


def _changed_since(model, since, **lookups) -> bool:
    """Whether any row of `model` (its history: saves and deletes) was recorded after `since`."""
    return model.history.model.objects.filter(history_date__gt=since, **lookups).exists()


def stored_results_current(cycle: Cycle) -> bool:
    """Whether the cycle's stored Results are what a compute would store now: computed (every
    Result of the cycle carries the cycle's computed_at, the time its inputs were read as of), the
    cycle's settings the same as then, and nothing the compute reads changed since, as the audit
    history records it — the cycle's pledges, revisions, quarterly scores, unit scores, survey
    scores, political reviews, list entries, exemptions; list items, officials, posts and units
    anywhere (an official's move changes who is reviewed); the cycles of the two years before and
    their overrides (the history outcomes read). The committee's overrides of this cycle regrade
    the stored Results when they change, so they do not count. Some 16 small queries, each on the
    history's date index."""
    since = cycle.computed_at
    if since is None or not Result.objects.filter(cycle=cycle).exists():
        return False
    if Result.objects.filter(cycle=cycle).exclude(computed_at=since).exists():
        return False
    own = Cycle.history.model.objects.filter(id=cycle.pk)
    if own.filter(history_date__gt=since).exists():
        # Saved since (finalized, say): current only if its settings and year are those of then.
        then = own.filter(history_date__lte=since).order_by("-history_date").values("settings", "year").first()
        if then is None or then["settings"] != cycle.settings or then["year"] != cycle.year:
            return False
    years = (cycle.year - 1, cycle.year - 2)
    checks = [
        (Pledge, {"cycle_id": cycle.pk}), (PledgeRevision, {"pledge__cycle_id": cycle.pk}),
        (QuarterlyScore, {"pledge__cycle_id": cycle.pk}), (UnitScore, {"cycle_id": cycle.pk}),
        (SurveyScore, {"cycle_id": cycle.pk}), (PoliticalReview, {"cycle_id": cycle.pk}),
        (ListEntry, {"cycle_id": cycle.pk}), (Exemption, {"cycle_id": cycle.pk}),
        (ListItem, {}), (Official, {}), (Post, {}), (Unit, {}),
        (Cycle, {"year__in": years}), (GradeOverride, {"cycle__year__in": years}),
    ]
    return not any(_changed_since(model, since, **lookups) for model, lookups in checks)


def _stored(cycle: Cycle) -> tuple[list[compute.BriefResult], list[scoring.Scored], dict[int, int]]:
    """The stored Results as the "before" side (the fields rules.compare and rules.counts read),
    the same officials as scored (composite, veto, missing, exempt reason: what grading reads; the
    dimension scores are not needed), and each official's unit. Names are left out: grading does
    not depend on them (only the order of display does)."""
    before, scored, unit_of = [], [], {}
    lists: dict[str, list] = {}  # the JSON lists as text, each distinct one read once (they repeat)
    values: dict = {}
    for official_id, unit_id, veto, composite, rank, grade, outcomes, missing, exempt_reason in (
        Result.objects.filter(cycle=cycle).order_by().values_list(
            "official_id", "unit_id", "veto", "composite", "rank", "grade", Cast("outcomes", TextField()),
            Cast("missing", TextField()), "exempt_reason")
    ):
        if outcomes not in lists:
            lists[outcomes] = json.loads(outcomes)
        if missing not in lists:
            lists[missing] = json.loads(missing)
        outcomes, missing = lists[outcomes], lists[missing]
        if composite is not None:  # one Decimal per distinct value, as the scorer gives them (faster to grade)
            composite = values.setdefault(composite, composite)
        before.append(compute.BriefResult(official_id, unit_id, composite, veto, rank, "", grade, outcomes,
                                          exempt_reason))
        scored.append(scoring.Scored(official_id, "", None, None, None, None, veto, composite, missing,
                                     exempt_reason=exempt_reason))
        unit_of[official_id] = unit_id
    return before, scored, unit_of


def simulate(cycle: Cycle, changes: dict, *, use_stored: bool = True) -> Simulation:
    """The cycle's results under its own settings and under the settings `changes` make, and
    every official whose counting grade or outcomes differ. Writes nothing. `use_stored=False`
    computes both sides from the inputs whatever the stored Results are (tests compare the two)."""
    after_settings = settings_after(cycle, changes)
    before_settings = cycle.settings
    scoring_changed = rules.scoring_changed(before_settings, after_settings)
    stored = use_stored and stored_results_current(cycle)
    # History of the officials the stored Results hold (the same officials a compute reviews now).
    officials = Result.objects.filter(cycle=cycle).values("official_id") if stored else None
    overrides, history = compute.load_grading(cycle, officials=officials)
    common = {"cycle_id": cycle.pk, "overrides": overrides, "history": history, "now": None, "brief": True}
    names = None
    if stored:
        before, scored_after, unit_of = _stored(cycle)
    if not stored or scoring_changed:
        # From the inputs. The database sums a pledge's points with the letters counted as the
        # letter points: the "after" side loads them with its own.
        after_letters = after_settings["letter_points"]
        inputs, unit_of = compute.load_inputs(cycle, letter_points=after_letters if stored else None)
        names = {o.official_id: o.name for o in inputs}
        if not stored:
            scored_after = scored_before = compute.score_all(inputs, before_settings)
            before = compute.results_of(scored=scored_before, settings=before_settings, unit_of=unit_of, **common)
            del scored_before
            if after_letters != before_settings["letter_points"]:
                del inputs
                inputs, _units = compute.load_inputs(cycle, letter_points=after_letters)
        if scoring_changed:
            scored_after = compute.score_all(inputs, after_settings)
        del inputs
    after = compute.results_of(scored=scored_after, settings=after_settings, unit_of=unit_of, **common)
    del scored_after
    changed = rules.compare(before, after, names={})
    ids = [c.official_id for c in changed]
    if names is None:
        names = dict(Official.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    rules.ordered(changed, names)
    unit_ids = {unit_of[i] for i in ids}
    unit_names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    return Simulation(
        cycle=cycle, settings_before=before_settings, settings_after=after_settings,
        before=rules.counts(before), after=rules.counts(after), changes=changed, officials=len(after),
        composites_changed=rules.moved(before, after, "composite"), ranks_changed=rules.moved(before, after, "rank"),
        names={i: names[i] for i in ids}, units={i: unit_names.get(unit_of[i], "") for i in ids},
        path=("stored" if not scoring_changed else "stored+inputs") if stored else "inputs",
    )
