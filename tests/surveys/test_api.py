"""/api/v1/surveys/ and the public /api/v1/public/ballots/<code>/ (SPEC section 10's contract)."""
import pytest
from django.core.cache import cache

from surveys import services
from surveys.models import Ballot

ITEMS = [{"code": "de", "text": "德"}, {"code": "neng", "text": "能"}]


def test_staff_create_a_survey_with_default_scale_and_settings(world, api):
    client = api.as_(world.users["staff"])
    response = client.post("/api/v1/surveys/", {"cycle": world.own_cycle.pk, "kind": "multi_rater",
                                                "title": "多维测评", "items": ITEMS}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft" and body["items"] == [{"code": "de", "text": "德", "reverse": False},
                                                          {"code": "neng", "text": "能", "reverse": False}]
    assert body["settings"] == {"valid_answer_share": 0.5, "min_turnout": 0.6667, "trim_at": 7,
                                "political_threshold": 60, "reverse_negative_limit": 0.3333}
    assert body["scale"][:4] == [{"label": "好", "points": 100}, {"label": "较好", "points": 85},
                                 {"label": "一般", "points": 70}, {"label": "差", "points": 50}]
    assert body["scale"][4] == {"label": "不了解", "points": None}


def test_bad_definitions_answer_400_naming_the_field(world, api):
    client = api.as_(world.users["staff"])
    response = client.post("/api/v1/surveys/", {"cycle": world.own_cycle.pk, "kind": "multi_rater", "title": "x",
                                                "items": [{"code": "a", "text": "t", "reverse": True}],
                                                "settings": {"min_turnout": 2}}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"items", "settings"}


def test_leaders_read_but_cannot_create_and_officials_see_no_survey(world, api, survey):
    leader, official = api.as_(world.users["leader"]), api.as_(world.users["official"])
    assert leader.get("/api/v1/surveys/").json()["count"] == 1
    assert leader.post("/api/v1/surveys/", {}, format="json").status_code == 403
    assert leader.post(f"/api/v1/surveys/{survey.pk}/open/").status_code == 403
    assert official.get("/api/v1/surveys/").json()["count"] == 0
    assert official.get(f"/api/v1/surveys/{survey.pk}/results/").status_code == 404
    assert api.as_(world.users["foreign_staff"]).get(f"/api/v1/surveys/{survey.pk}/").status_code == 404


def test_codes_are_issued_once_through_the_api(world, api, survey):
    client = api.as_(world.users["staff"])
    response = client.post(f"/api/v1/surveys/{survey.pk}/codes/", {"rater_group": "peer", "count": 2}, format="json")
    assert response.status_code == 201
    assert len(response.json()["codes"]) == 2
    bad = client.post(f"/api/v1/surveys/{survey.pk}/codes/", {"rater_group": "boss", "count": 0}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"rater_group", "count"}


def _open_with_codes(world, survey, n=2, group="peer"):
    codes = services.codes_issue(actor=world.users["staff"], survey=survey, rater_group=group, count=n)
    services.survey_open(actor=world.users["staff"], survey=survey)
    return codes


def test_a_rater_reads_the_ballot_and_submits_once_without_an_account(world, api, survey):
    code, _other = _open_with_codes(world, survey)
    ballot = api.get(f"/api/v1/public/ballots/{code}/")
    assert ballot.status_code == 200
    body = ballot.json()
    assert [o["name"] for o in body["officials"]] == ["张建国", "李红梅"]
    assert [i["code"] for i in body["items"]] == ["de", "neng"] and body["rater_group"] == "peer"
    answers = [{"official": world.own_official.pk, "item": "de", "points": 100},
               {"official": world.own_official.pk, "item": "neng", "points": 85}]
    assert api.post(f"/api/v1/public/ballots/{code}/", {"answers": answers}, format="json").status_code == 201
    assert Ballot.objects.get().valid


def test_unknown_and_spent_codes_answer_the_same_404(world, api, survey):
    code, _other = _open_with_codes(world, survey)
    api.post(f"/api/v1/public/ballots/{code}/", {"answers": []}, format="json")
    spent_get, unknown_get = api.get(f"/api/v1/public/ballots/{code}/"), api.get("/api/v1/public/ballots/zzzz/")
    spent_post = api.post(f"/api/v1/public/ballots/{code}/", {"answers": []}, format="json")
    unknown_post = api.post("/api/v1/public/ballots/a2b3c4d5e6f7g2h3/", {"answers": []}, format="json")
    assert {spent_get.status_code, unknown_get.status_code, spent_post.status_code, unknown_post.status_code} == {404}
    assert spent_get.json() == unknown_get.json() == spent_post.json() == unknown_post.json()


def test_a_code_of_a_closed_survey_answers_410(world, api, survey):
    code, _other = _open_with_codes(world, survey)
    services.survey_close(actor=world.users["staff"], survey=survey)
    assert api.get(f"/api/v1/public/ballots/{code}/").status_code == 410
    assert api.post(f"/api/v1/public/ballots/{code}/", {"answers": []}, format="json").status_code == 410


def test_bad_answers_answer_400_and_keep_the_code(world, api, survey):
    code, _other = _open_with_codes(world, survey)
    response = api.post(f"/api/v1/public/ballots/{code}/",
                        {"answers": [{"official": world.foreign_official.pk, "item": "de", "points": 100}]},
                        format="json")
    assert response.status_code == 400 and "answers" in response.json()["errors"]
    assert api.get(f"/api/v1/public/ballots/{code}/").status_code == 200


@pytest.fixture
def low_ballot_rate(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ballot": "2/min"}}
    cache.clear()
    yield
    cache.clear()


def test_ballot_submissions_are_rate_limited_per_client(world, api, survey, low_ballot_rate):
    codes = _open_with_codes(world, survey, n=3)
    statuses = [api.post(f"/api/v1/public/ballots/{code}/", {"answers": []}, format="json").status_code
                for code in codes]
    assert statuses == [201, 201, 429]
    assert api.get(f"/api/v1/public/ballots/{codes[2]}/").status_code == 200  # reading is not limited by it


def test_results_list_and_proposal_change_through_the_api(world, api, political, django_assert_max_num_queries):
    client = api.as_(world.users["staff"])
    code, = services.codes_issue(actor=world.users["staff"], survey=political, rater_group="peer", count=1)
    services.survey_open(actor=world.users["staff"], survey=political)
    services.ballot_submit(code=code, answers=[services.AnswerInput(world.own_official.pk, "p1", 50),
                                               services.AnswerInput(world.own_official.pk, "p2", 50),
                                               services.AnswerInput(world.other_official.pk, "p1", 100)])
    assert client.post(f"/api/v1/surveys/{political.pk}/close/").json()["state"] == "closed"
    with django_assert_max_num_queries(8):
        results = client.get(f"/api/v1/surveys/{political.pk}/results/").json()
    own = next(r for r in results["results"] if r["official"] == world.own_official.pk)
    assert own["political"]["score"] == "50.00" and own["political"]["proposed_qualified"] is False
    assert own["groups"][0]["rater_group"] == "peer" and own["groups"][0]["counted"] is True
    changed = client.post(f"/api/v1/surveys/{political.pk}/proposals/",
                          {"official": world.own_official.pk, "qualified": True, "reason": "仅一人评价"}, format="json")
    assert changed.status_code == 200 and changed.json()["qualified"] is True
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/surveys/")
    assert listed.json()["results"][0]["items"][2] == {"code": "r1", "text": "存在当面一套、背后一套的情况",
                                                       "reverse": True}
