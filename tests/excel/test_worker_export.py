"""A large export written by a real Celery worker (CI: Redis and PostgreSQL): the task reports
progress to success, and the file it wrote opens with the rows."""
import time
import uuid

import pytest
from django.conf import settings

from cadreboard.celery import app
from tests.fixtures.excel import workbook_of
from tests.fixtures.workers import QueuedTask, start_worker
from tests.private_services import require_services

pytestmark = pytest.mark.worker


def test_real_worker_writes_an_export_file(world_committed, client):
    from cycles.selectors import task_status
    from cycles.services import task_start
    from excel.models import ExportFile
    from excel.tasks import export_file_task

    require_services()
    world, cycle = world_committed
    staff = world.users["staff"]
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_worker(queue, {"MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    app.conf.task_always_eager = False
    try:
        record = ExportFile.objects.create(task_id="pending", cycle=cycle, name="pledges", requested_by=staff,
                                           role=staff.role)
        task_id = task_start(actor=staff, cycle=cycle, kind="export", task=QueuedTask(export_file_task, queue),
                             args=[record.pk])
        ExportFile.objects.filter(pk=record.pk).update(task_id=task_id)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status = task_status(staff, task_id)
            if status["state"] in ("success", "failure"):
                break
            time.sleep(0.2)
        assert status["state"] == "success", status
        assert status["result"]["rows"] == 6
        client.force_login(staff)
        book = workbook_of(client.get(status["result"]["download"]))
        assert len(list(book.worksheets[0].iter_rows(min_row=3))) == 6
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(20)
