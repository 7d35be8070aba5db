"""A whole messy year, as a district's staff runs it, checked against SPEC section 4 by hand.

Eight principal officials A–H of one district, each in a unit of its own:
- G is under investigation (exempt, with a negative list entry on record), H was appointed in
  November (suggested for new_in_post, then exempt): neither is in N, ranked, graded or given
  outcomes, and neither blocks finalize;
- B's third pledge is approved late, in `evaluating`, and scored late (with reasons for the quarters
  already released);
- D's Q3 score of one pledge is missing: readiness and finalize name it, then it is entered;
- C is raised to 好 over the quota: refused, then confirmed.

Every pledge is rated 2/2/2 (grade B, k = 1.0), so pledge_score is the mean of the quarterly
scores; every survey is one superior rating. composite = 0.3 unit + 0.5 pledge + 0.2 survey:
  A: 0.3×90 + 0.5×95 + 0.2×90 = 92.50      B: 0.3×90 + 0.5×92 + 0.2×90 = 91.00
  C: 0.3×88 + 0.5×90 + 0.2×88 = 89.00      D: 0.3×86 + 0.5×86 + 0.2×86 = 86.00
  E: 80 everywhere          = 80.00      F: 0.3×60 + 0.5×50 + 0.2×60 = 55.00
N = 6 (G and H exempt), Q = ceil(0.3 × 6) = 2: A and B 好; C and D ≥ 85 but beyond the quota, 一般;
E 一般; F < 60, 较差. The committee raises C to 好 (confirmed over the quota): 好 used 3 / Q 2.
"""
from decimal import Decimal

import pytest
from django.test import Client

from cycles.models import Cycle
from evaluations.models import ListItem, Result
from tests.fixtures.year import PLAN

pytestmark = pytest.mark.django_db

