"""The pledge pages and API in English (cookie django_language=en): with data entered in Latin
letters, any Chinese left on a page is a string nobody translated."""
import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from pledges import services
from pledges.models import Pledge
from pledges.services import FILED
from tests.english import CJK, chinese_on, english
from tests.factories import CycleFactory, DistrictFactory, OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

MILESTONES = [{"quarter": q, "description": f"Stage {q} done"} for q in (1, 2, 3, 4)]


@pytest.fixture
def place():
    """A district whose names, people and pledges are all in Latin letters."""
    district = DistrictFactory(name="Northfield", code="nf")
    unit = UnitFactory(district=district, name="Harbour Office")
    official = OfficialFactory(unit=unit, name="Alice Wong", position="Director",
                               appointed_on=datetime.date(2022, 3, 1))
    other = OfficialFactory(unit=unit, name="Bob Lee", position="Deputy", appointed_on=datetime.date(2021, 5, 1))
    cycle = CycleFactory(district=district, year=2026)
    return {
        "district": district, "unit": unit, "official": official, "other": other, "cycle": cycle,
        "official_user": UserFactory(username="alice", role=Role.OFFICIAL, districts=[district], official=official),
        "other_user": UserFactory(username="bob", role=Role.OFFICIAL, districts=[district], official=other),
        "staff": UserFactory(username="sam", role=Role.STAFF, districts=[district]),
    }


def _file(place, category, title, user="official_user", official="official"):
    return services.pledge_create(
        actor=place[user], official=place[official], cycle=place["cycle"], category=category, title=title,
        content="Build two office towers by the harbour", target="Two towers", target_value="2",
        target_unit="towers", milestones=MILESTONES)


def _form(title="Harbour growth", category="key_work", milestones=MILESTONES, rows=6):
    """What the pledge form posts."""
    data = {"kind": "annual", "category": category, "title": title, "content": "Build two office towers",
            "target": "Two towers", "target_value": "2", "target_unit": "towers",
            "ms-TOTAL_FORMS": str(rows), "ms-INITIAL_FORMS": "0", "ms-MIN_NUM_FORMS": "0", "ms-MAX_NUM_FORMS": "14"}
    for i in range(rows):
        milestone = milestones[i] if i < len(milestones) else {}
        for key in ("quarter", "description", "due_on"):
            data[f"ms-{i}-{key}"] = milestone.get(key, "")
    return data


def test_the_detector_sees_the_chinese_interface(client, place):
    """Without the cookie the same page is Chinese: an empty list below means English, not a blind check."""
    client.force_login(place["official_user"])
    assert chinese_on(client.get(reverse("pledges:mine")))


def test_my_pledges_page_is_english(client, place):
    _file(place, "party_building", "Party school")
    _file(place, "innovation", "Harbour growth")
    page = english(client, place["official_user"]).get(reverse("pledges:mine"))
    assert page.status_code == 200
    assert chinese_on(page) == []
    text = page.content.decode()
    assert "Missing: The district&#x27;s key work." in text and "2 filed; 1 more needed." in text


def test_the_new_pledge_form_and_its_errors_are_english(client, place):
    official = english(client, place["official_user"])
    page = official.get(reverse("pledges:create"))
    assert page.status_code == 200 and chinese_on(page) == []

    refused = official.post(reverse("pledges:create"), _form(title=""))  # the form's own check
    assert refused.status_code == 400 and chinese_on(refused) == []

    only_q1 = [{"quarter": "1", "description": "Start", "due_on": "2025-03-01"}]
    refused = official.post(reverse("pledges:create"), _form(milestones=only_q1))  # the rules' checks
    assert refused.status_code == 400
    assert chinese_on(refused) == []
    text = refused.content.decode()
    assert "Milestone 1: the date must be in 2026." in text
    assert "At least one milestone in every quarter; missing: Q2, Q3, Q4." in text
    assert not Pledge.objects.exists()


def test_a_pledge_filed_in_english_keeps_its_audit_reason_in_chinese(client, place):
    """The fixed reasons of the audit records are stored as before (Chinese) and shown translated."""
    official = english(client, place["official_user"])
    assert official.post(reverse("pledges:create"), _form()).status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.history.get().history_change_reason == FILED == "填报"
    page = official.get(reverse("pledges:detail", args=[pledge.pk]))
    assert chinese_on(page) == []
    assert '<p class="timeline-reason">Filed</p>' in page.content.decode()


def test_the_pledge_pages_through_the_workflow_are_english(client, place):
    """Detail pages of approved, returned, revised and submitted pledges, for the official and for
    staff (with the review forms), and the staff's review queue with the deadline problems."""
    party, harbour, river = (_file(place, "party_building", "Party school"),
                             _file(place, "innovation", "Harbour growth"), _file(place, "key_work", "Clean river"))
    for pledge in (party, harbour, river):
        services.pledge_submit(actor=place["official_user"], pledge=pledge)
    _file(place, "key_work", "Bob plan", user="other_user", official="other")
    services.pledge_approve(actor=place["staff"], pledge=party, difficulty=3, innovation=3, contribution=2)
    services.pledge_return(actor=place["staff"], pledge=harbour, reason="Needs a number")
    services.pledge_update(actor=place["official_user"], pledge=harbour, title="Harbour growth 2")
    services.pledge_revise(actor=place["official_user"], pledge=party, reason="Scope changed", title="Party school 2")

    official = english(client, place["official_user"])
    for pledge in (party, harbour, river):
        page = official.get(reverse("pledges:detail", args=[pledge.pk]))
        assert page.status_code == 200 and chinese_on(page) == [], pledge.title
    text = official.get(reverse("pledges:detail", args=[party.pk])).content.decode()
    for shown in ("Draft → Awaiting review", "Submitted for review", "Revision 2 proposed", "Change history"):
        assert shown in text

    staff = english(client, place["staff"])
    for pledge in (party, river):
        page = staff.get(reverse("pledges:detail", args=[pledge.pk]))
        assert page.status_code == 200 and chinese_on(page) == [], pledge.title
    queue = staff.get(reverse("pledges:queue"))
    assert queue.status_code == 200
    assert chinese_on(queue) == []
    assert "1 filed, fewer than 3; 1 pledge not submitted" in queue.content.decode()


def test_an_api_validation_error_is_english(api, place):
    body = {"cycle": place["cycle"].pk, "category": "key_work", "title": "Harbour growth",
            "content": "Build two office towers", "target": "Two towers",
            "milestones": [{"quarter": 1, "description": "Start", "due_on": "2025-03-01"}]}
    client = api.as_(place["official_user"])
    chinese = client.post("/api/v1/pledges/", body, format="json")
    assert chinese.status_code == 400 and CJK.search(str(chinese.json()["errors"]))

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = client.post("/api/v1/pledges/", body, format="json")
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert errors["milestones"] == ["Milestone 1: the date must be in 2026.",
                                    "At least one milestone in every quarter; missing: Q2, Q3, Q4."]
    assert not CJK.search(str(errors))
    assert not Pledge.objects.exists()
