from django.contrib import admin

from accounts.admin_base import ReadOnlyPlainScopedAdmin, ReadOnlyScopedAdmin

from .models import Board, BoardVersion, Feedback


@admin.register(Board)
class BoardAdmin(ReadOnlyScopedAdmin):
    list_display = ["cycle", "live_version", "auto_republish"]
    list_select_related = ["cycle__district", "live_version"]


@admin.register(BoardVersion)
class BoardVersionAdmin(ReadOnlyPlainScopedAdmin):
    list_display = ["board", "number", "published_at", "published_by"]
    list_select_related = ["board__cycle__district", "published_by"]
    exclude = ["snapshot"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyScopedAdmin):
    list_display = ["pledge", "status", "created_at", "moderated_at"]
    list_filter = ["status"]
    list_select_related = ["pledge"]
