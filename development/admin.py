from django.contrib import admin

from accounts.admin_base import ScopedAdmin

from .models import DueTalk, MentorPair, Placement, ReserveCategory, Talk


@admin.register(ReserveCategory)
class ReserveCategoryAdmin(ScopedAdmin):
    list_display = ["name", "district", "sort_order", "is_active"]
    list_filter = ["district", "is_active"]
    list_select_related = ["district"]


@admin.register(Placement)
class PlacementAdmin(ScopedAdmin):
    list_display = ["official", "category", "placed_on", "removed_on"]
    list_filter = ["district"]
    list_select_related = ["official", "category"]
    raw_id_fields = ["official"]


@admin.register(MentorPair)
class MentorPairAdmin(ScopedAdmin):
    list_display = ["mentor", "mentee", "started_on", "ended_on"]
    list_filter = ["district"]
    list_select_related = ["mentor", "mentee"]
    raw_id_fields = ["mentor", "mentee"]


@admin.register(Talk)
class TalkAdmin(ScopedAdmin):
    list_display = ["held_on", "official", "topic", "occasion"]
    list_filter = ["district", "occasion"]
    list_select_related = ["official"]
    raw_id_fields = ["official", "pair"]


@admin.register(DueTalk)
class DueTalkAdmin(ScopedAdmin):
    list_display = ["official", "occasion", "raised_on", "due_on", "closed_on"]
    list_filter = ["district", "occasion"]
    list_select_related = ["official"]
    raw_id_fields = ["official", "closed_by"]
