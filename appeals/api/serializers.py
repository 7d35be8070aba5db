from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Appeal


class AppealSerializer(serializers.ModelSerializer):
    """An appeal as the API shows it. On create the official sends `subject`, `object_id` (the
    contested QuarterlyScore, Pledge or Result) and `reason`; the rest is the service's."""

    object_id = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1,
        help_text=_("被申请复核对象的编号：季度评分（quarterly_score）、目标（pledge_grade）或年度评定结果（year_grade）"))
    reason = serializers.CharField(max_length=2000, help_text=_("申请理由（必填）"))
    decided_by = serializers.StringRelatedField(allow_null=True, read_only=True)

    class Meta:
        model = Appeal
        fields = ["id", "official", "cycle", "subject", "object_id", "reason", "state", "decided_by",
                  "decision_reason", "new_value", "filed_at", "due_on", "decided_on"]
        read_only_fields = ["official", "cycle", "state", "decision_reason", "new_value", "filed_at", "due_on",
                            "decided_on"]


class DecideSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[Appeal.State.UPHELD, Appeal.State.CHANGED],
                                    help_text=_("upheld（维持原结果）或 changed（更正）"))
    decision_reason = serializers.CharField(max_length=2000, help_text=_("复核意见（必填）"))
    new_value = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                      help_text=_("更正后的结果：季度评分为分数或 A/B/C，目标评级为 A/B/C，"
                                                  "年度等次为 good/average/poor"))
    confirm_over_quota = serializers.BooleanField(required=False, default=False)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True)
