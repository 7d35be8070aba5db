"""The Django admin, scoped by role and district."""
import pytest

from cycles import services as cycle_services
from cycles.models import Cycle
from org.models import Official, Post, Unit
from tests.factories import UnitFactory
from tests.fixtures.world import FOREIGN_MARKER

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
        "/admin/org/unit/add/", {"district": world.foreign.pk, "name": "偷偷加的", "kind": "department",
                                 "sort_order": 1}
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
        f"/admin/cycles/cycle/{world.own_cycle.pk}/change/",
        {"settings": json.dumps(settings), "pledge_deadline": "2026-01-31"},
    )
    assert response.status_code == 200
    assert "bonus_cap" in response.content.decode()
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.settings["bonus_cap"] == 5


def test_history_page_shows_who_changed_what(client, world):
    client.force_login(world.users["staff"])
    Cycle.objects.get(pk=world.own_cycle.pk)

    cycle_services.cycle_update(actor=world.users["staff"], cycle=world.own_cycle, settings={"bonus_cap": 4},
                                reason="常委会")
    page = client.get(f"/admin/cycles/cycle/{world.own_cycle.pk}/history/").content.decode()
    assert "常委会" in page and "staff1" in page


def test_admin_changelists_answer_in_chinese(client, world):
    client.force_login(world.users["admin"])
    page = client.get("/admin/org/official/").content.decode()
    assert "干部" in page and "张建国" in page
    assert Official.objects.count() == 3


# --- security review findings 1, 3 and 8 ------------------------------------------------------


def _history_entry(user):
    return f"/admin/accounts/user/{user.pk}/history/{user.history.latest().history_id}/"


@pytest.mark.parametrize("role", ["leader", "staff"])
def test_a_read_only_account_cannot_make_itself_administrator_through_its_history(client, world, role):
    """Finding 1: the history entry's form, posted back with role=admin, was saved."""
    me = world.users[role]
    me.save()  # a history row to open
    client.force_login(me)
    entry = _history_entry(me)
    assert client.get(entry).status_code == 200
    response = client.post(entry, {"username": me.username, "role": "admin", "districts": [world.own.pk],
                                   "is_active": "on"})
    assert response.status_code == 403
    me.refresh_from_db()
    assert me.role == role and not me.is_superuser


def test_nobody_reverts_through_the_history_not_even_the_administrator(client, world):
    """There is no revert: it would save an old version past the services' rules."""
    official = world.own_official
    official.save()
    client.force_login(world.users["admin"])
    entry = f"/admin/org/official/{official.pk}/history/{official.history.latest().history_id}/"
    page = client.get(entry)
    assert page.status_code == 200 and "_save" not in page.content.decode()
    before = official.history.count()
    assert client.post(entry, {"name": "改名", "unit": official.unit_id}).status_code == 403
    official.refresh_from_db()
    assert official.name != "改名" and official.history.count() == before


@pytest.mark.parametrize("role", ["leader", "staff"])
def test_readers_of_an_account_see_no_trace_of_its_password(client, world, role):
    """Finding 3: the change page showed the password hash to staff and leaders."""
    target = world.users["official"]
    client.force_login(world.users[role])
    page = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert target.password not in body
    assert target.password.split("$")[-1][:6] not in body  # not even the masked summary's start


def test_a_password_typed_into_the_account_page_is_never_stored(client, world):
    """Finding 3: the admin's change form stored what was typed as the password, unhashed. The
    password is read-only there and changes through Django's password form, hashed."""
    client.force_login(world.users["admin"])
    target = world.users["leader"]
    old_hash = target.password
    change = f"/admin/accounts/user/{target.pk}/change/"
    assert "../password/" in client.get(change).content.decode()
    response = client.post(change, {
        "username": target.username, "password": "plain-text-Secret-1", "role": "leader",
        "districts": [world.own.pk], "is_active": "on", "last_name": "", "first_name": "", "email": "",
    })
    assert response.status_code == 302, response.content.decode()[:1500]
    target.refresh_from_db()
    assert target.password == old_hash
    response = client.post(f"/admin/accounts/user/{target.pk}/password/",
                           {"password1": "New-Secret-2026x", "password2": "New-Secret-2026x"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.password != "New-Secret-2026x" and target.check_password("New-Secret-2026x")


@pytest.mark.parametrize("role", ["leader", "staff"])
@pytest.mark.parametrize("page", ["history/", "change/", "delete/"])
def test_a_foreign_object_answers_like_a_missing_one_in_the_admin(client, world, role, page):
    """Finding 8: history pages answered 403 for another district's object and 404 for a
    missing one; now 404 for both, and for a deleted object of the own district."""
    gone = UnitFactory(district=world.own)
    gone.save()
    gone_pk = gone.pk
    gone.delete()
    client.force_login(world.users[role])
    for pk in (world.foreign_unit.pk, 987654, gone_pk):
        assert client.get(f"/admin/org/unit/{pk}/{page}").status_code == 404, pk
    version = world.foreign_unit.history.latest().history_id
    assert client.get(f"/admin/org/unit/{world.foreign_unit.pk}/history/{version}/").status_code == 404
    assert client.get(f"/admin/org/unit/{world.own_unit.pk}/history/not-a-number/").status_code == 404


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


def test_old_admin_addresses_of_cycles_lead_to_their_new_place(client, world):
    """Cycle and TaskRecord moved from evaluations to cycles: bookmarks of the old admin pages
    redirect (with their query), and the new page still checks who may see it."""
    client.force_login(world.users["staff"])
    response = client.get(f"/admin/evaluations/cycle/{world.own_cycle.pk}/change/?_changelist_filters=x")
    assert response.status_code == 301
    assert response["Location"] == f"/admin/cycles/cycle/{world.own_cycle.pk}/change/?_changelist_filters=x"
    assert client.get(response["Location"]).status_code == 200
    assert client.get(f"/admin/cycles/cycle/{world.foreign_cycle.pk}/change/").status_code == 404
    assert client.get("/admin/evaluations/taskrecord/")["Location"] == "/admin/cycles/taskrecord/"
