"""A year's ballots end to end, through the public endpoint, into the composite (SPEC section 10).
Runs on PostgreSQL in CI (DATABASE_URL), where the submissions' locks are real."""
from decimal import Decimal

import pytest

from cycles.models import Cycle
from evaluations import services as evaluation_services
from evaluations.compute import cycle_compute
from evaluations.models import PoliticalReview, Result, SurveyScore
from surveys.models import SurveyResult

pytestmark = pytest.mark.django_db


def _submit(api, code, answers):
    """answers: {official: {item: points or "yes"/"no"}} → the public POST."""
    body = [{"official": official.pk, "item": item, **({"choice": value} if isinstance(value, str) else
                                                       {"points": value})}
            for official, items in answers.items() for item, value in items.items()]
    response = api.post(f"/api/v1/public/ballots/{code}/", {"answers": body}, format="json")
    assert response.status_code == 201, response.content
    assert api.post(f"/api/v1/public/ballots/{code}/", {"answers": body}, format="json").status_code == 404


def _year_at_its_end(world, scored_year):
    staff, cycle = world.users["staff"], world.own_cycle
    for rows in scored_year.values():
        for row in rows:
            for quarter in (1, 2, 3, 4):
                evaluation_services.quarterly_score_record(actor=staff, pledge=row, quarter=quarter, score=90)
    Cycle.objects.filter(pk=cycle.pk).update(state="evaluating")
    cycle.refresh_from_db()
    for unit in {world.own_official.unit, world.other_official.unit}:
        evaluation_services.unit_score_record(actor=staff, unit=unit, cycle=cycle, score=Decimal("88"))
    return cycle


