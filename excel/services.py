"""Writes of the Excel app: starting a background export and writing its file."""
from __future__ import annotations

import os
import tempfile
import uuid

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_event
from cycles.models import Cycle
from cycles.services import task_start

from . import exports
from .models import ExportFile


def export_file_start(*, actor, cycle: Cycle, name: str, options: dict) -> ExportFile:
    """Record an export for `actor` and send it to a worker; raises QueueUnavailable (nothing
    kept) when the queue cannot take it."""
    from .tasks import export_file_task

    if name not in exports.EXPORTS:
        raise exports.UnknownExport(name)
    record = ExportFile.objects.create(task_id=f"pending-{uuid.uuid4()}", cycle=cycle, name=name, options=options,
                                       requested_by=actor, role=actor.role)
    try:
        task_id = task_start(actor=actor, cycle=cycle, kind="export", task=export_file_task, args=[record.pk])
    except Exception:
        record.delete()
        raise
    ExportFile.objects.filter(pk=record.pk).update(task_id=task_id)
    record.task_id = task_id
    audit_event(actor=actor, action="export", target=f"cycle {cycle.pk} {name}.xlsx",
                detail=_("后台生成（任务 {task}）{options}").format(task=task_id, options=options or "").strip())
    return record


def export_file_write(*, export_id: int, progress=None) -> dict:
    """Write the export file of `export_id` as its requester may see the data."""
    record = ExportFile.objects.select_related("cycle__district", "requested_by").get(pk=export_id)
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        rows = exports.export_write(cycle=record.cycle, user=record.requested_by, name=record.name,
                                    destination=path, options=record.options, progress=progress)
        with transaction.atomic():
            if record.file:
                record.file.delete(save=False)
            with open(path, "rb") as written:
                record.file.save(f"{record.task_id}.xlsx", File(written), save=False)
            record.rows = rows
            record.finished_at = timezone.now()
            record.save(update_fields=["file", "rows", "finished_at"])
    finally:
        os.unlink(path)
    return {"rows": rows, "export": record.pk, "download": reverse("excel:download", args=[record.pk])}


def export_files_prune(*, now=None) -> int:
    """Delete background export files (and their records) older than EXPORT_FILES_KEEP_DAYS;
    the number deleted. Idempotent."""
    import datetime

    from django.conf import settings

    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EXPORT_FILES_KEEP_DAYS)
    old = list(ExportFile.objects.filter(created_at__lt=cutoff))
    for record in old:
        if record.file:
            record.file.delete(save=False)
        record.delete()
    return len(old)
