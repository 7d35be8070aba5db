from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.mixins import ScopedModelSerializer

from .. import rules
from ..models import (
    Competency,
    CompetencyAssessment,
    CompetencyRequirement,
    ContestEvent,
    ContestParticipant,
    JudgeQuestion,
    JudgeScore,
    LearningActivity,
)


class LearningActivitySerializer(ScopedModelSerializer):
    """`points` may be left out on create: the kind's default (growth.rules.DEFAULT_POINTS)."""

    official_name = serializers.CharField(source="official.name", read_only=True)
    points = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, min_value=0, max_value=100)

    class Meta:
        model = LearningActivity
        fields = ["id", "district", "official", "official_name", "held_on", "kind", "title", "points", "evidence"]
        read_only_fields = ["district"]

    def validate(self, attrs):
        if self.instance is not None and "official" in attrs and attrs["official"] != self.instance.official:
            raise serializers.ValidationError({"official": [_("不能修改干部，请删除后重新登记。")]})
        return attrs


class ContestEventSerializer(ScopedModelSerializer):
    class Meta:
        model = ContestEvent
        fields = ["id", "district", "kind", "held_on", "title", "note"]


class JudgeScoreSerializer(ScopedModelSerializer):
    class Meta:
        model = JudgeScore
        fields = ["id", "participant", "judge_name", "judge_role", "score"]


class JudgeQuestionSerializer(ScopedModelSerializer):
    class Meta:
        model = JudgeQuestion
        fields = ["id", "participant", "asked_by", "question", "answer"]


class ContestParticipantSerializer(ScopedModelSerializer):
    official_name = serializers.CharField(source="official.name", read_only=True)
    result = serializers.SerializerMethodField(help_text=_("评委打分平均分（5 人及以上去掉最高、最低分）"))
    scores = JudgeScoreSerializer(many=True, read_only=True)

    class Meta:
        model = ContestParticipant
        fields = ["id", "event", "official", "official_name", "topic", "result", "scores"]

    def get_result(self, obj) -> str | None:
        result = rules.contest_result([x.score for x in obj.scores.all()])
        return None if result is None else str(result)


class CompetencySerializer(ScopedModelSerializer):
    class Meta:
        model = Competency
        fields = ["id", "district", "name", "description"]


class CompetencyRequirementSerializer(ScopedModelSerializer):
    class Meta:
        model = CompetencyRequirement
        fields = ["id", "competency", "post_kind", "level"]


class CompetencyAssessmentSerializer(ScopedModelSerializer):
    class Meta:
        model = CompetencyAssessment
        fields = ["id", "competency", "official", "level", "assessed_on", "source"]
