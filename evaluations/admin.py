from django.contrib import admin

from accounts.admin_base import ReadOnlyPlainScopedAdmin, ReadOnlyScopedAdmin, ScopedAdmin

from .models import (
    Exemption,
    GradeOverride,
    ListEntry,
    ListItem,
    OutcomeExecution,
    PoliticalReview,
    QuarterlyScore,
    QuarterRelease,
    Result,
    SurveyScore,
    UnitScore,
)


@admin.register(ListItem)
class ListItemAdmin(ScopedAdmin):
    list_display = ["code", "kind", "aspect", "title", "points"]
    list_filter = ["kind", "aspect"]
    search_fields = ["code", "title"]


# The year's inputs and results: read-only here; they change through the pages and the API,
# where the state rules, reasons and audit live.
@admin.register(QuarterlyScore)
class QuarterlyScoreAdmin(ReadOnlyScopedAdmin):
    list_display = ["pledge", "quarter", "score", "letter", "method", "updated_at"]
    list_filter = ["quarter", "method", "pledge__cycle"]
    search_fields = ["pledge__title", "pledge__official__name"]
    list_select_related = ["pledge"]


@admin.register(QuarterRelease)
class QuarterReleaseAdmin(ReadOnlyScopedAdmin):
    list_display = ["cycle", "quarter", "released_at", "released_by"]
    list_select_related = ["cycle__district", "released_by"]


@admin.register(UnitScore)
class UnitScoreAdmin(ReadOnlyScopedAdmin):
    list_display = ["unit", "cycle", "score"]
    list_filter = ["cycle"]
    list_select_related = ["unit", "cycle__district"]


@admin.register(SurveyScore)
class SurveyScoreAdmin(ReadOnlyScopedAdmin):
    list_display = ["official", "cycle", "rater_group", "score"]
    list_filter = ["rater_group", "cycle"]
    search_fields = ["official__name"]
    list_select_related = ["official", "cycle__district"]


@admin.register(PoliticalReview)
class PoliticalReviewAdmin(ReadOnlyScopedAdmin):
    list_display = ["official", "cycle", "qualified"]
    list_filter = ["qualified", "cycle"]
    list_select_related = ["official", "cycle__district"]


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnlyScopedAdmin):
    list_display = ["official", "cycle", "item", "recorded_at"]
    list_filter = ["item__kind", "cycle"]
    list_select_related = ["official", "cycle__district", "item"]


@admin.register(Exemption)
class ExemptionAdmin(ReadOnlyScopedAdmin):
    list_display = ["official", "cycle", "reason", "recorded_by", "recorded_at"]
    list_filter = ["reason", "cycle"]
    list_select_related = ["official", "cycle__district", "recorded_by"]


@admin.register(GradeOverride)
class GradeOverrideAdmin(ReadOnlyScopedAdmin):
    list_display = ["official", "cycle", "grade", "decided_by", "decided_at"]
    list_select_related = ["official", "cycle__district", "decided_by"]


@admin.register(Result)
class ResultAdmin(ReadOnlyPlainScopedAdmin):
    list_display = ["official", "cycle", "composite", "rank", "grade", "veto"]
    list_filter = ["grade", "veto", "cycle"]
    search_fields = ["official__name"]
    list_select_related = ["official", "cycle__district"]


@admin.register(OutcomeExecution)
class OutcomeExecutionAdmin(ReadOnlyScopedAdmin):
    list_display = ["result", "code", "carried_out", "carried_out_on"]
    list_filter = ["carried_out", "code"]
    list_select_related = ["result__official", "result__cycle"]
