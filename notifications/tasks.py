from celery import shared_task


@shared_task(name="notifications.send_digest")
def notifications_digest_task() -> int:
    """Daily (Celery beat, after the reminders): mail each account its unread notifications.
    Idempotent: what was mailed is marked and never mailed again."""
    from .services import notifications_digest_send

    return notifications_digest_send()
