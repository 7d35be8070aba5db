"""Pledges in the admin: for reading and searching. Changes go through the pledge pages and API,
where the workflow rules live; the scoping matrix gives staff no plain change permission."""
from django.contrib import admin

from accounts.admin_base import ScopedAdmin

from .models import Pledge, PledgeRevision, ProgressUpdate, Reminder


@admin.register(Pledge)
class PledgeAdmin(ScopedAdmin):
    list_display = ["title", "official", "cycle", "category", "status", "grade", "due_on"]
    list_filter = ["status", "category", "kind", "grade", "cycle"]
    search_fields = ["title", "content", "official__name"]
    list_select_related = ["official", "cycle__district"]


@admin.register(PledgeRevision)
class PledgeRevisionAdmin(ScopedAdmin):
    list_display = ["pledge", "number", "status", "proposed_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["pledge"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ScopedAdmin):
    list_display = ["pledge", "percent", "created_at", "author"]
    list_select_related = ["pledge", "author"]


@admin.register(Reminder)
class ReminderAdmin(ScopedAdmin):
    list_display = ["official", "cycle", "kind", "due_on", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["official", "cycle__district"]
