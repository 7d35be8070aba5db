from celery import shared_task


@shared_task(bind=True, name="boards.publish", acks_late=True)
def board_publish_task(self, cycle_id: int, actor_id: int | None = None) -> dict:
    """Publish a cycle's board. A crash before the final transaction commits leaves the live
    board as it was; a rerun publishes a whole new version."""
    from accounts.models import User
    from cycles.models import Cycle

    from .services import board_publish

    self.update_state(state="PROGRESS", meta={"progress": 10})
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    version = board_publish(actor=actor, cycle=Cycle.objects.get(pk=cycle_id))
    return {"version": version.number}


@shared_task(name="boards.republish_due")
def boards_republish_due_task() -> list[int]:
    """Beat: republish the boards whose cycle released a quarter since their live version."""
    from cycles.models import Cycle

    from .services import board_publish, boards_due_for_republish

    published = []
    for cycle_id in boards_due_for_republish():
        board_publish(actor=None, cycle=Cycle.objects.get(pk=cycle_id))
        published.append(cycle_id)
    return published