EXPECTED = {  # official: (composite, rank, grade after the override, outcomes)
    "A": ("92.50", 1, "good", ["commendation", "exemplary_title", "recommend_upward"]),
    "B": ("91.00", 2, "good", ["commendation", "exemplary_title", "recommend_upward"]),
    "C": ("89.00", 3, "good", ["commendation", "exemplary_title", "recommend_upward"]),
    "D": ("86.00", 4, "average", ["admonishment", "promotion_freeze"]),
    "E": ("80.00", 5, "average", ["admonishment", "promotion_freeze"]),
    "F": ("55.00", 6, "poor", ["criticism", "self_report", "demotion"]),
}
def _api(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json() if response.content else None


def _check_results(rows, year):
    by_name = {r["official_name"]: r for r in rows}
    for key, (composite, rank, grade, outcomes) in EXPECTED.items():
        row = by_name[f"干部{key}"]
        assert (row["composite"], row["rank"], row["grade"], row["outcomes"]) == (composite, rank, grade, outcomes), key
        assert not row["exempt"] and not row["incomplete"]
    assert by_name["干部C"]["computed_grade"] == "average"  # the committee's override, beyond the quota
    for key, reason in (("G", "under_investigation"), ("H", "new_in_post")):
        row = by_name[f"干部{key}"]
        assert (row["exempt"], row["exempt_reason"], row["rank"], row["grade"], row["outcomes"], row["incomplete"]) \
            == (True, reason, None, None, [], False), key
    assert by_name["干部G"]["veto"]  # the negative entry stands; the exemption leaves it without outcomes


def test_a_messy_year_through_the_api(messy_year):
    year = messy_year
    api, cycle = _api(year.staff), year.cycle
    base = f"/api/v1/cycles/{cycle.pk}"

    # planning → in_progress: B's pledge still waiting is a warning (it can be reviewed later)
    readiness = _ok(api.get(f"{base}/readiness/"))
    assert readiness["next_state"] == "in_progress" and readiness["blockers"] == []
    assert any(w["code"] == "pledge_pending_review" and w["official_name"] == "干部B" for w in readiness["warnings"])
    _ok(api.post(f"{base}/advance/"))

    # the quarters: everything but D's innovation Q3; Q1, Q2, Q4 released, Q3 cannot be
    for key, pledge in year.scored_pledges():
        for quarter in (1, 2, 3, 4):
            if (key, pledge.category, quarter) == ("D", "innovation", 3):
                continue
            _ok(api.post("/api/v1/quarterly-scores/", {"pledge": pledge.pk, "quarter": quarter,
                                                       "score": PLAN[key][0], "method": "site_visit"}), 201)
    for quarter in (1, 2, 4):
        _ok(api.post(f"{base}/release/", {"quarter": quarter}))
    refused = api.post(f"{base}/release/", {"quarter": 3})
    assert refused.status_code == 400 and "干部D：D的innovation" in refused.content.decode()

    # in_progress → evaluating: G and H have no pledge and could file none after it; G, under
    # investigation, is exempted now (allowed all year); the missing score and B's review wait
    readiness = _ok(api.get(f"{base}/readiness/"))
    assert readiness["next_state"] == "evaluating"
    assert [(b["code"], b["official_name"]) for b in readiness["blockers"]] == [
        ("no_pledges", "干部G"), ("no_pledges", "干部H")]
    bad = api.post("/api/v1/exemptions/", {"official": year.officials["G"].pk, "cycle": cycle.pk, "reason": "x"})
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    _ok(api.post("/api/v1/exemptions/", {"official": year.officials["G"].pk, "cycle": cycle.pk,
                                         "reason": "under_investigation", "note": "立案审查调查期间"}), 201)
    readiness = _ok(api.get(f"{base}/readiness/"))
    assert [(b["code"], b["official_name"]) for b in readiness["blockers"]] == [("no_pledges", "干部H")]
    codes = {(w["code"], w["official_name"]) for w in readiness["warnings"]}
    assert {("pledge_pending_review", "干部B"), ("pledge_without_score", "干部D")} <= codes
    _ok(api.post(f"{base}/advance/"))

    # year-end inputs; G under investigation and H, new in post, exempt
    for key, (_points, unit, survey) in PLAN.items():
        official = year.officials[key]
        _ok(api.post("/api/v1/unit-scores/", {"unit": year.units[key].pk, "cycle": cycle.pk, "score": unit}), 201)
        _ok(api.post("/api/v1/survey-scores/", {"official": official.pk, "cycle": cycle.pk,
                                                "rater_group": "superior", "score": survey}), 201)
        _ok(api.post("/api/v1/political-reviews/", {"official": official.pk, "cycle": cycle.pk,
                                                    "qualified": True}), 201)
    negative = ListItem.objects.filter(kind="negative").first()
    _ok(api.post("/api/v1/list-entries/", {"official": year.officials["G"].pk, "cycle": cycle.pk,
                                           "item": negative.code, "note": "区纪委监委通报"}), 201)
    readiness = _ok(api.get(f"{base}/readiness/"))
    assert ("suggest_new_in_post", "干部H") in {(w["code"], w["official_name"]) for w in readiness["warnings"]}
    _ok(api.post("/api/v1/exemptions/", {"official": year.officials["H"].pk, "cycle": cycle.pk,
                                         "reason": "new_in_post", "note": "2026-11-10 任现职"}), 201)

    # B's pledge approved late, in evaluating, and scored late: a reason for each released quarter
    late = next(p for p in year.pledges["B"] if p.category == "key_work")
    _ok(api.post(f"/api/v1/pledges/{late.pk}/approve/",
                 {"ratings": {"difficulty": 2, "innovation": 2, "contribution": 2}}, format="json"))
    unexplained = api.post("/api/v1/quarterly-scores/", {"pledge": late.pk, "quarter": 1, "score": 92})
    assert unexplained.status_code == 400 and "reason" in unexplained.json()["errors"]
    for quarter in (1, 2, 3, 4):
        _ok(api.post("/api/v1/quarterly-scores/", {"pledge": late.pk, "quarter": quarter, "score": 92,
                                                   "reason": "目标 12 月补充审核通过，补录评分"}), 201)

    # finalize: D's missing Q3 score and the unreleased Q3 are named; finalize is refused with D
    readiness = _ok(api.get(f"{base}/readiness/"))
    d_innovation = next(p for p in year.pledges["D"] if p.category == "innovation")
    assert {(b["code"], b["official"], b["pledge"]) for b in readiness["blockers"]} >= {
        ("pledge_without_score", year.officials["D"].pk, d_innovation.pk)}
    assert "干部D：“D的innovation”缺少第 3 季度评分" in [b["message"] for b in readiness["blockers"]]
    assert any(b["code"] == "quarter_unreleased" for b in readiness["blockers"])
    refused = api.post(f"{base}/finalize/")
    assert refused.status_code == 400
    assert refused.json()["errors"]["incomplete"] == ["干部D（单位D）：“D的innovation”缺少第 3 季度评分"]
    assert Cycle.objects.get(pk=cycle.pk).state == "evaluating"
    _ok(api.post("/api/v1/quarterly-scores/", {"pledge": d_innovation.pk, "quarter": 3, "score": 86}), 201)
    _ok(api.post(f"{base}/release/", {"quarter": 3}))

    # compute; the committee raises C to 好 beyond the quota: refused, then confirmed
    _ok(api.post(f"{base}/compute/"), 202)
    rows = _ok(api.get(f"{base}/results/", {"page_size": 50}))["results"]
    assert {r["official_name"]: r["grade"] for r in rows if r["grade"]} == {
        "干部A": "good", "干部B": "good", "干部C": "average", "干部D": "average", "干部E": "average", "干部F": "poor"}
    c = year.officials["C"].pk
    over = api.post(f"{base}/override/", {"official": c, "grade": "good", "reason": "区委常委会研究决定"},
                    format="json")
    assert over.status_code == 400
    message = over.json()["errors"]["confirm_over_quota"][0]
    assert "“好”等次名额为 2 人，现已评定 2 人；将干部C调整为“好”后为 3 人" in message
    _ok(api.post(f"{base}/override/", {"official": c, "grade": "good", "reason": "区委常委会研究决定",
                                      "confirm_over_quota": True}, format="json"))

    readiness = _ok(api.get(f"{base}/readiness/"))
    assert readiness["blockers"] == []
    assert {w["official_name"] for w in readiness["warnings"] if w["code"] == "exempt"} == {"干部G", "干部H"}
    _ok(api.post(f"{base}/finalize/"))
    rows = _ok(api.get(f"{base}/results/", {"page_size": 50}))["results"]
    _check_results(rows, year)
    assert [r["official_name"] for r in _ok(api.get(f"{base}/results/", {"grade": "exempt"}))["results"]] == [
        "干部G", "干部H"]


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_messy_year_through_the_pages(messy_year):
    """The same year's messy steps taken on the pages a staff member uses."""
    year = messy_year
    from evaluations import services

    staff, cycle = year.staff, year.cycle
    web = _page_client(staff)
    Cycle.objects.filter(pk=cycle.pk).update(state="in_progress")
    cycle.refresh_from_db()
    for key, pledge in year.scored_pledges():
        for quarter in (1, 2, 3, 4):
            if (key, pledge.category, quarter) != ("D", "innovation", 3):
                services.quarterly_score_record(actor=staff, pledge=pledge, quarter=quarter, score=PLAN[key][0])
    for quarter in (1, 2, 4):
        services.quarter_release(actor=staff, cycle=cycle, quarter=quarter)
    page = web.get(f"/evaluations/cycles/{cycle.pk}/").content.decode()
    assert "推进前检查" in page and "干部B：“B的key_work”等待审核" in page
    web.post(f"/evaluations/cycles/{cycle.pk}/advance/")
    cycle.refresh_from_db()
    assert cycle.state == "evaluating"
    for key, (_points, unit, survey) in PLAN.items():
        services.unit_score_record(actor=staff, unit=year.units[key], cycle=cycle, score=unit)
        services.survey_score_record(actor=staff, official=year.officials[key], cycle=cycle,
                                     rater_group="superior", score=survey)
        services.political_review_record(actor=staff, official=year.officials[key], cycle=cycle, qualified=True)
    services.list_entry_add(actor=staff, official=year.officials["G"], cycle=cycle,
                            item=ListItem.objects.filter(kind="negative").first())

    # exemptions on their page: H is suggested, and confirmed with one button; G recorded by form
    page = web.get(f"/evaluations/cycles/{cycle.pk}/exemptions/").content.decode()
    assert "建议确认：任职时间较短" in page and "干部H" in page
    web.post(f"/evaluations/cycles/{cycle.pk}/exemptions/add/", {
        "official": year.officials["H"].pk, "reason": "new_in_post", "note": "2026-11-10 任现职"})
    missing_note = web.post(f"/evaluations/cycles/{cycle.pk}/exemptions/add/", {
        "official": year.officials["G"].pk, "reason": "other"}, follow=True).content.decode()
    assert "原因为“其他”时须填写说明" in missing_note
    web.post(f"/evaluations/cycles/{cycle.pk}/exemptions/add/", {
        "official": year.officials["G"].pk, "reason": "under_investigation", "note": "立案审查调查期间"})
    page = web.get(f"/evaluations/cycles/{cycle.pk}/exemptions/").content.decode()
    assert "立案审查调查期间" in page and "建议确认：任职时间较短" not in page

    # the late approval on the pledge page, in evaluating, with the note about released quarters
    late = next(p for p in year.pledges["B"] if p.category == "key_work")
    approved = web.post(f"/pledges/{late.pk}/approve/", {"difficulty": 2, "innovation": 2, "contribution": 2},
                        follow=True)
    assert approved.status_code == 200
    late.refresh_from_db()
    assert late.status == "approved"
    for quarter in (1, 2, 3, 4):
        services.quarterly_score_record(actor=staff, pledge=late, quarter=quarter, score=Decimal("92"),
                                        reason="补录" if quarter != 3 else "")

    # finalize refused on the page, with D's pledge and quarter named; readiness page lists it
    readiness_page = web.get(f"/evaluations/cycles/{cycle.pk}/readiness/").content.decode()
    assert "干部D：“D的innovation”缺少第 3 季度评分" in readiness_page
    refused = web.post(f"/evaluations/cycles/{cycle.pk}/finalize/", follow=True).content.decode()
    assert "未能定档：1 名干部数据不全" in refused and "干部D（单位D）：“D的innovation”缺少第 3 季度评分" in refused
    d_innovation = next(p for p in year.pledges["D"] if p.category == "innovation")
    services.quarterly_score_record(actor=staff, pledge=d_innovation, quarter=3, score=Decimal("86"))
    services.quarter_release(actor=staff, cycle=cycle, quarter=3)

    # compute, then the override over the quota: a second confirmation naming the numbers
    web.post(f"/evaluations/cycles/{cycle.pk}/compute/")
    results_url = f"/evaluations/cycles/{cycle.pk}/results/"
    assert "“好”等次：已评定 2 人 / 名额 2 人" in web.get(results_url).content.decode()
    c = year.officials["C"].pk
    asked = web.post(f"/evaluations/cycles/{cycle.pk}/override/", {"official": c, "grade": "good",
                                                                  "reason": "区委常委会研究决定"}, follow=True)
    page = asked.content.decode()
    assert "超出“好”等次名额，请再次确认" in page and "将干部C调整为“好”后为 3 人" in page
    assert Result.objects.get(cycle=cycle, official_id=c).grade == "average"
    confirmed = web.post(f"/evaluations/cycles/{cycle.pk}/override/", {
        "official": c, "grade": "good", "reason": "区委常委会研究决定", "confirm_over_quota": "True"}, follow=True)
    assert "“好”等次：已评定 3 人 / 名额 2 人" in confirmed.content.decode()

    finalized = web.post(f"/evaluations/cycles/{cycle.pk}/finalize/", follow=True).content.decode()
    assert "已定档" in finalized
    results = web.get(results_url).content.decode()
    assert "不确定等次" in results and "立案审查调查期间" in results
    api_rows = _ok(_api(staff).get(f"/api/v1/cycles/{cycle.pk}/results/", {"page_size": 50}))["results"]
    _check_results(api_rows, year)
