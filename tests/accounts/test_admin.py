"""The Django admin, scoped by role and district."""
import pytest

from evaluations.models import Cycle
from org.models import Official, Post, Unit
from tests.conftest import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


def test_staff_adds_a_unit_in_its_district_through_the_admin(client, world):
    client.force_login(world.users["staff"])
    response = client.post(
        "/admin/org/unit/add/", {"district": world.own.pk, "name": "区科技局", "kind": "department", "sort_order": 5}
    )
    assert response.status_code == 302
    assert Unit.objects.get(name="区科技局").district == world.own


def test_admin_add_form_offers_only_own_district_choices(client, world):
    client.force_login(world.users["staff"])
    page = client.get("/admin/org/official/add/").content.decode()
    assert "区人社局" in page
    assert FOREIGN_MARKER not in page


def test_staff_cannot_add_a_unit_to_a_foreign_district(client, world):
    client.force_login(world.users["staff"])
    response = client.post(
        "/admin/org/unit/add/", {"district": world.foreign.pk, "name": "偷偷加的", "kind": "department", "sort_order": 1}
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Unit.objects.filter(name="偷偷加的").exists()


def test_leader_reads_the_admin_but_cannot_change(client, world):
    client.force_login(world.users["leader"])
    assert client.get(f"/admin/org/official/{world.own_official.pk}/change/").status_code == 200
    assert client.get("/admin/org/official/add/").status_code == 403
    response = client.post(f"/admin/org/official/{world.own_official.pk}/change/", {"name": "改"})
    assert response.status_code == 403


def test_official_role_has_no_admin(client, world):
    client.force_login(world.users["official"])
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_change_of_an_official_keeps_the_post_history(client, world):
    client.force_login(world.users["staff"])
    official = world.own_official
    street = world.other_official.unit
    data = {
        "unit": street.pk, "name": official.name, "position": "党工委书记", "rank_level": official.rank_level,
        "is_principal": "on", "appointed_on": "2026-08-01", "phone": "", "profile": "",
        "posts-TOTAL_FORMS": 0, "posts-INITIAL_FORMS": 0, "posts-MIN_NUM_FORMS": 0, "posts-MAX_NUM_FORMS": 1000,
    }
    existing = list(official.posts.all())
    data.update({"posts-TOTAL_FORMS": len(existing), "posts-INITIAL_FORMS": len(existing)})
    for i, post in enumerate(existing):
        data.update({
            f"posts-{i}-id": post.pk, f"posts-{i}-official": official.pk, f"posts-{i}-unit": post.unit_id,
            f"posts-{i}-position": post.position, f"posts-{i}-rank_level": post.rank_level,
            f"posts-{i}-started_on": str(post.started_on), f"posts-{i}-ended_on": "",
        })
    response = client.post(f"/admin/org/official/{official.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Post.objects.filter(official=official).order_by("started_on").values_list("unit_id", "ended_on")) == [
        (world.own_unit.pk, __import__("datetime").date(2026, 7, 31)),
        (street.pk, None),
    ]


def test_cycle_settings_are_validated_in_the_admin(client, world):
    client.force_login(world.users["staff"])
    settings = dict(world.own_cycle.settings, bonus_cap=-3)
    import json

    response = client.post(
        f"/admin/evaluations/cycle/{world.own_cycle.pk}/change/",
        {"settings": json.dumps(settings), "pledge_deadline": "2026-01-31"},
    )
    assert response.status_code == 200
    assert "bonus_cap" in response.content.decode()
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.settings["bonus_cap"] == 5


def test_history_page_shows_who_changed_what(client, world):
    client.force_login(world.users["staff"])
    Cycle.objects.get(pk=world.own_cycle.pk)
    from evaluations import services

    services.cycle_update(actor=world.users["staff"], cycle=world.own_cycle, settings={"bonus_cap": 4}, reason="常委会")
    page = client.get(f"/admin/evaluations/cycle/{world.own_cycle.pk}/history/").content.decode()
    assert "常委会" in page and "staff1" in page


def test_admin_changelists_answer_in_chinese(client, world):
    client.force_login(world.users["admin"])
    page = client.get("/admin/org/official/").content.decode()
    assert "干部" in page and "张建国" in page
    assert Official.objects.count() == 3


def test_staff_reads_the_list_catalog_in_the_admin_but_cannot_change_it(client, world):
    """The shared catalog changes only by the system administrator (SPEC section 1)."""
    from evaluations.models import ListItem

    client.force_login(world.users["staff"])
    before = ListItem.objects.get(code="P01")
    url = f"/admin/evaluations/listitem/{before.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
    response = client.post(url, {
        "code": "P01", "kind": "positive", "aspect": before.aspect, "title": "改写", "points": "3",
        "sort_order": before.sort_order,
    })
    assert response.status_code == 403
    assert ListItem.objects.get(code="P01").title == before.title
