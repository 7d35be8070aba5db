"""The roll-up of several districts and "compute all" (SPEC section 13): one row per district the
account serves, a fixed number of queries however many districts, and one Celery group of
computes with its progress."""
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from cycles.models import Cycle, TaskRecord
from evaluations.models import Result
from tests.factories import CycleFactory, DistrictFactory, OfficialFactory, UnitFactory, UserFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


def add_districts(n: int, *, state: str = "in_progress", prefix: str = "extra") -> list:
    """`n` more districts, each with a unit, two principal officials and a cycle in `state`."""
    made = []
    for i in range(n):
        district = DistrictFactory(name=f"{prefix}区{i}", code=f"{prefix}{i}")
        unit = UnitFactory(district=district)
        OfficialFactory.create_batch(2, unit=unit)
        CycleFactory(district=district, year=2026, state=state)
        made.append(district)
    return made


@pytest.fixture
def city_staff(world):
    """Staff of the own district and of two more (a city organization department)."""
    extra = add_districts(2)
    return UserFactory(username="city", role=Role.STAFF, districts=[world.own, *extra])


def rollup_rows(api, user):
    response = api.as_(user).get("/api/v1/rollup/")
    assert response.status_code == 200, response.content
    return response.json()["districts"]


def test_rollup_shows_each_served_district_and_no_other(api, world, city_staff, full_year):
    # when the city staff reads the roll-up
    rows = rollup_rows(api, city_staff)
    # then its three districts, by code, and nothing of the foreign one
    assert [r["district_code"] for r in rows] == ["extra0", "extra1", "shibei"]
    own = rows[-1]
    assert own["officials"] == 2 and own["cycle"] == world.own_cycle.pk and own["state"] == "evaluating"
    assert (own["pledges_filed"], own["pledges_approved"]) == (6, 6)
    assert own["results"] == 0 and own["computable"] is True and own["finalized"] is False
    body = api.as_(city_staff).get("/api/v1/rollup/").content.decode()
    assert FOREIGN_MARKER not in body
    # the page too
    from django.test import Client

    client = Client()
    client.force_login(city_staff)
    page = client.get("/evaluations/rollup/").content.decode()
    assert "extra区0" in page and "市北区" in page and FOREIGN_MARKER not in page


def test_single_district_staff_and_admin_see_their_districts(api, world):
    assert [r["district_code"] for r in rollup_rows(api, world.users["staff"])] == ["shibei"]
    assert [r["district_code"] for r in rollup_rows(api, world.users["foreign_staff"])] == ["laoshan"]
    assert [r["district_code"] for r in rollup_rows(api, world.users["admin"])] == ["laoshan", "shibei"]
    assert api.as_(world.users["official"]).get("/api/v1/rollup/").status_code == 403
    assert api.get("/api/v1/rollup/").status_code == 401


def test_compute_all_computes_every_computable_district_and_reports_progress(api, world, city_staff, full_year):
    # given a fourth district of the city staff still in planning (not computable)
    planning = add_districts(1, state="planning", prefix="plan")[0]
    city_staff.districts.add(planning)
    # when the staff computes all (tasks run in-process here)
    response = api.as_(city_staff).post("/api/v1/rollup/compute/", {}, format="json")
    # then one task per computable district, all done, and the planning one named as skipped
    assert response.status_code == 202, response.content
    started = response.json()
    assert (started["total"], started["done"], started["failed"], started["state"]) == (3, 3, 0, "success")
    assert [s["district"] for s in started["skipped"]] == [planning.pk]
    assert "筹备" in started["skipped"][0]["reason"]
    assert Result.objects.filter(cycle=world.own_cycle).count() == 2
    assert TaskRecord.objects.filter(kind="compute", requested_by=city_staff).count() == 3
    status = api.as_(city_staff).get(f"/api/v1/rollup/compute/{started['group_id']}/").json()
    assert (status["done"], status["total"], status["progress"]) == (3, 3, 100)
    # the roll-up now shows the own district's grades
    own = next(r for r in rollup_rows(api, city_staff) if r["district_code"] == "shibei")
    assert own["results"] == 2 and own["grades"] == {"good": 2, "average": 0, "poor": 0, "none": 0}
    assert own["averages"]["composite"] is not None
    # another district's staff does not see the group; the own district's staff sees its task only
    assert api.as_(world.users["foreign_staff"]).get(f"/api/v1/rollup/compute/{started['group_id']}/"
                                                     ).status_code == 404
    mine = api.as_(world.users["staff"]).get(f"/api/v1/rollup/compute/{started['group_id']}/").json()
    assert [t["district"] for t in mine["tasks"]] == [world.own.pk]


