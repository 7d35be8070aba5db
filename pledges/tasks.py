from celery import shared_task
from django.utils import timezone


@shared_task(name="pledges.record_reminders")
def reminders_record_task() -> int:
    """Daily (Celery beat): record and mail deadline reminders. Idempotent."""
    from .services import reminders_record

    return reminders_record(today=timezone.localdate())
