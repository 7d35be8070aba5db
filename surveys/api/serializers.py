"""The surveys API's shapes (SPEC section 10; the field names are the contract)."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from accounts.api.mixins import ScopedModelSerializer
from evaluations.models import RaterGroup
from org.models import Official, Unit

from .. import services
from ..models import PoliticalProposal, Survey, SurveyResult

MAX_ANSWERS = 20000


class ItemSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    text = serializers.CharField(max_length=300)
    reverse = serializers.BooleanField(default=False)


class ScaleChoiceSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=20)
    points = serializers.IntegerField(allow_null=True, min_value=0, max_value=100)


class SurveySerializer(ScopedModelSerializer):
    """A survey with its items and scale; items, scale, settings and officials are written by the
    survey services (create; update while a draft)."""

    items = ItemSerializer(many=True)
    scale = ScaleChoiceSerializer(many=True, required=False)
    settings = serializers.JSONField(required=False, help_text=gettext_lazy(
        "valid_answer_share、min_turnout、trim_at、political_threshold、reverse_negative_limit；未提交的项取默认值。"))
    officials = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Official.objects.all(),
                                                   help_text=gettext_lazy("默认为本区全部党政正职"))
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=500)

    class Meta:
        model = Survey
        fields = ["id", "cycle", "kind", "title", "state", "state_display", "settings", "items", "scale",
                  "officials", "reason"]
        read_only_fields = ["state"]

    def validate(self, attrs):
        if self.instance is not None and "cycle" in attrs and attrs["cycle"] != self.instance.cycle:
            raise serializers.ValidationError({"cycle": [_("测评所属年度不能修改。")]})
        if self.instance is not None and "kind" in attrs and attrs["kind"] != self.instance.kind:
            raise serializers.ValidationError({"kind": [_("测评类型不能修改。")]})
        return attrs

    @staticmethod
    def item_inputs(items):
        return None if items is None else [services.ItemInput(i["code"], i["text"], i.get("reverse", False))
                                           for i in items]


class CodesRequestSerializer(serializers.Serializer):
    rater_group = serializers.ChoiceField(choices=RaterGroup.choices)
    count = serializers.IntegerField(min_value=1, max_value=services.MAX_CODES_PER_CALL)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True,
                                              help_text=gettext_lazy("只测评该单位的干部（可选）"))


class CodesSerializer(serializers.Serializer):
    codes = serializers.ListField(child=serializers.CharField())


class GroupResultSerializer(serializers.ModelSerializer):
    why_not_display = serializers.CharField(source="get_why_not_display", read_only=True)

    class Meta:
        model = SurveyResult
        fields = ["rater_group", "codes_issued", "ballots", "valid_ballots", "counted", "why_not",
                  "why_not_display", "score", "item_scores"]


class ProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = PoliticalProposal
        fields = ["id", "score", "item_scores", "negative_shares", "proposed_qualified", "qualified", "reason"]


class OfficialResultSerializer(serializers.Serializer):
    official = serializers.IntegerField(source="official.pk")
    name = serializers.CharField(source="official.name")
    unit = serializers.CharField(source="official.unit.name")
    groups = GroupResultSerializer(many=True)
    political = ProposalSerializer(source="proposal", allow_null=True)


class ResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    state = serializers.CharField()
    results = OfficialResultSerializer(many=True)


class ProposalChangeSerializer(serializers.Serializer):
    official = serializers.IntegerField()
    qualified = serializers.BooleanField()
    reason = serializers.CharField(max_length=1000)


# --- public ballots ------------------------------------------------------------------------------
class PublicOfficialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.CharField()
    unit = serializers.CharField(source="unit.name")


class PublicBallotSerializer(serializers.Serializer):
    title = serializers.CharField(source="survey.title")
    kind = serializers.CharField(source="survey.kind")
    rater_group = serializers.CharField()
    items = ItemSerializer(many=True)
    scale = ScaleChoiceSerializer(many=True, source="survey.scale")
    officials = PublicOfficialSerializer(many=True)


class AnswerSerializer(serializers.Serializer):
    official = serializers.IntegerField()
    item = serializers.CharField(max_length=20)
    points = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    choice = serializers.ChoiceField(choices=["yes", "no", ""], required=False, default="")


class BallotSubmitSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True, help_text=gettext_lazy(
        "每名干部每道题一项；未提交的视为“不了解”。正向题填 points（评价档次的分值，null 为不了解），"
        "反向题填 choice（yes 是 / no 否 / 空 不了解）。"))

    def validate_answers(self, value):
        if len(value) > MAX_ANSWERS:
            raise serializers.ValidationError(_("回答过多。"))
        return value

    def inputs(self):
        return [services.AnswerInput(a["official"], a["item"], a.get("points"), a.get("choice", ""))
                for a in self.validated_data["answers"]]
