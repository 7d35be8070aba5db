from django.core.management.base import BaseCommand, CommandError

from cadreboard.celery import app
from cadreboard.tasks import worker_check_task


class Command(BaseCommand):
    help = "Send a task to the Celery workers and wait for the answer (checks broker, worker and database)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait (default 30)")
        parser.add_argument("--queue", default=None, help="queue to send to (default: the default queue)")

    def handle(self, *args, timeout, queue, **options):
        if app.conf.task_always_eager:
            raise CommandError("REDIS_URL is not set: tasks run in-process (eager), there is no worker to check.")
        try:
            answer = worker_check_task.apply_async(queue=queue).get(timeout=timeout)
        except Exception as exc:  # the broker or the worker did not answer in time
            raise CommandError(f"No worker answered within {timeout:g} s: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"worker {answer['worker']} answered; it sees {answer['districts']} districts"
        ))
