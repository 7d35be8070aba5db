"""Reads of the Excel app."""
from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role
from accounts.scoping import EXPORT, scoped

from .models import ExportFile, ImportRecord


def export_file_for(user, pk) -> ExportFile | None:
    """The finished export file `pk`, if `user` may open it: in the cycle's district (scoping)
    and of the requester's role — an export a staff member started is not a leader's to take."""
    record = scoped(ExportFile.objects.select_related("cycle__district"), user, EXPORT).filter(pk=pk).first()
    if record is None:
        return None
    if user.role != Role.ADMIN and user.role != record.role:
        return None
    return record


def export_files_of(user, cycle) -> QuerySet:
    """The user's own recent exports of the cycle."""
    return scoped(ExportFile.objects.filter(cycle=cycle, requested_by=user), user)[:10]


def imports_of(user, cycle) -> QuerySet:
    return scoped(ImportRecord.objects.filter(cycle=cycle), user).select_related("imported_by")[:10]
