"""compute.load_inputs reads the quarters a pledge must be scored in as quarters_to_score does,
whatever its milestones hold (on PostgreSQL the database reads them)."""
import pytest
from django.db import connection

from evaluations import compute
from pledges.models import Pledge
from pledges.rules import quarters_to_score

pytestmark = pytest.mark.django_db

ODD_MILESTONES = [
    [{"quarter": 2, "description": "节点"}, {"quarter": 3, "description": "节点"}],
    [{"quarter": 4, "description": "节点"}, {"quarter": 1, "description": "节点"}],
    [{"quarter": 3, "description": "节点"}],
    [],
    [{"quarter": True}, {"quarter": 1.0}, {"quarter": "2"}, {"quarter": 5}, {"quarter": 0}, {"quarter": None}],
    [{"quarter": True}, {"quarter": 3}, "第二季度", 2, {"description": "无季度"}],
    {"quarter": 2},
    "1",
]


def test_the_quarters_to_score_follow_the_milestones_whatever_they_hold(world, scored_year):
    rows = scored_year[world.own_official.pk] + scored_year[world.other_official.pk]  # six pledges
    for start in range(0, len(ODD_MILESTONES), len(rows)):
        cases = {}
        for pledge, milestones in zip(rows, ODD_MILESTONES[start:start + len(rows)], strict=False):
            Pledge.objects.filter(pk=pledge.pk).update(milestones=milestones)
            cases[pledge.pk] = tuple(quarters_to_score(
                milestones, kind=pledge.kind, cycle_year=world.own_cycle.year,
                appointed_on=pledge.official.appointed_on))
        inputs, _units = compute.load_inputs(world.own_cycle)
        read = {p.pledge_id: p.required for o in inputs for p in o.pledges}
        assert {pk: read[pk] for pk in cases} == cases
        if start == 0:
            assert [cases[p.pk] for p in rows[:3]] == [(2, 3), (1, 2, 3, 4), (3,)]


def test_a_compute_drops_the_result_of_an_official_no_longer_reviewed(world, full_year):
    from evaluations.models import Result
    from org.models import Official
    from pledges.models import Pledge

    compute.cycle_compute(cycle=full_year)
    kept = Result.objects.get(cycle=full_year, official=world.own_official).pk
    Pledge.objects.filter(official=world.other_official).delete()
    Official.objects.filter(pk=world.other_official.pk).update(is_principal=False)
    compute.cycle_compute(cycle=full_year)
    assert list(Result.objects.filter(cycle=full_year).values_list("official_id", flat=True)) == [world.own_official.pk]
    if connection.vendor == "postgresql":  # updated in place there (delete and insert elsewhere)
        assert Result.objects.get(cycle=full_year, official=world.own_official).pk == kept
