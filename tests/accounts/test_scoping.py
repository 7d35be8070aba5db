"""accounts.scoping: the one place that decides who sees and changes which rows."""
import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ImproperlyConfigured

from accounts.scoping import CHANGE, CREATE, DELETE, READ, districts_of, may, may_use_admin, scoped
from cycles.models import Cycle
from evaluations.models import ListItem
from org.models import District, Official, Post, Unit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(str(o) for o in qs)


def test_admin_sees_every_district(world):
    assert scoped(District.objects.all(), world.users["admin"]).count() == 2
    assert scoped(Official.objects.all(), world.users["admin"]).count() == 3


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_staff_and_leader_see_their_districts_only(world, role):
    user = world.users[role]
    assert list(scoped(District.objects.all(), user)) == [world.own]
    assert set(scoped(Official.objects.all(), user)) == {world.own_official, world.other_official}
    assert list(scoped(Cycle.objects.all(), user)) == [world.own_cycle]
    assert world.foreign_unit not in scoped(Unit.objects.all(), user)


def test_official_sees_own_record_and_shared_district_rows(world):
    user = world.users["official"]
    assert list(scoped(Official.objects.all(), user)) == [world.own_official]
    assert set(scoped(Post.objects.all(), user)) == set(world.own_official.posts.all())
    assert world.own_unit in scoped(Unit.objects.all(), user)
    assert list(scoped(Cycle.objects.all(), user)) == [world.own_cycle]


def test_anonymous_and_inactive_see_nothing(world):
    assert not scoped(Official.objects.all(), AnonymousUser()).exists()
    staff = world.users["staff"]
    staff.is_active = False
    assert not scoped(Official.objects.all(), staff).exists()


def test_catalog_is_shared_by_every_signed_in_role(world):
    for role in ("staff", "leader", "official", "foreign_staff"):
        assert scoped(ListItem.objects.all(), world.users[role]).count() == 23


def test_writes_follow_the_role_matrix(world):
    staff, leader, official = world.users["staff"], world.users["leader"], world.users["official"]
    assert may(staff, CREATE, Official) and may(staff, CHANGE, Cycle)
    assert not may(staff, CREATE, District) and not may(staff, DELETE, type(staff))
    assert not any(may(leader, action, model) for action in (CREATE, CHANGE, DELETE)
                   for model in (District, Unit, Official, Cycle, ListItem))
    assert may(leader, READ, Official)
    assert may(official, CHANGE, Official) and not may(official, CREATE, Official)
    assert list(scoped(Official.objects.all(), official, CHANGE)) == [world.own_official]
    assert not scoped(Official.objects.all(), leader, CHANGE).exists()


def test_staff_change_only_leader_and_official_accounts_that_serve_none_but_their_districts(world):
    from accounts.models import User

    staff = world.users["staff"]
    two_districts = UserFactory(username="leader-of-two", role="leader", districts=[world.own, world.foreign])
    own_staff = UserFactory(username="staff2", role="staff", districts=[world.own])
    readable = set(scoped(User.objects.all(), staff))
    assert {two_districts, own_staff, world.users["leader"], world.users["official"]} <= readable
    for action in (CHANGE, CREATE):
        changeable = set(scoped(User.objects.all(), staff, action))
        assert changeable == {world.users["leader"], world.users["official"]}
    assert not scoped(User.objects.all(), staff, DELETE).exists()
    assert not scoped(User.objects.all(), world.users["leader"], CHANGE).exists()
    assert set(scoped(User.objects.all(), world.users["admin"], CHANGE)) == set(User.objects.all())


def test_staff_write_scope_stops_at_its_districts(world):
    staff = world.users["staff"]
    assert world.foreign_official not in scoped(Official.objects.all(), staff, CHANGE)
    assert world.own_official in scoped(Official.objects.all(), staff, DELETE)


def test_account_in_two_districts_sees_both_without_duplicates(world):
    staff = world.users["staff"]
    staff.districts.add(world.foreign)
    assert scoped(District.objects.all(), staff).count() == 2
    from accounts.models import User

    rows = list(scoped(User.objects.all(), staff))
    assert len(rows) == len(set(rows))


