from django.contrib import admin

from accounts.admin_base import ScopedAdmin, ScopedInline

from .models import (
    Competency,
    CompetencyAssessment,
    CompetencyRequirement,
    ContestEvent,
    ContestParticipant,
    JudgeQuestion,
    JudgeScore,
    LearningActivity,
)


@admin.register(LearningActivity)
class LearningActivityAdmin(ScopedAdmin):
    list_display = ["held_on", "official", "kind", "title", "points", "district"]
    list_filter = ["kind", "district"]
    search_fields = ["title", "official__name"]
    list_select_related = ["official", "district"]


class ParticipantInline(ScopedInline, admin.TabularInline):
    model = ContestParticipant
    extra = 0
    fields = ["official", "topic"]


@admin.register(ContestEvent)
class ContestEventAdmin(ScopedAdmin):
    list_display = ["held_on", "title", "kind", "district"]
    list_filter = ["kind", "district"]
    search_fields = ["title"]
    list_select_related = ["district"]
    inlines = [ParticipantInline]


class ScoreInline(ScopedInline, admin.TabularInline):
    model = JudgeScore
    extra = 0
    fields = ["judge_name", "judge_role", "score"]


class QuestionInline(ScopedInline, admin.TabularInline):
    model = JudgeQuestion
    extra = 0
    fields = ["asked_by", "question", "answer"]


@admin.register(ContestParticipant)
class ContestParticipantAdmin(ScopedAdmin):
    list_display = ["official", "event", "topic"]
    search_fields = ["official__name", "topic"]
    list_select_related = ["official", "event"]
    inlines = [ScoreInline, QuestionInline]


class RequirementInline(ScopedInline, admin.TabularInline):
    model = CompetencyRequirement
    extra = 0
    fields = ["post_kind", "level"]


@admin.register(Competency)
class CompetencyAdmin(ScopedAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]
    search_fields = ["name"]
    list_select_related = ["district"]
    inlines = [RequirementInline]


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(ScopedAdmin):
    list_display = ["official", "competency", "level", "assessed_on", "source"]
    search_fields = ["official__name", "competency__name"]
    list_select_related = ["official", "competency"]
