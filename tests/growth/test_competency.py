"""The competency model: the fit selector (latest assessment counts, missing = 0, constant
queries), the page and its staff forms, and the API's scoping."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from growth import services
from growth.selectors import fit_for_officials
from tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(world):
    staff = world.users["staff"]
    lead = services.competency_create(actor=staff, district=world.own, name="统筹协调",
                                      required={"department_head": 4, "street_head": 3})
    law = services.competency_create(actor=staff, district=world.own, name="依法行政", required={"department_head": 2})
    return staff, lead, law


def assess(staff, official, competency, level, day):
    services.assessment_record(actor=staff, official=official, competency=competency, level=level,
                               assessed_on=datetime.date(2026, 1, day), source="年度考察")


def test_fit_uses_the_latest_assessment_and_counts_a_missing_one_as_zero(world, model):
    staff, lead, law = model
    assess(staff, world.own_official, lead, 4, 20)
    assess(staff, world.own_official, lead, 3, 5)  # older: does not count
    assess(staff, world.own_official, law, 1, 20)
    assess(staff, world.other_official, lead, 3, 1)  # a street head: requires only 统筹协调 3
    fits = fit_for_officials([world.own_official.pk, world.other_official.pk])
    assert fits == {world.own_official.pk: Decimal("75.0"), world.other_official.pk: Decimal("100.0")}
    newcomer = OfficialFactory(unit=world.own_unit)
    assert fit_for_officials([newcomer.pk]) == {newcomer.pk: Decimal("0.0")}
    deputy = OfficialFactory(unit=world.own_unit, is_principal=False)
    assert fit_for_officials([deputy.pk]) == {deputy.pk: None}  # no requirement for its post kind


def test_fit_for_officials_runs_three_queries_whatever_their_number(world, model, django_assert_num_queries):
    staff, lead, law = model
    many = [OfficialFactory(unit=UnitFactory(district=world.own)) for _ in range(12)]
    for official in many:
        assess(staff, official, lead, 2, 3)
    with django_assert_num_queries(3):
        fits = fit_for_officials([o.pk for o in many] + [world.own_official.pk])
    assert len(fits) == 13 and fits[many[0].pk] == Decimal("25.0")


def test_the_page_lists_requirements_and_fits_and_staff_add_to_the_model(client, world, model,
                                                                          django_assert_max_num_queries):
    staff, lead, _law = model
    client.force_login(world.users["staff"])
    with django_assert_max_num_queries(16):
        page = client.get(reverse("growth:competencies"))
    assert page.status_code == 200 and "统筹协调" in page.content.decode()
    created = client.post(reverse("growth:competency_new"), {"district": world.own.pk, "name": "群众工作",
                                                             "level_street_head": "5"})
    assert created.status_code == 302
    duplicate = client.post(reverse("growth:competency_new"), {"district": world.own.pk, "name": "群众工作"})
    assert duplicate.status_code == 400 and "name" in duplicate.context["competency_form"].errors
    bad = client.post(reverse("growth:assessment_new"), {"district": world.own.pk, "official": world.own_official.pk,
                                                         "competency": lead.pk, "level": "9",
                                                         "assessed_on": "2026-02-01", "source": "考察"})
    assert bad.status_code == 400 and "level" in bad.context["assessment_form"].errors


def test_the_api_scopes_assessments_to_the_official_and_the_district(api, world, model):
    staff, lead, _law = model
    assess(staff, world.own_official, lead, 4, 20)
    assess(staff, world.other_official, lead, 2, 20)
    own = api.as_(world.users["official"]).get("/api/v1/competency-assessments/")
    assert [row["official"] for row in own.json()["results"]] == [world.own_official.pk]
    assert api.as_(world.users["foreign_staff"]).get("/api/v1/competencies/").json()["results"] == []
    refused = api.as_(world.users["staff"]).post("/api/v1/competency-assessments/", {
        "competency": lead.pk, "official": world.foreign_official.pk, "level": 3, "assessed_on": "2026-02-01",
        "source": "x"}, format="json")
    assert refused.status_code == 400 and "official" in refused.json()["errors"]
