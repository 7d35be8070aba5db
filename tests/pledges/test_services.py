"""Row locks taken by the pledge services (PostgreSQL)."""
import threading

import pytest
from django.db import connection, connections, transaction

from cycles.models import Cycle
from pledges import services
from tests.fixtures.pledges import pledge_body


def test_editing_a_pledge_does_not_wait_for_a_lock_on_its_cycle(transactional_db):
    """A compute holds the cycle row for its whole transaction; a pledge edit meanwhile neither
    waits for it nor deadlocks with it: the edit locks the pledge row only."""
    from tests.fixtures.world import build_world

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    world = build_world()
    pledge = services.pledge_create(actor=None, official=world.own_official, cycle=world.own_cycle,
                                    **pledge_body("party_building"))
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="in_progress")
    locked, release = threading.Event(), threading.Event()

    def hold_the_cycle():
        try:
            with transaction.atomic():
                Cycle.objects.select_for_update().get(pk=world.own_cycle.pk)
                locked.set()
                release.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_cycle)
    holder.start()
    try:
        assert locked.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            services.pledge_update(actor=None, pledge=pledge, target="新的目标：全年完成不少于20项")
    finally:
        release.set()
        holder.join(30)
    pledge.refresh_from_db()
    assert pledge.target == "新的目标：全年完成不少于20项"
