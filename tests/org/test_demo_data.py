"""`manage.py demo_data`: the 市北区 demo — what it builds, that a second run writes
nothing, that a partial database is completed, that the data is the same on every run, and that
it tells the user how to log in."""
import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models, transaction

from accounts.models import Role, User
from cycles.models import Cycle
from demo.management.commands import demo_data
from org.models import District, Official, Post, RankLevel, Unit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Pin the current year so the cycle years do not depend on when the suite runs."""
    monkeypatch.setattr(demo_data.timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def no_pledges(monkeypatch):
    """The pledge, score and board parts (about 45 s a run) have their own tests with the full
    command in tests/test_demo.py; here they are left out and only the pledges' place in the
    build is checked."""
    calls = []

    def build(district, *, today):
        calls.append((district.code, today, sorted(Cycle.objects.values_list("year", "state")),
                      User.objects.filter(username="staff").exists()))
        return {"pledges": 0, "revisions": 0, "progress": 0, "evidence": 0}

    monkeypatch.setattr(demo_data, "build_demo_pledges", build)
    monkeypatch.setattr(demo_data, "build_demo_scores", lambda district, *, today: {"scores": 0, "finalized": 0})
    monkeypatch.setattr(demo_data, "build_demo_boards", lambda district, *, today: {"boards": 0})
    return calls


def run(*args) -> str:
    out = io.StringIO()
    # The test settings run with DEBUG off, as production does: the demo needs --force there.
    call_command("demo_data", "--force", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_refuses_to_run_with_debug_off_unless_forced():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--force"):
        call_command("demo_data", stdout=io.StringIO())
    assert not District.objects.filter(code="shibei").exists()


def officials_snapshot():
    """Every official with its posts, as plain values that compare across runs."""
    return sorted(
        (
            o.name, o.unit.name, o.position, o.rank_level, o.appointed_on, o.is_principal,
            tuple(sorted(
                (p.unit.name, p.position, p.rank_level, p.started_on, p.ended_on)
                for p in o.posts.all()
            )),
        )
        for o in Official.objects.select_related("unit").prefetch_related("posts__unit")
    )


def row_counts():
    models = (District, Unit, Official, Post, User, Cycle)
    return {
        model.__name__: (model.objects.count(), model.history.count()) for model in models
    }


class _Rollback(Exception):
    pass


def run_and_roll_back():
    """Build the demo on an empty database, read it, and undo it (a fresh database each call)."""
    try:
        with transaction.atomic():
            run("--quiet")
            snapshot = officials_snapshot()
            raise _Rollback
    except _Rollback:
        return snapshot


def test_builds_shibei_with_98_principals_and_three_cycles():
    run("--quiet")

    district = District.objects.get()
    assert (district.name, district.code) == ("市北区", "shibei")
    units = Unit.objects.filter(district=district)
    assert 40 <= units.count() <= 50
    assert {u.kind for u in units} == {Unit.Kind.DEPARTMENT, Unit.Kind.STREET, Unit.Kind.OTHER}
    streets = set(units.filter(kind=Unit.Kind.STREET).values_list("name", flat=True))
    assert {"辽宁路街道", "台东街道", "浮山新区街道", "双山街道", "湖岛街道"} <= streets
    assert units.filter(name="区人力资源和社会保障局", kind=Unit.Kind.DEPARTMENT).exists()

    officials = Official.objects.filter(unit__district=district)
    assert officials.filter(is_principal=True).count() == 98
    assert officials.count() == 98
    names = list(officials.values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert all(2 <= len(name) <= 3 for name in names)
    # Every unit is led by one or two principals; streets by a 党工委书记 and a 办事处主任.
    for unit in units:
        assert 1 <= unit.officials.count() <= 2, unit.name
    for street in units.filter(kind=Unit.Kind.STREET):
        positions = set(street.officials.values_list("position", flat=True))
        assert positions == {"党工委书记", "党工委副书记、办事处主任"}
    ranks = set(officials.values_list("rank_level", flat=True))
    assert ranks == {RankLevel.DIVISION_CHIEF, RankLevel.DEPUTY_DIVISION_CHIEF}
    dates = list(officials.values_list("appointed_on", flat=True))
    assert min(dates) >= datetime.date(2018, 1, 1)
    assert max(dates) <= datetime.date(2026, 12, 31)
    assert 1 <= sum(d.year == 2026 for d in dates) <= 10  # a few newly appointed this year

    states = dict(Cycle.objects.filter(district=district).values_list("year", "state"))
    assert states == {2024: "evaluating", 2025: "evaluating", 2026: "in_progress"}


def test_pledges_are_built_while_the_new_cycles_are_in_planning(no_pledges):
    run("--quiet")

    # Called once, with the new cycles still open for filing and the reviewer's account in place.
    assert no_pledges == [("shibei", TODAY, [(2024, "planning"), (2025, "planning"), (2026, "planning")], True)]


def test_accounts_one_per_role_with_the_demo_password():
    run("--quiet")

    district = District.objects.get(code="shibei")
    accounts = {u.username: u for u in User.objects.all()}
    assert set(accounts) == {"admin", "staff", "leader", "official"}
    for username, role in [("admin", Role.ADMIN), ("staff", Role.STAFF), ("leader", Role.LEADER),
                           ("official", Role.OFFICIAL)]:
        user = accounts[username]
        assert user.role == role
        assert user.check_password(demo_data.DEMO_PASSWORD)
        assert user.is_active
    assert demo_data.DEMO_PASSWORD == "Cadreboard-2026"
    # The role flags come from accounts.services, as for any account.
    assert accounts["admin"].is_superuser and accounts["admin"].is_staff
    assert accounts["staff"].is_staff and not accounts["staff"].is_superuser
    assert accounts["leader"].is_staff and not accounts["leader"].is_superuser
    assert not accounts["official"].is_staff and not accounts["official"].is_superuser
    assert list(accounts["admin"].districts.all()) == []
    for username in ("staff", "leader", "official"):
        assert list(accounts[username].districts.all()) == [district]
    linked = accounts["official"].official
    assert linked is not None
    assert linked.unit.name == "区人力资源和社会保障局"
    assert linked.is_principal
    assert accounts["official"].first_name == linked.name


def test_every_official_has_one_open_post_matching_the_official_and_a_consistent_history():
    run("--quiet")

    with_history = 0
    for official in Official.objects.prefetch_related("posts"):
        posts = sorted(official.posts.all(), key=lambda p: p.started_on)
        open_posts = [p for p in posts if p.ended_on is None]
        assert len(open_posts) == 1, official.name
        current = open_posts[0]
        assert current is posts[-1]
        assert (current.unit_id, current.position, current.rank_level, current.started_on) == (
            official.unit_id, official.position, official.rank_level, official.appointed_on
        )
        earlier = posts[:-1]
        assert len(earlier) <= 2
        with_history += bool(earlier)
        for post, following in zip(earlier, posts[1:], strict=True):
            assert post.started_on <= post.ended_on < following.started_on
            assert post.unit_id != official.unit_id
            assert post.unit.district_id == official.unit.district_id
    assert 15 <= with_history <= 45  # about 30 % of 98


def test_second_run_writes_nothing():
    run("--quiet")
    before, snapshot = row_counts(), officials_snapshot()

    output = run()

    assert row_counts() == before  # no new rows, not even audit history rows
    assert officials_snapshot() == snapshot
    assert "officials 0" in output and "accounts 0" in output and "cycles 0" in output
    assert "pledges 0" in output and "progress 0" in output


def test_completes_a_partial_database():
    run("--quiet")
    full, counts = officials_snapshot(), {m: c for m, (c, _) in row_counts().items()}
    holder = User.objects.get(username="official").official
    gone = list(
        Official.objects.exclude(pk=holder.pk).filter(unit__kind=Unit.Kind.STREET).values_list("pk", flat=True)[:3]
    )
    # records kept for good (learning points, contests, competencies, appeals) protect an official
    # from deletion: remove theirs first, as an operator clearing a partial database would
    for relation in Official._meta.related_objects:
        if relation.on_delete is models.PROTECT:
            relation.related_model.objects.filter(**{relation.field.name + "__in": gone}).delete()
    Official.objects.filter(pk__in=gone).delete()
    User.objects.filter(username="leader").delete()
    Cycle.objects.filter(year=2025).delete()
    staff = User.objects.get(username="staff")
    staff.set_password("changed-by-someone")
    staff.save()

    run("--quiet")

    assert officials_snapshot() == full
    assert {m: c for m, (c, _) in row_counts().items()} == counts
    assert Cycle.objects.get(year=2025).state == "evaluating"
    assert User.objects.get(username="leader").check_password(demo_data.DEMO_PASSWORD)
    # An existing account is left alone.
    assert User.objects.get(username="staff").check_password("changed-by-someone")


def test_existing_cycle_keeps_its_state():
    district = District.objects.create(name="市北区", code="shibei")
    Cycle.objects.create(district=district, year=2026, pledge_deadline=datetime.date(2026, 1, 31))

    run("--quiet")

    assert Cycle.objects.get(year=2026).state == "planning"
    assert Cycle.objects.count() == 3


def test_same_data_on_every_fresh_run():
    first = run_and_roll_back()
    assert Official.objects.count() == 0  # really rolled back: the second run starts empty
    second = run_and_roll_back()

    assert len(first) == 98
    assert first == second


def test_plan_does_not_depend_on_the_process():
    """Names and dates must not depend on hash randomization (no set iteration order)."""
    code = (
        "import django, json; django.setup();"
        "from demo.management.commands.demo_data import build_plan;"
        "print(json.dumps([[o.unit, o.name, o.position, str(o.appointed_on),"
        " [[p.unit, str(p.started_on), str(p.ended_on)] for p in o.earlier_posts]]"
        " for o in build_plan()], ensure_ascii=False))"
    )
    here = [
        [o.unit, o.name, o.position, str(o.appointed_on),
         [[p.unit, str(p.started_on), str(p.ended_on)] for p in o.earlier_posts]]
        for o in demo_data.build_plan()
    ]
    env = {**os.environ, "PYTHONHASHSEED": "4242", "DJANGO_SETTINGS_MODULE": "cadreboard.settings.test",
           "LOG_LEVEL": "WARNING"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=True,
    )
    assert json.loads(result.stdout) == here


def test_cycles_follow_the_current_year(monkeypatch):
    monkeypatch.setattr(demo_data.timezone, "localdate", lambda *args, **kwargs: datetime.date(2030, 2, 1))

    run("--quiet")

    states = dict(Cycle.objects.values_list("year", "state"))
    assert states == {2028: "evaluating", 2029: "evaluating", 2030: "in_progress"}


def test_prints_the_url_and_the_logins():
    output = run()

    assert "http://127.0.0.1:8000/" in output
    assert "Cadreboard-2026" in output
    for username in ("admin", "staff", "leader", "official"):
        assert f"  {username} " in output
    holder = User.objects.get(username="official").official
    assert holder.name in output
    assert "98" in output


def test_prints_the_address_it_is_served_at_when_given():
    """scripts/demo.sh passes the address it serves (PORT), and the board's address follows it."""
    output = run("--url", "http://127.0.0.1:8123")

    assert "访问地址 / open: http://127.0.0.1:8123/\n" in output
    assert "公示 / public board: http://127.0.0.1:8123/boards/shibei/" in output
    assert "8000" not in output
    assert "runserver" not in output  # demo.sh starts the server itself


def test_refuses_an_address_that_is_not_http():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--url"):
        run("--url", "127.0.0.1:8123")
    assert not District.objects.filter(code="shibei").exists()


def test_quiet_leaves_out_the_login_table():
    output = run("--quiet")

    assert "Cadreboard-2026" not in output
    assert "127.0.0.1:8000" not in output
    assert "98" in output  # the one-line summary stays
