"""The pledge services: submitting all drafts at once (all or none), and the row locks they take
(PostgreSQL)."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from cycles.models import Cycle
from pledges import services
from pledges.models import Pledge
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


@pytest.mark.django_db
def test_submit_all_rolls_back_the_drafts_already_submitted_when_a_later_one_is_refused(world, filed):
    """The first drafts pass pledge_submit; the last is no longer a draft: none stays submitted."""
    actor = world.users["official"]
    services.pledge_submit(actor=actor, pledge=filed[2])
    with pytest.raises(ValidationError) as refused:
        services.pledges_submit_all(actor=actor, pledges=filed)
    assert list(refused.value.message_dict) == [str(filed[2].pk)]
    assert [Pledge.objects.get(pk=p.pk).status for p in filed] == ["draft", "draft", "submitted"]
    assert Pledge.history.filter(status="submitted").count() == 1  # no audit record left behind


@pytest.mark.django_db
def test_submit_all_submits_every_draft_with_its_audit_record(world, filed):
    submitted = services.pledges_submit_all(actor=world.users["official"], pledges=filed)
    assert {p.status for p in submitted} == {"submitted"}
    assert all(p.submitted_at for p in Pledge.objects.all())
    assert set(Pledge.history.filter(history_change_reason="提交审核").values_list("id", flat=True)) == {
        p.pk for p in filed}


@pytest.mark.django_db
def test_submit_all_takes_one_officials_drafts_of_one_kind(world, filed):
    theirs = services.pledge_create(actor=None, official=world.other_official, cycle=world.own_cycle,
                                    **pledge_body("key_work"))
    with pytest.raises(ValidationError, match="同一干部"):
        services.pledges_submit_all(actor=None, pledges=[*filed, theirs])
    with pytest.raises(ValidationError, match="没有可以提交的草稿"):
        services.pledges_submit_all(actor=None, pledges=[])
    assert set(Pledge.objects.values_list("status", flat=True)) == {"draft"}
