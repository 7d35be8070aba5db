from django.contrib import admin

from accounts.admin_base import ReadOnlyPlainScopedAdmin, ReadOnlyScopedAdmin

from .models import Attachment, SupervisionEntry, ToleranceDecision


# Read-only here: entries and decisions change through the pages and the API, where the
# checks, reasons, the veto and the audit live.
@admin.register(SupervisionEntry)
class SupervisionEntryAdmin(ReadOnlyScopedAdmin):
    list_display = ["official", "district", "kind", "severity", "occurred_on", "internal"]
    list_filter = ["kind", "severity", "internal"]
    search_fields = ["official__name", "summary", "source"]
    list_select_related = ["official", "district"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyPlainScopedAdmin):
    list_display = ["original_name", "entry", "content_type", "size"]
    list_select_related = ["entry__official"]


@admin.register(ToleranceDecision)
class ToleranceDecisionAdmin(ReadOnlyScopedAdmin):
    list_display = ["official", "cycle", "approved_on", "decided_by", "clears_name", "revoked_on"]
    list_filter = ["clears_name"]
    search_fields = ["official__name", "grounds"]
    list_select_related = ["official", "cycle__district"]