def test_unregistered_model_is_refused_loudly(world):
    with pytest.raises(ImproperlyConfigured):
        scoped(Group.objects.all(), world.users["staff"])


def test_history_rows_scope_like_their_model(world):
    history = Official.history.model.objects.all()
    visible = {h.id for h in scoped(history, world.users["staff"])}
    assert visible == {world.own_official.pk, world.other_official.pk}


def test_admin_site_is_for_managing_roles(world):
    assert may_use_admin(world.users["staff"]) and may_use_admin(world.users["leader"])
    assert not may_use_admin(world.users["official"])
    assert not may_use_admin(AnonymousUser())


def test_districts_of(world):
    assert list(districts_of(world.users["foreign_staff"])) == [world.foreign]


def _paths_to_cycle(model) -> list[list[str]]:
    """The shortest chains of forward foreign keys from `model` to cycles.Cycle (all of the
    shortest length), e.g. [["progress", "pledge", "cycle"]] for Evidence; [] when none. Only
    required keys count: a row with an optional link to a cycle (a supervision entry's proposed
    cycle) does not belong to that cycle."""
    frontier, seen = [(model, [])], {model}
    while frontier:
        found = [path for m, path in frontier if m is Cycle and path]
        if found:
            return found
        step = []
        for m, path in frontier:
            for field in m._meta.get_fields():
                if (field.many_to_one or field.one_to_one) and field.concrete and not field.null \
                        and field.related_model not in seen:
                    step.append((field.related_model, path + [field.name]))
        seen |= {m for m, _ in step}
        frontier = step
    return []


def _cycle_owned_models():
    from accounts.scoping import registered

    return [m for m in registered() if m is not Cycle and _paths_to_cycle(m)]


def test_the_cycle_owned_models_are_found_by_their_foreign_keys():
    from pledges.models import Evidence, Pledge

    found = _cycle_owned_models()
    assert Pledge in found and Evidence in found and Official not in found and Unit not in found
    assert _paths_to_cycle(Evidence) == [["progress", "pledge", "cycle"]]


@pytest.mark.parametrize("model", _cycle_owned_models(), ids=lambda m: m._meta.label)
def test_rows_of_a_cycle_belong_to_the_cycles_district(model):
    """SPEC section 1: a row that belongs to a cycle belongs to the cycle's district for good, so
    its district lookup goes through its (shortest) path to the cycle — never through an
    official's or a unit's current district, which changes when the official or unit moves."""
    from accounts.scoping import scope_for

    lookups = {"__".join(path + ["district"]) for path in _paths_to_cycle(model)}
    assert scope_for(model).district in lookups


# --- the registry: declared in each app's scopes.py, checked at start-up -------------------------


def test_a_model_cannot_be_given_a_second_scope():
    from django.core.exceptions import ImproperlyConfigured

    from accounts.scoping import Scope, register, scope_for

    before = scope_for(Cycle)
    with pytest.raises(ImproperlyConfigured, match="already has a district scope"):
        register(Cycle, Scope(district=None))  # a second registration would open the cycles to everyone
    assert scope_for(Cycle) is before


def test_every_project_model_has_a_scope_or_a_reason_and_the_start_up_check_says_which_not(monkeypatch):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from accounts import checks, scoping
    from evaluations.models import UnitScore

    # given the project as it is: the check passes, and covers the models of every project app
    assert checks.every_model_has_a_scope() == []
    labels = {m._meta.app_label for m in checks._project_models()}
    assert {"accounts", "org", "cycles", "pledges", "evaluations", "boards", "excel"} <= labels
    assert not any(m._meta.app_label in ("auth", "axes", "django_celery_results") for m in checks._project_models())
    # when a model's registration is forgotten
    monkeypatch.setattr(scoping, "_REGISTRY", {m: s for m, s in scoping.registered().items() if m is not UnitScore})
    # then start-up fails, naming it
    (error,) = checks.every_model_has_a_scope()
    assert error.id == "accounts.E001" and "evaluations.UnitScore" in error.msg
    with pytest.raises(SystemCheckError, match="evaluations.UnitScore has no district scope"):
        call_command("check")
