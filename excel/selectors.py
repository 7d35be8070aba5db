"""Reads of the Excel app."""
from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from accounts.scoping import EXPORT, scoped

from .models import ExportFile, ImportRecord


def export_file_for(user, pk) -> ExportFile | None:
    """The export file `pk`, if `user` may open it (accounts.scoping: the cycle's district, a
    role that exports, the requester's role)."""
    return scoped(ExportFile.objects.select_related("cycle__district"), user, EXPORT).filter(pk=pk).first()


def export_files_of(user, cycle) -> QuerySet:
    """The user's own recent exports of the cycle."""
    return scoped(ExportFile.objects.filter(cycle=cycle, requested_by=user), user)[:10]


def imports_of(user, cycle) -> QuerySet:
    return scoped(ImportRecord.objects.filter(cycle=cycle), user).select_related("imported_by")[:10]


def export_page_url(record) -> str:
    """The cycle's Excel page showing the background export of the TaskRecord `record` (its
    progress, then the download); the plain page when the export is gone."""
    url = reverse("excel:cycle", args=[record.cycle_id])
    export_id = ExportFile.objects.filter(task_id=record.task_id).values_list("pk", flat=True).first()
    return f"{url}?export={export_id}" if export_id else url
