import pytest

from cycles.models import Cycle
from pledges import services as pledge_services
from tests.pledges.conftest import pledge_body


@pytest.fixture
def published_world(world):
    """The own cycle in progress with the own official's three pledges approved and one draft of
    the other official (never to be published)."""
    staff, account = world.users["staff"], world.users["official"]
    rows = [pledge_services.pledge_create(actor=account, official=world.own_official, cycle=world.own_cycle,
                                          **pledge_body(c)) for c in ("party_building", "innovation", "key_work")]
    for row in rows:
        pledge_services.pledge_submit(actor=account, pledge=row)
    approved = [pledge_services.pledge_approve(actor=staff, pledge=r, difficulty=3, innovation=3, contribution=2)
                for r in rows]
    draft = pledge_services.pledge_create(actor=None, official=world.other_official, cycle=world.own_cycle,
                                          **pledge_body("key_work", title="草稿目标不应公示"))
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="in_progress")
    world.own_cycle.refresh_from_db()
    return {"approved": approved, "draft": draft}