def test_ballots_of_four_rater_groups_become_survey_scores_political_reviews_and_the_composite(
        world, scored_year, api):
    """Multi-rater survey, items de and neng; officials 张 (区人社局) and 李 (辽宁路街道).

    superior: 8 codes, 8 valid ballots (≥ 7: trimmed).
      张 de 100 100 85 85 85 70 70 50 → drop 100 and 50 → 495/6 = 82.5; neng 85 × 8 → 85;
         score (82.5 + 85)/2 = 83.75.  李 de and neng 70 × 8 → 70.00.
    peer: 3 codes, 2 valid + 1 invalid ballot (1 of 4 answers known; its 张 de 50 is left out);
      2 ≥ 2/3 × 3 → counts. 张 de (100 + 85)/2 = 92.5, neng (85 + 70)/2 = 77.5 → 85.00;
      李 85 everywhere → 85.00.
    subordinate: 3 codes for 区人社局 only, 2 valid ballots → counts; only 张 is asked:
      de (70 + 85)/2 = 77.5, neng 77.5 → 77.50.
    public: 6 codes, 3 valid ballots < 2/3 × 6 = 4 → does not count: no SurveyScore.

    Composite's survey dimension (weights .4 .3 .2 .1, renormalized over the groups present):
      张 (0.4 × 83.75 + 0.3 × 85 + 0.2 × 77.5) / 0.9 = 74.5 / 0.9 = 82.777… → 82.78
      李 (0.4 × 70 + 0.3 × 85) / 0.7 = 53.5 / 0.7 = 76.428… → 76.43

    Political survey, items p1 and reverse r1. superior: 3 codes, 3 ballots (counts);
      张 p1 85 70 50 → 205/3 = 68.33 ≥ 60; r1 是 否 否 → 1/3, not over 1/3 → qualified.
      李 p1 50 50 70 → 170/3 = 56.67 < 60 → not qualified (a veto).
    peer: 3 codes, 1 ballot → does not count; had it counted, 张's r1 would be 2/4 > 1/3.
    """
    staff = world.users["staff"]
    zhang, li = world.own_official, world.other_official
    cycle = _year_at_its_end(world, scored_year)
    client = api.as_(staff)

    created = client.post("/api/v1/surveys/", {"cycle": cycle.pk, "kind": "multi_rater", "title": "2026 年度多维测评",
                                               "items": [{"code": "de", "text": "德"}, {"code": "neng", "text": "能"}]},
                          format="json")
    survey_id = created.json()["id"]

    def codes(group, count, unit=None, survey=survey_id):
        response = client.post(f"/api/v1/surveys/{survey}/codes/",
                               {"rater_group": group, "count": count, **({"unit": unit.pk} if unit else {})},
                               format="json")
        assert response.status_code == 201, response.content
        return response.json()["codes"]

    superior, peer, subordinate, public = codes("superior", 8), codes("peer", 3), codes(
        "subordinate", 3, unit=zhang.unit), codes("public", 6)
    assert client.post(f"/api/v1/surveys/{survey_id}/open/").json()["state"] == "open"

    for code, de in zip(superior, (100, 100, 85, 85, 85, 70, 70, 50), strict=True):
        _submit(api, code, {zhang: {"de": de, "neng": 85}, li: {"de": 70, "neng": 70}})
    _submit(api, peer[0], {zhang: {"de": 100, "neng": 85}, li: {"de": 85, "neng": 85}})
    _submit(api, peer[1], {zhang: {"de": 85, "neng": 70}, li: {"de": 85, "neng": 85}})
    _submit(api, peer[2], {zhang: {"de": 50}})  # invalid: 1 of 4 known
    _submit(api, subordinate[0], {zhang: {"de": 70, "neng": 70}})
    _submit(api, subordinate[1], {zhang: {"de": 85, "neng": 85}})
    for code in public[:3]:
        _submit(api, code, {zhang: {"de": 50, "neng": 50}, li: {"de": 50, "neng": 50}})

    assert client.post(f"/api/v1/surveys/{survey_id}/close/").json()["state"] == "closed"
    results = {(r.official_id, r.rater_group): r for r in SurveyResult.objects.filter(survey_id=survey_id)}
    assert (results[zhang.pk, "peer"].ballots, results[zhang.pk, "peer"].valid_ballots) == (3, 2)
    assert (results[zhang.pk, "public"].counted, results[zhang.pk, "public"].why_not) == (False, "turnout")
    assert str(results[zhang.pk, "public"].score) == "50.00"  # computed, shown, but not counted
    assert (li.pk, "subordinate") not in results
    assert client.post(f"/api/v1/surveys/{survey_id}/confirm/").json()["state"] == "confirmed"

    scores = {(s.official_id, s.rater_group): str(s.score) for s in SurveyScore.objects.filter(cycle=cycle)}
    assert scores == {(zhang.pk, "superior"): "83.75", (zhang.pk, "peer"): "85.00",
                      (zhang.pk, "subordinate"): "77.50", (li.pk, "superior"): "70.00", (li.pk, "peer"): "85.00"}
    assert "2026 年度多维测评" in SurveyScore.objects.get(official=zhang, rater_group="peer").history.first(
    ).history_change_reason

    # the political survey
    political = client.post("/api/v1/surveys/", {
        "cycle": cycle.pk, "kind": "political", "title": "2026 年度正反向政治素质测评",
        "items": [{"code": "p1", "text": "对党忠诚"}, {"code": "r1", "text": "当面一套、背后一套", "reverse": True}]},
        format="json").json()["id"]
    sup, peer = codes("superior", 3, survey=political), codes("peer", 3, survey=political)
    client.post(f"/api/v1/surveys/{political}/open/")
    for code, (p_zhang, r_zhang, p_li) in zip(sup, ((85, "yes", 50), (70, "no", 50), (50, "no", 70)), strict=True):
        _submit(api, code, {zhang: {"p1": p_zhang, "r1": r_zhang}, li: {"p1": p_li, "r1": "no"}})
    _submit(api, peer[0], {zhang: {"p1": 100, "r1": "yes"}, li: {"p1": 100, "r1": "no"}})
    client.post(f"/api/v1/surveys/{political}/close/")
    proposals = {r["official"]: r["political"] for r in client.get(f"/api/v1/surveys/{political}/results/").json()[
        "results"]}
    assert proposals[zhang.pk]["score"] == "68.33" and proposals[zhang.pk]["negative_shares"] == {"r1": "0.3333"}
    assert proposals[zhang.pk]["proposed_qualified"] is True
    assert proposals[li.pk]["score"] == "56.67" and proposals[li.pk]["proposed_qualified"] is False
    client.post(f"/api/v1/surveys/{political}/confirm/")
    reviews = {r.official_id: r for r in PoliticalReview.objects.filter(cycle=cycle)}
    assert (reviews[zhang.pk].qualified, reviews[li.pk].qualified) == (True, False)
    assert "2026 年度正反向政治素质测评" in reviews[li.pk].note and "56.67" in reviews[li.pk].note

    # the year's compute uses them
    cycle_compute(cycle=cycle)
    computed = {r.official_id: r for r in Result.objects.filter(cycle=cycle)}
    assert computed[zhang.pk].survey_score == Decimal("82.78") and not computed[zhang.pk].veto
    assert computed[li.pk].survey_score == Decimal("76.43") and computed[li.pk].veto
