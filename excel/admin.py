from django.contrib import admin

from accounts.admin_base import ReadOnlyPlainScopedAdmin

from .models import ExportFile, ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyPlainScopedAdmin):
    list_display = ["imported_at", "cycle", "name", "filename", "rows", "created", "updated", "imported_by"]
    list_filter = ["name"]
    list_select_related = ["cycle__district", "imported_by"]
    search_fields = ["filename"]


@admin.register(ExportFile)
class ExportFileAdmin(ReadOnlyPlainScopedAdmin):
    list_display = ["created_at", "cycle", "name", "requested_by", "role", "rows", "finished_at"]
    list_filter = ["name"]
    list_select_related = ["cycle__district", "requested_by"]
    # The file itself is downloaded only through excel:download (role and district checked).
    exclude = ["file"]