def test_compute_all_of_chosen_districts_only(api, world, city_staff, full_year):
    response = api.as_(city_staff).post("/api/v1/rollup/compute/", {"districts": [world.own.pk]}, format="json")
    assert response.status_code == 202
    assert [t["district"] for t in response.json()["tasks"]] == [world.own.pk]
    # a district it does not serve is refused by id, whether it exists or not
    refused = api.as_(city_staff).post("/api/v1/rollup/compute/", {"districts": [world.foreign.pk, 999999]},
                                       format="json")
    assert refused.status_code == 400
    assert str(world.foreign.pk) in refused.json()["errors"]["districts"][0]
    bad = api.as_(city_staff).post("/api/v1/rollup/compute/", {"districts": "all"}, format="json")
    assert bad.status_code == 400 and "districts" in bad.json()["errors"]


def test_a_failed_compute_is_named_and_the_others_still_run(api, world, city_staff, full_year, settings):
    """One district's compute fails (a fault point): the group goes on, and its status names it."""
    settings.FAULT_POINTS = {"compute:before-write": "raise"}
    started = api.as_(city_staff).post("/api/v1/rollup/compute/", {}, format="json").json()
    assert (started["state"], started["failed"], started["done"]) == ("failure", 3, 3)
    assert {f["district_name"] for f in started["failures"]} == {"市北区", "extra区0", "extra区1"}
    assert "injected fault" in started["failures"][0]["error"]
    from django.test import Client

    client = Client()
    client.force_login(city_staff)
    page = client.get(f"/evaluations/rollup/?run={started['group_id']}").content.decode()
    assert "injected fault" in page and "extra区1" in page


def test_read_only_roles_cannot_compute_all(api, world, client):
    assert api.as_(world.users["leader"]).post("/api/v1/rollup/compute/", {}, format="json").status_code == 403
    client.force_login(world.users["leader"])
    assert client.post("/evaluations/rollup/compute/").status_code == 403
    assert "compute-all" not in client.get("/evaluations/rollup/").content.decode()
    assert not TaskRecord.objects.exists()


def test_compute_all_from_the_page_follows_the_group(client, world, full_year):
    client.force_login(world.users["staff"])
    response = client.post("/evaluations/rollup/compute/", {"district": [str(world.own.pk)]})
    assert response.status_code == 302 and "?run=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert 'id="run"' in page and "1 / 1" in page


@pytest.mark.parametrize("extra", [0, 12])
def test_rollup_runs_a_fixed_number_of_queries(api, client, world, full_year, extra, django_assert_max_num_queries):
    """The same number of queries with 2 districts or 14 (the roll-up page and its API)."""
    add_districts(extra)
    admin = world.users["admin"]
    started = api.as_(admin).post("/api/v1/rollup/compute/", {}, format="json").json()
    client.force_login(admin)
    with django_assert_max_num_queries(10):
        page = client.get(f"/evaluations/rollup/?run={started['group_id']}")
    assert page.status_code == 200
    token_client = api.as_(admin)
    with django_assert_max_num_queries(8):
        assert len(token_client.get("/api/v1/rollup/").json()["districts"]) == 2 + extra
    with django_assert_max_num_queries(6):
        status = token_client.get(f"/api/v1/rollup/compute/{started['group_id']}/").json()
    assert status["total"] == (1 + extra)  # the foreign district's cycle is in planning


def test_rollup_counts_no_more_queries_for_more_districts(client, world):
    admin = world.users["admin"]
    client.force_login(admin)
    counts = []
    for n in (0, 5):
        add_districts(n, prefix=f"n{n}x")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/evaluations/rollup/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.worker
def test_real_workers_compute_all_as_a_group(celery_worker_process, world_committed):
    """Compute all through Redis and a real worker: every district's task succeeds, the group's
    progress reaches n of n, and the Results are in the database."""
    from cycles import selectors
    from evaluations import rollup

    world, cycle = world_committed
    extra = add_districts(2)
    staff = UserFactory(username="city", role=Role.STAFF, districts=[world.own, *extra])
    group_id, started, _ = rollup.rollup_compute_start(actor=staff, queue=celery_worker_process)
    assert {c.pk for c in started} == {cycle.pk, *Cycle.objects.filter(district__in=extra).values_list("pk", flat=True)}
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        status = selectors.task_group_status(staff, group_id)
        if status["state"] != "running":
            break
        time.sleep(0.3)
    assert (status["state"], status["done"], status["total"], status["progress"]) == ("success", 3, 3, 100), status
    assert Result.objects.filter(cycle=cycle).count() == 2
