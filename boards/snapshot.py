"""Building a board's snapshot from the live tables (publishing only; the public never reads
the live tables). A fixed number of set-based queries whatever the district's size."""
from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from cycles.models import Cycle
from evaluations import rules as result_rules
from evaluations.models import QuarterlyScore, QuarterRelease, Result
from org.models import Official
from pledges.models import Pledge, ProgressUpdate

from . import rules


def _quarter_of(day: datetime.date, year: int) -> int | None:
    if day.year < year:
        return 0
    if day.year > year:
        return 5
    return (day.month - 1) // 3 + 1


def build_snapshot(cycle: Cycle) -> dict:
    """Everything the public board of `cycle` shows, as JSON-ready data (SPEC section 6)."""
    settings = cycle.settings
    publish_scores = bool(settings.get("publish_scores"))
    publish_negative = bool(settings.get("publish_negative_outcomes"))
    letter_points = settings["letter_points"]
    released = sorted(QuarterRelease.objects.filter(cycle=cycle).values_list("quarter", flat=True))

    officials = list(
        Official.objects.filter(unit__district_id=cycle.district_id, is_principal=True)
        .order_by("unit__sort_order", "unit__name", "name", "id")
        .values("id", "name", "position", "unit__name", "unit__kind")
    )
    pledges = list(
        Pledge.objects.filter(cycle=cycle, status=Pledge.Status.APPROVED)
        .order_by("official_id", "category", "id")
        .values("id", "official_id", "kind", "category", "title", "content", "target", "target_value",
                "target_unit", "milestones", "grade")
    )
    pledge_ids = [p["id"] for p in pledges]
    scores = {
        (pid, q): (letter, score)
        for pid, q, score, letter in QuarterlyScore.objects.filter(pledge__cycle=cycle, quarter__in=released,
                                                                   pledge__status=Pledge.Status.APPROVED)
        .values_list("pledge_id", "quarter", "score", "letter")
    }
    updates = defaultdict(list)  # pledge → [(quarter, percent, text, date)] oldest first
    for pid, created_at, percent, text in (
        ProgressUpdate.objects.filter(pledge__cycle=cycle, pledge__status=Pledge.Status.APPROVED)
        .order_by("created_at", "id").values_list("pledge_id", "created_at", "percent", "text")
    ):
        day = timezone.localtime(created_at).date()
        updates[pid].append((_quarter_of(day, cycle.year), percent, text, day.isoformat()))

    results = {}
    if cycle.state == Cycle.State.FINALIZED:
        results = {r["official_id"]: r for r in Result.objects.filter(cycle=cycle).values(
            "official_id", "grade", "composite", "rank", "outcomes")}

    category_labels = dict(Pledge.Category.choices)
    kind_labels = dict(Pledge.Kind.choices)
    by_official = defaultdict(list)
    for p in pledges:
        quarters = [m.get("quarter") for m in p["milestones"] if isinstance(m, dict)]
        progress = []
        for q in released:
            letter, score = scores.get((p["id"], q), (None, None))
            points = None
            if letter:
                points = Decimal(str(letter_points[letter]))
            elif score is not None:
                points = score
            reported = [u for u in updates[p["id"]] if u[0] <= q]
            percent = reported[-1][1] if reported else None
            status = rules.quarter_status(points=points, percent=percent, milestone_quarters=quarters, quarter=q)
            entry = {
                "quarter": q, "status": status, "status_label": rules.STATUS_LABELS[status], "percent": percent,
                "notes": [{"text": t, "percent": pc, "date": d} for uq, pc, t, d in updates[p["id"]] if uq == q],
            }
            if publish_scores:
                entry["score"] = str(points) if points is not None else None
                entry["letter"] = letter or None
            progress.append(entry)
        by_official[p["official_id"]].append({
            "id": p["id"], "kind": p["kind"], "kind_label": str(kind_labels[p["kind"]]),
            "category": p["category"], "category_label": str(category_labels[p["category"]]),
            "title": p["title"], "content": p["content"], "target": p["target"],
            "target_value": str(p["target_value"]) if p["target_value"] is not None else None,
            "target_unit": p["target_unit"], "grade": p["grade"],
            "milestones": [{"quarter": m.get("quarter"), "description": m.get("description", ""),
                            "due_on": m.get("due_on")} for m in p["milestones"] if isinstance(m, dict)],
            "progress": progress,
            "latest_percent": updates[p["id"]][-1][1] if updates[p["id"]] else None,
        })

    good = {oid: r for oid, r in results.items() if r["grade"] == result_rules.GOOD}
    exemplary = {oid for oid, r in good.items() if result_rules.EXEMPLARY_TITLE in (r["outcomes"] or [])}
    out_officials = []
    for o in officials:
        entry = {"id": o["id"], "name": o["name"], "unit": o["unit__name"], "unit_kind": o["unit__kind"],
                 "position": o["position"], "pledges": by_official.get(o["id"], [])}
        r = results.get(o["id"])
        if r is not None and r["grade"]:
            outcomes = [c for c in r["outcomes"] if publish_negative or c in result_rules.POSITIVE_OUTCOMES]
            published = {"good": r["grade"] == result_rules.GOOD, "exemplary": o["id"] in exemplary,
                         "outcomes": outcomes,
                         "outcome_labels": [result_rules.OUTCOME_LABELS[c] for c in outcomes]}
            if publish_negative or r["grade"] == result_rules.GOOD:
                published["grade"] = r["grade"]
                published["grade_label"] = result_rules.GRADE_LABELS[r["grade"]]
            if publish_scores:
                published["composite"] = str(r["composite"]) if r["composite"] is not None else None
                published["rank"] = r["rank"]
            entry["result"] = published
        out_officials.append(entry)

    honour_roll = None
    if cycle.state == Cycle.State.FINALIZED:
        names = {o["id"]: o for o in officials}
        ordered = sorted(good, key=lambda oid: (good[oid]["rank"] or 0, names[oid]["name"]))
        honour_roll = {
            "good": [{"official_id": oid, "name": names[oid]["name"], "unit": names[oid]["unit__name"],
                      "position": names[oid]["position"], "exemplary": oid in exemplary} for oid in ordered],
            "exemplary": [{"official_id": oid, "name": names[oid]["name"], "unit": names[oid]["unit__name"],
                           "position": names[oid]["position"]} for oid in ordered if oid in exemplary],
        }
    return {
        "district": {"name": cycle.district.name, "code": cycle.district.code},
        "year": cycle.year,
        "cycle_state": cycle.state,
        "released_quarters": released,
        "publish_scores": publish_scores,
        "publish_negative_outcomes": publish_negative,
        "officials": out_officials,
        "honour_roll": honour_roll,
        "counts": {"officials": len(officials), "pledges": len(pledge_ids)},
    }
