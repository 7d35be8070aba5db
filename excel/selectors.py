"""Reads of the Excel app."""
from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role
from accounts.scoping import scoped

from .models import ExportFile, ImportRecord

# Exports hold every official's data: the roles that read a whole district.
EXPORT_ROLES = (Role.ADMIN, Role.STAFF, Role.LEADER)


def may_export(user) -> bool:
    return bool(user and user.is_authenticated and user.role in EXPORT_ROLES)


def export_file_for(user, pk) -> ExportFile | None:
    """The finished export file `pk`, if `user` may open it: in the cycle's district (scoping)
    and of the requester's role — an export a staff member started is not a leader's to take."""
    record = scoped(ExportFile.objects.select_related("cycle__district"), user).filter(pk=pk).first()
    if record is None or not may_export(user):
        return None
    if user.role != Role.ADMIN and user.role != record.role:
        return None
    return record


def export_files_of(user, cycle) -> QuerySet:
    """The user's own recent exports of the cycle."""
    return scoped(ExportFile.objects.filter(cycle=cycle, requested_by=user), user)[:10]


def imports_of(user, cycle) -> QuerySet:
    return scoped(ImportRecord.objects.filter(cycle=cycle), user).select_related("imported_by")[:10]
