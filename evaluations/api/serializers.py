from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.mixins import ScopedModelSerializer
from core.serializers import IdField

from .. import labels
from ..models import (
    Exemption,
    ListEntry,
    ListItem,
    OutcomeExecution,
    PoliticalReview,
    QuarterlyScore,
    Result,
    SurveyScore,
    UnitScore,
)


class ListItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListItem
        fields = ["code", "kind", "aspect", "title", "points", "sort_order"]


class QuarterlyScoreSerializer(ScopedModelSerializer):
    score = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=100, required=False, allow_null=True,
        help_text=_("得分 0–100，一位小数；按季度评级录入时返回其折算分"),
    )
    letter = serializers.ChoiceField(choices=["A", "B", "C"], required=False, allow_null=True, allow_blank=True,
                                     help_text=_("季度评级 A/B/C（与 score 二选一）"))
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=1000,
                                   help_text=_("该季度已发布时必填"))
    official = serializers.IntegerField(source="pledge.official_id", read_only=True)
    method_display = serializers.CharField(source="get_method_display", read_only=True)

    class Meta:
        model = QuarterlyScore
        fields = ["id", "pledge", "official", "quarter", "score", "letter", "method", "method_display", "note",
                  "reason", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []  # (pledge, quarter) is an upsert key, not a uniqueness error

    def get_fields(self):
        fields = super().get_fields()
        pledge = fields["pledge"]
        if getattr(pledge, "queryset", None) is not None:
            # the scoring service reads the pledge's cycle and official: one query, here
            pledge.queryset = pledge.queryset.select_related("cycle", "official")
        return fields

    def to_representation(self, row):
        data = super().to_representation(row)
        if row.letter:
            points = row.pledge.cycle.settings["letter_points"][row.letter]
            data["score"] = str(Decimal(str(points)).quantize(Decimal("0.1")))
        data["letter"] = row.letter or None
        return data

    def validate(self, attrs):
        score, letter = attrs.get("score"), attrs.get("letter") or None
        if self.instance is None or "score" in attrs or "letter" in attrs:
            if (score is None) == (letter is None):
                raise serializers.ValidationError(
                    {"score": [gettext("请填写得分（score）或季度评级（letter），二者选一。")]})
        return attrs


class UnitScoreSerializer(ScopedModelSerializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=1000)

    class Meta:
        model = UnitScore
        fields = ["id", "unit", "cycle", "score", "reason"]
        validators = []


class SurveyScoreSerializer(ScopedModelSerializer):
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=1000)

    class Meta:
        model = SurveyScore
        fields = ["id", "official", "cycle", "rater_group", "score", "reason"]
        validators = []


class PoliticalReviewSerializer(ScopedModelSerializer):
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=1000)

    class Meta:
        model = PoliticalReview
        fields = ["id", "official", "cycle", "qualified", "note", "reason"]
        validators = []


class ListEntrySerializer(ScopedModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", queryset=ListItem.objects.all())
    kind = serializers.CharField(source="item.kind", read_only=True)
    title = serializers.CharField(source="item.title", read_only=True)

    class Meta:
        model = ListEntry
        fields = ["id", "official", "cycle", "item", "kind", "title", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]


class ExemptionSerializer(ScopedModelSerializer):
    reason = serializers.ChoiceField(
        choices=Exemption.Reason.choices,
        help_text=_("不确定等次原因：under_investigation / disciplined / new_in_post / leave / other"))
    reason_display = serializers.CharField(source="get_reason_display", read_only=True)

    class Meta:
        model = Exemption
        fields = ["id", "official", "cycle", "reason", "reason_display", "note", "recorded_at"]
        read_only_fields = ["recorded_at"]
        validators = []  # (official, cycle) is an upsert key, not a uniqueness error


class MissingItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    pledge = serializers.IntegerField(allow_null=True)
    pledge_title = serializers.CharField()
    quarters = serializers.ListField(child=serializers.IntegerField())
    message = serializers.SerializerMethodField()

    def get_message(self, item) -> str:
        """The stored (Chinese) message in the request's language."""
        return labels.missing_message(item)


class ResultSerializer(serializers.ModelSerializer):
    official_name = serializers.CharField(source="official.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    position = serializers.CharField(source="official.position", read_only=True)
    grade = serializers.SerializerMethodField()
    computed_grade = serializers.SerializerMethodField()
    incomplete = serializers.BooleanField(read_only=True)
    exempt = serializers.BooleanField(read_only=True)
    exempt_reason = serializers.SerializerMethodField()
    missing_detail = MissingItemSerializer(many=True, read_only=True,
                                           help_text=_("缺少的数据逐项说明：哪项目标、哪几个季度"))

    class Meta:
        model = Result
        fields = ["official", "official_name", "unit", "unit_name", "position", "unit_score", "pledge_score",
                  "survey_score", "bonus", "veto", "composite", "rank", "grade", "computed_grade", "outcomes",
                  "incomplete", "missing", "missing_detail", "exempt", "exempt_reason", "computed_at"]

    def get_exempt_reason(self, result) -> str | None:
        return result.exempt_reason or None

    def get_grade(self, result) -> str | None:
        return result.grade or None

    def get_computed_grade(self, result) -> str | None:
        return result.computed_grade or None


class OverrideSerializer(serializers.Serializer):
    official = IdField()
    grade = serializers.ChoiceField(choices=["good", "average", "poor"], required=False, allow_null=True,
                                    help_text=_("留空表示撤销调整"))
    reason = serializers.CharField(max_length=2000)
    confirm_over_quota = serializers.BooleanField(default=False,
                                                  help_text=_("调整后“好”等次人数超出名额时，须为 true 才能提交"))


class ReadinessItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    official = serializers.IntegerField(allow_null=True)
    official_name = serializers.CharField()
    pledge = serializers.IntegerField(allow_null=True)
    pledge_title = serializers.CharField()
    message = serializers.CharField()
    url = serializers.CharField()


class ReadinessSerializer(serializers.Serializer):
    state = serializers.CharField()
    next_state = serializers.CharField(allow_null=True)
    blockers = ReadinessItemSerializer(many=True)
    warnings = ReadinessItemSerializer(many=True)


class ReleaseSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class OutcomeExecutionSerializer(serializers.ModelSerializer):
    official = serializers.IntegerField(source="result.official_id", read_only=True)
    cycle = serializers.IntegerField(source="result.cycle_id", read_only=True)

    class Meta:
        model = OutcomeExecution
        fields = ["id", "official", "cycle", "code", "carried_out", "carried_out_on", "note"]
        read_only_fields = ["code"]
