"""The evaluation pages and API in English (cookie django_language=en): every text the app writes
is translated. The data here is all Latin (names, units, pledges, notes, reasons), so any Chinese
character left on a page is an untranslated string — a label, a message, a grade reason, a
missing-data item, a chart's text."""
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from cycles.models import Cycle
from evaluations import compute, services
from evaluations.models import Exemption, ListItem
from tests.factories import CycleFactory, DistrictFactory, OfficialFactory, UnitFactory, UserFactory
from tests.fixtures.year import CATEGORIES, file_pledges

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def latin_pledge(category: str, owner: str) -> dict:
    return {
        "category": category, "title": f"{owner} {category} target", "content": "Open two business centres",
        "target": "At least two new business centres", "target_value": "2", "target_unit": "centres",
        "milestones": [{"quarter": q, "description": f"Stage {q} done"} for q in (1, 2, 3, 4)],
    }


class LatinYear:
    """A district in year-end evaluation, computed: Alice complete and high (Good), Bob vetoed (a
    negative list entry and a failed political review) and revised by the committee, Carol
    incomplete (a quarter unscored, a pledge waiting for review, no political review), Dan exempt,
    Eve new in post without pledges."""

    def __init__(self):
        self.district = DistrictFactory(name="North District", code="north")
        self.staff = UserFactory(username="northstaff", role=Role.STAFF, districts=[self.district])
        self.cycle = CycleFactory(district=self.district, year=2026)
        self.officials = {}
        for n, name in enumerate(("Alice", "Bob", "Carol", "Dan", "Eve")):
            unit = UnitFactory(district=self.district, name=f"{name} Bureau", sort_order=n)
            appointed = datetime.date(2026, 11, 10) if name == "Eve" else datetime.date(2022, 3, 1)
            self.officials[name] = OfficialFactory(unit=unit, name=f"{name} Smith", position="Director",
                                                   appointed_on=appointed)
        self.pledges = {}
        for name in ("Alice", "Bob", "Carol", "Dan"):
            self.pledges[name] = file_pledges(self.officials[name], self.cycle, self.staff,
                                              [latin_pledge(c, name) for c in CATEGORIES],
                                              pending="key_work" if name == "Carol" else None)
        Cycle.objects.filter(pk=self.cycle.pk).update(state="in_progress")
        self.cycle.refresh_from_db()
        points = {"Alice": Decimal("95"), "Bob": Decimal("90"), "Carol": Decimal("80"), "Dan": Decimal("70")}
        for name, rows in self.pledges.items():
            for row in rows:
                if row.status != row.Status.APPROVED:
                    continue
                for quarter in (1, 2, 3, 4):
                    if (name, quarter) != ("Carol", 4):
                        services.quarterly_score_record(actor=self.staff, pledge=row, quarter=quarter,
                                                        score=points[name])
        negative = ListItem.objects.get(code="N01")
        services.list_entry_add(actor=self.staff, official=self.officials["Bob"], cycle=self.cycle, item=negative,
                                note="Reported by the audit office")
        Cycle.objects.filter(pk=self.cycle.pk).update(state="evaluating")
        self.cycle.refresh_from_db()
        for name, official in self.officials.items():
            services.unit_score_record(actor=self.staff, unit=official.unit, cycle=self.cycle, score=Decimal("90"))
            services.survey_score_record(actor=self.staff, official=official, cycle=self.cycle,
                                         rater_group="superior", score=Decimal("90"))
            if name != "Carol":
                services.political_review_record(actor=self.staff, official=official, cycle=self.cycle,
                                                 qualified=name != "Bob",
                                                 note="Late on two filings" if name == "Bob" else "")
        services.exemption_record(actor=self.staff, official=self.officials["Dan"], cycle=self.cycle,
                                  reason="under_investigation", note="Case 12 opened in May")
        compute.cycle_compute(cycle=self.cycle)
        compute.grade_override(actor=self.staff, cycle=self.cycle, official=self.officials["Bob"], grade="poor",
                               reason="Committee decision of 3 December")


@pytest.fixture
def year():
    return LatinYear()


@pytest.fixture
def english(client, year):
    client.force_login(year.staff)
    client.cookies["django_language"] = "en"
    return client


