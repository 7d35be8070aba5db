"""The reserve pool: ten default categories on first use, placements with grounds and evidence,
counts per category, removal with a reason (kept in the history), the filters and the street
flag; the API endpoints; who may do what; bounded queries."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from development import rules, selectors, services
from development.models import Placement, ReserveCategory
from tests.factories import OfficialFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def cats(world):
    services.reserve_categories_ensure(actor=world.users["staff"], district=world.own)
    return list(ReserveCategory.objects.filter(district=world.own).order_by("sort_order"))


def place(world, official, category, **kw):
    return services.placement_create(actor=world.users["staff"], official=official, category=category, placed_on=DAY,
                                     grounds="年度考核优秀", **kw)


def test_a_district_gets_ten_default_categories_once(world, cats):
    assert [c.name for c in cats] == list(rules.DEFAULT_CATEGORIES)
    assert services.reserve_categories_ensure(actor=world.users["staff"], district=world.own) == 0


def test_counts_per_category_follow_placements_and_removals(world, cats):
    place(world, world.own_official, cats[0])
    second = place(world, world.other_official, cats[0])
    place(world, world.other_official, cats[1])
    services.placement_remove(actor=world.users["staff"], placement=second, removed_on=DAY, reason="已提拔使用")
    counts = {c.pk: c.placed for c in selectors.categories(world.users["staff"], world.own.pk)}
    assert counts[cats[0].pk] == 1 and counts[cats[1].pk] == 1 and sum(counts.values()) == 2


def test_a_removal_needs_a_reason_and_keeps_the_placement_in_history(world, cats):
    placement = place(world, world.own_official, cats[0])
    with pytest.raises(ValidationError) as refused:
        services.placement_remove(actor=world.users["staff"], placement=placement, removed_on=DAY, reason=" ")
    assert "reason" in refused.value.message_dict
    services.placement_remove(actor=world.users["staff"], placement=placement, removed_on=DAY, reason="调离本区")
    placement.refresh_from_db()
    assert placement.removed_on == DAY and placement.removal_reason == "调离本区"
    latest = placement.history.latest()
    assert latest.history_change_reason == "调离本区" and latest.history_user == world.users["staff"]
    assert placement.history.count() == 2


def test_an_official_is_placed_once_per_category_and_only_in_its_district(world, cats):
    place(world, world.own_official, cats[0])
    with pytest.raises(ValidationError) as twice:
        place(world, world.own_official, cats[0])
    assert "category" in twice.value.message_dict
    with pytest.raises(ValidationError) as foreign:
        place(world, world.foreign_official, cats[0])
    assert "official" in foreign.value.message_dict


def test_officials_with_street_posts_are_flagged_as_department_head_candidates(world, cats):
    place(world, world.own_official, cats[0])
    place(world, world.other_official, cats[0])  # 李红梅 heads a street
    rows = {p.official_id: p.street for p in selectors.placements(world.users["staff"], district_id=world.own.pk)}
    assert rows == {world.own_official.pk: False, world.other_official.pk: True}
    only = selectors.placements(world.users["staff"], district_id=world.own.pk, street_only=True)
    assert [p.official_id for p in only] == [world.other_official.pk]
    assert list(selectors.street_experienced_officials(world.users["staff"], world.own.pk)) == [world.other_official]


# --- the page ---------------------------------------------------------------------------------------


def test_the_pool_page_shows_categories_counts_and_profile_links(client, world, cats, django_assert_max_num_queries):
    for n in range(6):
        place(world, OfficialFactory(unit=world.own_unit, name=f"储备{n}"), cats[n % 3])
    client.force_login(world.users["leader"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("development:pool"))
    body = page.content.decode()
    assert page.status_code == 200
    assert cats[0].name in body and "/profiles/officials/" in body and FOREIGN_MARKER not in body
    assert body.count("储备") >= 6


def test_the_pool_page_filters_by_category_unit_and_rank(client, world, cats):
    place(world, world.own_official, cats[0])
    place(world, world.other_official, cats[1])
    client.force_login(world.users["staff"])
    body = client.get(reverse("development:pool"), {"category": cats[1].pk}).content.decode()
    assert "李红梅" in body and "张建国" not in body
    body = client.get(reverse("development:pool"), {"unit": world.own_unit.pk}).content.decode()
    assert "张建国" in body and "李红梅" not in body
    body = client.get(reverse("development:pool"), {"rank_level": "section_chief"}).content.decode()
    assert "张建国" not in body and "李红梅" not in body


def test_staff_place_an_official_with_an_evidence_file_on_the_page(client, world, cats):
    client.force_login(world.users["staff"])
    answer = client.post(reverse("development:placement_new"), {
        "official": world.own_official.pk, "category": cats[2].pk, "placed_on": "2026-03-01",
        "grounds": "多方推荐", "evidence": "推荐材料",
        "evidence_file": SimpleUploadedFile("推荐.pdf", b"%PDF-1.4", content_type="application/pdf")})
    assert answer.status_code == 302
    placement = Placement.objects.get()
    assert placement.evidence_file and placement.grounds == "多方推荐"


def test_a_placement_without_grounds_answers_400_naming_the_field(client, world, cats):
    client.force_login(world.users["staff"])
    answer = client.post(reverse("development:placement_new"), {
        "official": world.own_official.pk, "category": cats[2].pk, "placed_on": "2026-03-01", "grounds": ""})
    assert answer.status_code == 400 and not Placement.objects.exists()


@pytest.mark.parametrize("role,status", [("leader", 403), ("official", 403)])
def test_only_staff_place_officials(client, world, cats, role, status):
    client.force_login(world.users[role])
    assert client.get(reverse("development:placement_new")).status_code == status


def test_officials_do_not_see_the_pool(client, world):
    client.force_login(world.users["official"])
    assert client.get(reverse("development:pool")).status_code == 403


# --- the API ----------------------------------------------------------------------------------------


def test_the_api_lists_categories_and_placements_in_bounded_queries(world, cats, api, django_assert_max_num_queries):
    for n in range(5):
        place(world, OfficialFactory(unit=world.own_unit), cats[n % 2])
    client = api.as_(world.users["staff"])
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/reserve-placements/", {"category": cats[0].pk})
    assert listed.status_code == 200 and listed.json()["count"] == 3
    with django_assert_max_num_queries(8):
        categories = client.get("/api/v1/reserve-categories/", {"district": world.own.pk})
    assert {c["name"]: c["placed"] for c in categories.json()["results"]}[cats[1].name] == 2


def test_the_api_places_and_removes_with_a_reason(world, cats, api):
    client = api.as_(world.users["staff"])
    made = client.post("/api/v1/reserve-placements/", {"official": world.other_official.pk, "category": cats[0].pk,
                                                        "placed_on": "2026-03-01", "grounds": "考察推荐"},
                       format="json")
    assert made.status_code == 201, made.content
    assert made.json()["street"] is True
    path = f"/api/v1/reserve-placements/{made.json()['id']}/remove/"
    refused = client.post(path, {"removed_on": "2026-04-01"}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    removed = client.post(path, {"removed_on": "2026-04-01", "reason": "已提拔"}, format="json")
    assert removed.status_code == 200 and removed.json()["removed_on"] == "2026-04-01"


def test_leaders_read_but_do_not_write_through_the_api(world, cats, api):
    client = api.as_(world.users["leader"])
    assert client.get("/api/v1/reserve-categories/").status_code == 200
    refused = client.post("/api/v1/reserve-placements/", {"official": world.own_official.pk, "category": cats[0].pk,
                                                          "placed_on": "2026-03-01", "grounds": "x"}, format="json")
    assert refused.status_code == 403


def test_staff_configure_their_districts_categories_through_the_api(world, cats, api):
    client = api.as_(world.users["staff"])
    made = client.post("/api/v1/reserve-categories/", {"district": world.own.pk, "name": "专业技术类",
                                                       "sort_order": 200}, format="json")
    assert made.status_code == 201, made.content
    renamed = client.patch(f"/api/v1/reserve-categories/{made.json()['id']}/", {"is_active": False}, format="json")
    assert renamed.status_code == 200 and renamed.json()["is_active"] is False
    assert ReserveCategory.objects.get(pk=made.json()["id"]).history.count() == 2
    foreign = api.as_(world.users["foreign_staff"])
    assert foreign.get("/api/v1/reserve-categories/").json()["count"] == 0
    refused = foreign.post("/api/v1/reserve-categories/", {"district": world.own.pk, "name": "外区"}, format="json")
    assert refused.status_code == 400 and "district" in refused.json()["errors"]
