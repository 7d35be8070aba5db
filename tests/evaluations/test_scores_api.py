"""Quarterly scores, release and lock, and the other dimensions over the API (SPEC section 8)."""
from decimal import Decimal

import pytest

from cycles.models import Cycle
from evaluations.models import QuarterlyScore, SurveyScore, UnitScore
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


def score_url(row=None):
    return f"/api/v1/quarterly-scores/{row.pk}/" if row else "/api/v1/quarterly-scores/"


def test_staff_enters_points_with_method_and_note(api, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    response = api.as_(world.users["staff"]).post(score_url(), {
        "pledge": pledge.pk, "quarter": 1, "score": "88.5", "method": "site_visit", "note": "现场观摩招聘会"},
        format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {k: body[k] for k in ("pledge", "quarter", "score", "letter", "method", "note")} == {
        "pledge": pledge.pk, "quarter": 1, "score": "88.5", "letter": None, "method": "site_visit",
        "note": "现场观摩招聘会"}


def test_letter_is_kept_and_counts_as_its_points(api, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    body = api.as_(world.users["staff"]).post(score_url(), {"pledge": pledge.pk, "quarter": 2, "letter": "B"},
                                              format="json").json()
    assert (body["letter"], body["score"]) == ("B", "80.0")
    row = QuarterlyScore.objects.get(pk=body["id"])
    assert (row.letter, row.score) == ("B", None)


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"score": "100.1"}, "score"), ({"score": "-1"}, "score"), ({"score": "88.55"}, "score"),
        ({}, "score"), ({"score": "80", "letter": "A"}, "score"), ({"letter": "D"}, "letter"),
        ({"score": "80", "quarter": 5}, "quarter"), ({"score": "80", "method": "guess"}, "method"),
        ({"score": "eighty"}, "score"),
    ],
)
def test_bad_scores_are_refused_with_the_field(api, world, scored_year, payload, field):
    pledge = scored_year[world.own_official.pk][0]
    response = api.as_(world.users["staff"]).post(score_url(), {"pledge": pledge.pk, "quarter": 1, **payload},
                                                  format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert not QuarterlyScore.objects.exists()


def test_posting_again_updates_the_same_score(api, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    client = api.as_(world.users["staff"])
    assert client.post(score_url(), {"pledge": pledge.pk, "quarter": 1, "score": "70"},
                       format="json").status_code == 201
    again = client.post(score_url(), {"pledge": pledge.pk, "quarter": 1, "score": "75"}, format="json")
    assert again.status_code == 200
    assert list(QuarterlyScore.objects.values_list("score", flat=True)) == [Decimal("75.0")]


def test_only_approved_pledges_are_scored(api, world, filed):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="in_progress")
    response = api.as_(world.users["staff"]).post(score_url(), {"pledge": filed[0].pk, "quarter": 1, "score": "80"},
                                                  format="json")
    assert response.status_code == 400
    assert "审核通过" in str(response.json())


def test_no_scores_while_planning_or_after_finalize(api, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    for state in ("planning", "finalized"):
        Cycle.objects.filter(pk=world.own_cycle.pk).update(state=state)
        response = api.as_(world.users["staff"]).post(score_url(), {"pledge": pledge.pk, "quarter": 1, "score": "80"},
                                                      format="json")
        assert response.status_code == 400
        assert "阶段" in str(response.json())


def test_release_needs_every_score_of_the_quarter(api, world, scored_year):
    client = api.as_(world.users["staff"])
    pledge = scored_year[world.own_official.pk][0]
    client.post(score_url(), {"pledge": pledge.pk, "quarter": 1, "score": "80"}, format="json")
    refused = client.post(f"/api/v1/cycles/{world.own_cycle.pk}/release/", {"quarter": 1}, format="json")
    assert refused.status_code == 400
    assert "5 项目标未评分" in str(refused.json())


def release_q1(api, world, scored_year):
    client = api.as_(world.users["staff"])
    for rows in scored_year.values():
        for pledge in rows:
            client.post(score_url(), {"pledge": pledge.pk, "quarter": 1, "score": "82"}, format="json")
    response = client.post(f"/api/v1/cycles/{world.own_cycle.pk}/release/", {"quarter": 1}, format="json")
    assert response.status_code == 200, response.json()
    return client


def test_officials_see_own_scores_only_once_released(api, world, scored_year):
    official = api.as_(world.users["official"])
    client = api.as_(world.users["staff"])
    pledge = scored_year[world.own_official.pk][0]
    client.post(score_url(), {"pledge": pledge.pk, "quarter": 2, "score": "91"}, format="json")
    assert official.get(score_url()).json()["count"] == 0
    release_q1(api, world, scored_year)
    rows = official.get(score_url()).json()["results"]
    assert {(r["quarter"], r["official"]) for r in rows} == {(1, world.own_official.pk)}
    assert len(rows) == 3  # own three pledges, released quarter only


def test_released_scores_change_only_with_a_reason_and_are_audited(api, world, scored_year):
    client = release_q1(api, world, scored_year)
    row = QuarterlyScore.objects.filter(quarter=1).first()
    refused = client.patch(score_url(row), {"score": "60"}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    ok = client.patch(score_url(row), {"score": "60", "reason": "复核发现材料不实"}, format="json")
    assert ok.status_code == 200, ok.json()
    latest, previous = row.history.all()[:2]
    assert (previous.score, latest.score) == (Decimal("82.0"), Decimal("60.0"))
    assert (latest.history_user, latest.history_change_reason) == (world.users["staff"], "复核发现材料不实")
    assert client.delete(score_url(row)).status_code == 400
    assert client.delete(score_url(row) + "?reason=重复录入").status_code == 204


def test_quarter_is_released_once(api, world, scored_year):
    client = release_q1(api, world, scored_year)
    again = client.post(f"/api/v1/cycles/{world.own_cycle.pk}/release/", {"quarter": 1}, format="json")
    assert again.status_code == 400


def test_officials_and_leaders_cannot_score(api, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    for role in ("official", "leader"):
        response = api.as_(world.users[role]).post(score_url(), {"pledge": pledge.pk, "quarter": 1, "score": "99"},
                                                   format="json")
        assert response.status_code == 403
    assert not QuarterlyScore.objects.exists()


def test_foreign_staff_cannot_score_our_pledges(api, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    response = api.as_(world.users["foreign_staff"]).post(score_url(), {"pledge": pledge.pk, "quarter": 1,
                                                                        "score": "1"}, format="json")
    assert response.status_code == 400 and "pledge" in response.json()["errors"]


def test_unit_survey_review_and_list_entries_at_year_end(api, world, scored_year):
    client = api.as_(world.users["staff"])
    cycle = world.own_cycle
    early = client.post("/api/v1/unit-scores/", {"unit": world.own_unit.pk, "cycle": cycle.pk, "score": "90"},
                        format="json")
    assert early.status_code == 400 and "年底评定" in str(early.json())
    entry = client.post("/api/v1/list-entries/", {"official": world.own_official.pk, "cycle": cycle.pk,
                                                  "item": "P03", "note": "经验被市委推广"}, format="json")
    assert entry.status_code == 201, entry.json()  # list entries all year
    assert entry.json()["kind"] == "positive"
    Cycle.objects.filter(pk=cycle.pk).update(state="evaluating")
    assert client.post("/api/v1/unit-scores/", {"unit": world.own_unit.pk, "cycle": cycle.pk, "score": "90"},
                       format="json").status_code == 201
    assert client.post("/api/v1/unit-scores/", {"unit": world.own_unit.pk, "cycle": cycle.pk, "score": "91.5"},
                       format="json").status_code == 200
    assert UnitScore.objects.get().score == Decimal("91.50")
    survey = client.post("/api/v1/survey-scores/", {"official": world.own_official.pk, "cycle": cycle.pk,
                                                    "rater_group": "peer", "score": "86"}, format="json")
    assert survey.status_code == 201
    assert SurveyScore.objects.get().get_rater_group_display() == "同级"
    review = client.post("/api/v1/political-reviews/", {"official": world.own_official.pk, "cycle": cycle.pk,
                                                        "qualified": False, "note": "测评不合格"}, format="json")
    assert review.status_code == 201
    bad = client.post("/api/v1/survey-scores/", {"official": world.own_official.pk, "cycle": cycle.pk,
                                                 "rater_group": "aliens", "score": "86"}, format="json")
    assert bad.status_code == 400
    removed = client.delete(f"/api/v1/list-entries/{entry.json()['id']}/")
    assert removed.status_code == 400  # a reason is required
    assert client.delete(f"/api/v1/list-entries/{entry.json()['id']}/?reason=录入错误").status_code == 204


def test_foreign_unit_scores_are_refused(api, world, scored_year):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    response = api.as_(world.users["staff"]).post(
        "/api/v1/unit-scores/", {"unit": world.foreign_unit.pk, "cycle": world.own_cycle.pk, "score": "90"},
        format="json")
    assert response.status_code == 400
    assert FOREIGN_MARKER not in response.content.decode()


def test_score_list_query_count_is_bounded(api, world, scored_year, django_assert_max_num_queries):
    client = api.as_(world.users["staff"])
    for rows in scored_year.values():
        for pledge in rows:
            for quarter in (1, 2, 3, 4):
                client.post(score_url(), {"pledge": pledge.pk, "quarter": quarter, "letter": "A"}, format="json")
    with django_assert_max_num_queries(6):
        body = client.get(score_url(), {"cycle": world.own_cycle.pk, "page_size": 100}).json()
    assert body["count"] == 24


def _history_of(pledge, quarter):
    return [(h.history_type, h.score, h.letter, h.method, h.note, h.entered_by_id, h.history_user_id,
             h.history_change_reason) for h in QuarterlyScore.history.filter(pledge=pledge, quarter=quarter)
            .order_by("history_id")]


def test_a_score_write_through_the_api_is_at_most_eight_queries(api, world, scored_year,
                                                                  django_assert_max_num_queries):
    """Issue 15: the token, the scoped pledge (with its cycle and official), the releases, the
    locked (pledge, quarter) lookup, the row and its history row, and the savepoint around them.
    Every history row is still written, with who and why."""
    pledge = scored_year[world.own_official.pk][0]
    staff = world.users["staff"]
    client = api.as_(staff)
    with django_assert_max_num_queries(8):
        created = client.post(score_url(), {"pledge": pledge.pk, "quarter": 1, "score": "70", "note": "初评"},
                              format="json")
    assert created.status_code == 201, created.json()
    with django_assert_max_num_queries(8):
        updated = client.post(score_url(), {"pledge": pledge.pk, "quarter": 1, "letter": "A", "method": "site_visit"},
                              format="json")
    assert updated.status_code == 200, updated.json()
    assert (updated.json()["score"], updated.json()["letter"], updated.json()["official"]) == (
        "95.0", "A", world.own_official.pk)
    row = QuarterlyScore.objects.get(pledge=pledge, quarter=1)
    # a PATCH also checks the row's change scope (one query more)
    with django_assert_max_num_queries(9):
        patched = client.patch(score_url(row), {"score": "75.5", "note": "复评"}, format="json")
    assert patched.status_code == 200, patched.json()
    assert _history_of(pledge, 1) == [
        ("+", Decimal("70.0"), "", "investigation", "初评", staff.pk, staff.pk, "录入季度评分"),
        ("~", None, "A", "site_visit", "", staff.pk, staff.pk, "修改季度评分"),
        ("~", Decimal("75.5"), "", "site_visit", "复评", staff.pk, staff.pk, "修改季度评分"),
    ]
    row.refresh_from_db()
    assert (row.score, row.letter, row.note) == (Decimal("75.5"), "", "复评")


@pytest.mark.parametrize("change", [{"quarter": 2}, "pledge"])
def test_a_score_keeps_its_quarter_and_pledge(api, world, scored_year, change):
    """Security finding 11: the pledge and quarter are a score's identity; a PATCH that changes
    either is a 400 naming the field, and nothing moves."""
    first, second = scored_year[world.own_official.pk][:2]
    client = api.as_(world.users["staff"])
    row = QuarterlyScore.objects.get(pk=client.post(score_url(), {"pledge": first.pk, "quarter": 1, "score": "80"},
                                                    format="json").json()["id"])
    body = {"pledge": second.pk} if change == "pledge" else change
    response = client.patch(score_url(row), body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(body)
    row.refresh_from_db()
    assert (row.pledge_id, row.quarter) == (first.pk, 1)
    assert QuarterlyScore.objects.count() == 1
    # the same values are no change, and the score itself may change
    same = client.patch(score_url(row), {"pledge": first.pk, "quarter": 1, "score": "81"}, format="json")
    assert same.status_code == 200 and same.json()["score"] == "81.0"


def test_a_unit_score_keeps_its_unit_and_cycle(api, world, scored_year):
    client = api.as_(world.users["staff"])
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    row = client.post("/api/v1/unit-scores/", {"unit": world.own_unit.pk, "cycle": world.own_cycle.pk, "score": "90"},
                      format="json").json()
    other_unit = world.other_official.unit
    response = client.patch(f"/api/v1/unit-scores/{row['id']}/", {"unit": other_unit.pk}, format="json")
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    assert UnitScore.objects.get().unit_id == world.own_unit.pk
