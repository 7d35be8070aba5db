from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.mixins import ScopedModelSerializer

from ..models import Cycle


class CycleSerializer(ScopedModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    settings = serializers.JSONField(
        required=False,
        help_text=_("SPEC 第 4、5 节参数；可只提交要修改的项，其余保持不变。"),
    )
    pledge_deadline = serializers.DateField(required=False)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=500)

    class Meta:
        model = Cycle
        fields = [
            "id", "district", "year", "state", "state_display", "settings", "pledge_deadline",
            "reason",
        ]
        read_only_fields = ["state"]

    def validate_settings(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(gettext("必须是一个对象。"))
        return value

    def validate(self, attrs):
        if self.instance is not None:
            for field in ("district", "year"):
                if field in attrs and attrs[field] != getattr(self.instance, field):
                    raise serializers.ValidationError({field: [gettext("考核年度创建后不能修改此项。")]})
        return attrs


class TaskStartedSerializer(serializers.Serializer):
    task_id = serializers.CharField()


class TaskStatusSerializer(serializers.Serializer):
    task_id = serializers.CharField()
    kind = serializers.CharField()
    cycle = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["pending", "running", "success", "failure"])
    progress = serializers.IntegerField(min_value=0, max_value=100)
    result = serializers.JSONField(allow_null=True)
