"""Celery tasks of the evaluations app: thin — load ids, call a service, report progress."""
from celery import shared_task


@shared_task(bind=True, name="evaluations.compute", acks_late=True)
def cycle_compute_task(self, cycle_id: int) -> dict:
    """Compute a cycle's results (idempotent: a rerun after a crash gives the same Results)."""
    from cycles.models import Cycle

    from .compute import cycle_compute

    def progress(percent: int) -> None:
        self.update_state(state="PROGRESS", meta={"progress": percent})

    return cycle_compute(cycle=Cycle.objects.get(pk=cycle_id), progress=progress)
