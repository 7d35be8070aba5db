from celery import shared_task


@shared_task(name="development.flag_overdue_talks")
def due_talks_flag_overdue_task() -> int:
    """Daily (Celery beat, before the digest): tell staff about must-talks that became overdue.
    Idempotent: each overdue due talk is told once (notification key)."""
    from .services import due_talks_flag_overdue

    return due_talks_flag_overdue()
