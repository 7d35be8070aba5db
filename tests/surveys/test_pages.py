"""The survey pages: staff define, issue codes (printable slips), open, close, confirm, read the
results; leaders read; officials never see them; the phone ballot works without an account."""
import re

import pytest
from django.test import Client

from evaluations.models import SurveyScore
from surveys import services
from surveys.models import Ballot, BallotCode, Survey

from .conftest import rate


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_staff_create_a_survey_from_the_page(world):
    staff = _client(world.users["staff"])
    response = staff.post(f"/surveys/cycles/{world.own_cycle.pk}/new/", {
        "kind": "political", "title": "政治素质测评", "items": "p1｜对党忠诚\nr1 | 搞团团伙伙 | 反向",
        "scale": "好 100\n较好 85\n一般 70\n差 50", "valid_answer_share": "0.5", "min_turnout": "0.6667",
        "trim_at": "7", "political_threshold": "60", "reverse_negative_limit": "0.3333"})
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surveys/{survey.pk}/"
    assert [(i.code, i.reverse) for i in survey.items.all()] == [("p1", False), ("r1", True)]
    assert survey.settings["min_turnout"] == 0.6667 and survey.scale[-1] == {"label": "不了解", "points": None}


def test_a_bad_item_line_is_named_and_nothing_is_created(world):
    response = _client(world.users["staff"]).post(f"/surveys/cycles/{world.own_cycle.pk}/new/", {
        "kind": "multi_rater", "title": "x", "items": "只有内容", "scale": "好 100\n差 50",
        "valid_answer_share": "0.5", "min_turnout": "0.6667", "trim_at": "7", "political_threshold": "60",
        "reverse_negative_limit": "0.3333"})
    assert response.status_code == 400 and "第 1 行" in response.content.decode()
    assert not Survey.objects.exists()


def test_issuing_codes_shows_each_code_once_as_a_slip_with_its_qr_code(world, survey):
    response = _client(world.users["staff"]).post(f"/surveys/{survey.pk}/codes/", {"rater_group": "peer", "count": 3})
    body = response.content.decode()
    codes = re.findall(r"/ballots/([a-z2-7]{16})/", body)
    assert response.status_code == 200 and len(set(codes)) == 3
    assert body.count('src="data:image/svg+xml;base64,') == 3
    assert response["Cache-Control"] == "no-store"
    assert {services.code_hash(c) for c in codes} == set(BallotCode.objects.values_list("code_hash", flat=True))


def test_leaders_read_the_pages_without_actions_and_officials_are_refused(world, survey):
    leader = _client(world.users["leader"])
    page = leader.get(f"/surveys/{survey.pk}/")
    assert page.status_code == 200 and "发放并打印票码条" not in page.content.decode()
    assert leader.post(f"/surveys/{survey.pk}/open/").status_code == 403
    official = _client(world.users["official"])
    for url in (f"/surveys/cycles/{world.own_cycle.pk}/", f"/surveys/{survey.pk}/", f"/surveys/{survey.pk}/results/"):
        assert official.get(url).status_code == 403


def test_the_cycle_navigation_links_to_the_surveys(world, survey):
    page = _client(world.users["staff"]).get(f"/evaluations/cycles/{world.own_cycle.pk}/")
    assert f'href="/surveys/cycles/{world.own_cycle.pk}/"' in page.content.decode()


def _survey_with_answers(world, survey, n_surveys=1):
    staff = world.users["staff"]
    codes = services.codes_issue(actor=staff, survey=survey, rater_group="peer", count=3)
    services.survey_open(actor=staff, survey=survey)
    for code in codes[:2]:
        services.ballot_submit(code=code, answers=rate(world.own_official, de=85, neng=100))
    services.survey_close(actor=staff, survey=survey)
    return codes


