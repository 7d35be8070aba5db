"""Operational tasks."""
import socket

from celery import shared_task


@shared_task(name="cadreboard.worker_check")
def worker_check_task():
    """Prove a worker is alive and reaches the database: answer its host and the district count.

    `python manage.py check_worker` sends it and waits for the answer."""
    from org.models import District

    return {"worker": socket.gethostname(), "districts": District.objects.count()}
