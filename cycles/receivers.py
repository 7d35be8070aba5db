"""A long task that ends (in a worker, or in-process when tasks run eagerly) is announced to
whoever started it (services.task_finished_announce)."""
import logging

from celery import states as celery_states
from celery.signals import task_postrun

from . import services

log = logging.getLogger(__name__)


def task_finished(sender=None, task_id=None, state=None, retval=None, **kwargs):
    if state not in (celery_states.SUCCESS, celery_states.FAILURE):
        return  # a retry, or a task that was rejected or ignored: not finished
    try:
        services.task_finished_announce(task_id=task_id, succeeded=state == celery_states.SUCCESS,
                                        error="" if state == celery_states.SUCCESS else str(retval))
    except Exception:  # a notification must never change how the task ended
        log.exception("announcing the end of task %s failed", task_id)


def connect() -> None:
    task_postrun.connect(task_finished, weak=False, dispatch_uid="cycles.task_finished")