def test_the_list_and_results_pages_take_a_fixed_number_of_queries(world, survey, political,
                                                                     django_assert_max_num_queries):
    _survey_with_answers(world, survey)
    staff = _client(world.users["staff"])
    staff.get("/")  # the session's first request loads what every page needs
    with django_assert_max_num_queries(20):
        listed = staff.get(f"/surveys/cycles/{world.own_cycle.pk}/")
    assert listed.status_code == 200 and "2026 年度多维测评" in listed.content.decode()
    with django_assert_max_num_queries(20):
        results = staff.get(f"/surveys/{survey.pk}/results/")
    body = results.content.decode()
    assert results.status_code == 200 and "92.50" in body and "确认并记入年度考核" in body


def test_confirming_from_the_results_page_writes_the_survey_scores(world, survey):
    _survey_with_answers(world, survey)
    world.own_cycle.state = "evaluating"
    world.own_cycle.save()
    response = _client(world.users["staff"]).post(f"/surveys/{survey.pk}/confirm/")
    assert response.status_code == 302
    assert [str(s.score) for s in SurveyScore.objects.all()] == ["92.50"]


def test_confirming_outside_the_year_end_is_refused_with_the_reason(world, survey):
    _survey_with_answers(world, survey)
    response = _client(world.users["staff"]).post(f"/surveys/{survey.pk}/confirm/", follow=True)
    assert "年底评定" in response.content.decode()
    assert not SurveyScore.objects.exists()


# --- the phone ballot ----------------------------------------------------------------------------
@pytest.fixture
def open_codes(world, survey):
    codes = services.codes_issue(actor=world.users["staff"], survey=survey, rater_group="peer", count=3)
    services.survey_open(actor=world.users["staff"], survey=survey)
    return codes


def _neutral(response, code):
    """A page without what differs from request to request (the CSRF token, the code in the
    language switch's return address)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode().replace(code, "CODE"))


def _field(official, item):
    return f"a-{official.pk}-{item}"


def test_the_phone_ballot_is_one_form_in_chinese_and_submits_once(world, open_codes):
    client = _client()
    page = client.get(f"/ballots/{open_codes[0]}/")
    body = page.content.decode()
    assert page.status_code == 200 and "张建国" in body and "不了解" in body and "提交测评" in body
    assert body.count("<form") == 2  # the ballot and the language switch
    assert page["Referrer-Policy"] == "same-origin" and page["Cache-Control"] == "no-store"
    posted = client.post(f"/ballots/{open_codes[0]}/", {_field(world.own_official, "de"): "100",
                                                        _field(world.own_official, "neng"): "85"})
    assert posted.status_code == 302 and posted["Location"] == "/ballots/thanks/"
    assert client.get("/ballots/thanks/").status_code == 200
    assert Ballot.objects.get().valid
    again = client.get(f"/ballots/{open_codes[0]}/")
    unknown = client.get("/ballots/aaaabbbbccccdddd/")
    assert again.status_code == unknown.status_code == 404
    assert _neutral(again, open_codes[0]) == _neutral(unknown, "aaaabbbbccccdddd")


def test_a_ballot_that_would_be_invalid_asks_for_confirmation_first(world, open_codes):
    client = _client()
    answers = {_field(world.own_official, "de"): "100"}  # 1 of 4 answers known
    warned = client.post(f"/ballots/{open_codes[0]}/", answers)
    assert warned.status_code == 400 and "无效票" in warned.content.decode()
    assert 'value="100" checked' in warned.content.decode()  # the choices stay as they were
    assert not Ballot.objects.exists()
    confirmed = client.post(f"/ballots/{open_codes[0]}/", {**answers, "confirm_invalid": "1"})
    assert confirmed.status_code == 302 and not Ballot.objects.get().valid


def test_a_tampered_choice_is_refused_with_a_message(world, open_codes):
    response = _client().post(f"/ballots/{open_codes[0]}/", {_field(world.own_official, "de"): "99",
                                                             _field(world.own_official, "neng"): "100"})
    assert response.status_code == 400 and "请选择评价档次中的一项" in response.content.decode()


def test_a_closed_surveys_ballot_page_answers_410(world, survey, open_codes):
    services.survey_close(actor=world.users["staff"], survey=survey)
    response = _client().get(f"/ballots/{open_codes[0]}/")
    assert response.status_code == 410 and "已经结束" in response.content.decode()