def chinese_left(response) -> list[str]:
    """The lines of a page's main content that still hold a Chinese character (the top bar is
    checked by tests/test_english.py's walk)."""
    assert response.status_code == 200
    text = response.content.decode()
    main = text[text.index('<main id="main"'):text.index("</main>")]
    return [match.group(0) for match in re.finditer(r".{0,80}%s+.{0,40}" % CJK.pattern, main)]


def page(name: str, *args, **query) -> str:
    text = reverse(f"evaluations:{name}", args=args)
    return text + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("name, query", [
    ("results", {}), ("readiness", {}), ("exemptions", {}), ("political_reviews", {}),
    ("grid", {"quarter": 1}), ("grid", {"quarter": 4}), ("inputs", {}), ("cycle", {}),
])
def test_cycle_pages_in_english_hold_no_chinese(english, year, name, query):
    response = english.get(page(name, year.cycle.pk, **query))
    assert chinese_left(response) == []
    assert '<html lang="en"' in response.content.decode()


def test_results_in_english_name_grades_missing_items_and_exemptions(english, year):
    text = english.get(page("results", year.cycle.pk)).content.decode()
    assert "Good" in text and "Poor" in text  # Alice's grade, Bob's revised grade
    assert "“Carol party_building target” lacks a score for quarter 4" in text
    assert "“Carol key_work target” is waiting for review" in text
    assert "Under investigation" in text and "Case 12 opened in May" in text
    assert "Distribution of composite scores, 2026" in text


def test_readiness_in_english_names_what_is_open(english, year):
    text = english.get(page("readiness", year.cycle.pk)).content.decode()
    assert "Carol Smith: “Carol party_building target” lacks a score for quarter 4" in text
    assert "Eve Smith took up the current post on 2026-11-10" in text


def test_an_officials_grade_reasons_in_english(english, year):
    response = english.get(page("official", year.officials["Bob"].pk))
    assert chinese_left(response) == []
    text = response.content.decode()
    assert "Vetoed for negative list item “Disloyal or dishonest to the Party" in text
    assert "failed political quality review" in text
    assert "the grade was revised from “Fair” to “Poor”." in text
    assert "Committee decision of 3 December" in text


def test_the_same_pages_stay_chinese_by_default(client, year):
    client.force_login(year.staff)
    text = client.get(page("results", year.cycle.pk)).content.decode()
    assert "“Carol party_building target”缺少第 4 季度评分" in text
    text = client.get(page("official", year.officials["Bob"].pk)).content.decode()
    assert "经区委研究，等次由“一般”调整为“较差”。" in text


def test_an_api_validation_error_in_english(api, world, scored_year):
    client = api.as_(world.users["staff"])
    client.cookies["django_language"] = "en"
    pledge = scored_year[world.own_official.pk][0]
    response = client.post("/api/v1/quarterly-scores/", {"pledge": pledge.pk, "quarter": 1, "score": "80",
                                                         "letter": "A"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["score"] == [
        "Give either a score (score) or a quarterly letter grade (letter), not both."]
    # (the summary "detail" is core.api_errors': checked with core)
    refused = client.post(f"/api/v1/cycles/{world.own_cycle.pk}/release/", {"quarter": 1}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["quarter"][0] == "Quarter 1 still has 6 unscored pledge(s):"


def test_api_results_give_missing_items_in_the_request_language(api, year):
    client = api.as_(year.staff)
    url = f"/api/v1/cycles/{year.cycle.pk}/results/"
    carol = year.officials["Carol"].pk

    def messages(response):
        row = next(r for r in response.json()["results"] if r["official"] == carol)
        return [item["message"] for item in row["missing_detail"]]

    assert "“Carol party_building target”缺少第 4 季度评分" in messages(client.get(url))
    client.cookies["django_language"] = "en"
    assert "“Carol party_building target” lacks a score for quarter 4" in messages(client.get(url))


def test_an_action_in_english_says_so_in_english_and_keeps_the_history_chinese(english, year):
    eve = year.officials["Eve"]
    response = english.post(page("exemption_add", year.cycle.pk), {
        "official": eve.pk, "reason": "new_in_post", "note": "Appointed in November"}, follow=True)
    assert "Recorded Eve Smith as no grade (exempt, New in post)" in response.content.decode()
    record = Exemption.history.filter(official=eve).latest("history_date")
    assert record.history_change_reason == "不确定等次：任职时间较短"
