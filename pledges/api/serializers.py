from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.mixins import ScopedModelSerializer
from core.serializers import IdField

from ..models import Evidence, Pledge, PledgeRevision, ProgressUpdate, Reminder


class MilestoneSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    description = serializers.CharField(max_length=200)
    due_on = serializers.DateField(required=False, allow_null=True)

    def to_representation(self, instance):
        value = super().to_representation(instance)
        if not value.get("due_on"):
            value.pop("due_on", None)
        return value

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value.get("due_on"):
            value["due_on"] = value["due_on"].isoformat()
        else:
            value.pop("due_on", None)
        return value


class RatingsSerializer(serializers.Serializer):
    difficulty = serializers.IntegerField(min_value=1, max_value=3, help_text=_("工作难度 1–3"))
    innovation = serializers.IntegerField(min_value=1, max_value=3, help_text=_("创新力度 1–3"))
    contribution = serializers.IntegerField(min_value=1, max_value=3, help_text=_("贡献程度 1–3"))


class RevisionSerializer(serializers.ModelSerializer):
    milestones = MilestoneSerializer(many=True, read_only=True)
    # Null until decided, or when the account is gone.
    proposed_by = serializers.StringRelatedField(allow_null=True)
    decided_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = PledgeRevision
        fields = [
            "id", "number", "status", "category", "title", "content", "target", "target_value", "target_unit",
            "milestones", "reason", "proposed_by", "proposed_at", "decided_by", "decided_at", "decision_reason",
        ]
        read_only_fields = fields


class PledgeSerializer(ScopedModelSerializer):
    milestones = MilestoneSerializer(many=True, help_text=_("推进节点：每个跨越的季度至少一个"))
    ratings = serializers.SerializerMethodField(help_text=_("工作难度、创新力度、贡献程度（审核通过后）"))
    official_name = serializers.CharField(source="official.name", read_only=True)
    unit_name = serializers.CharField(source="official.unit.name", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, default=False)
    pending_revision = serializers.BooleanField(read_only=True, default=False)
    latest_percent = serializers.IntegerField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Pledge
        fields = [
            "id", "official", "official_name", "unit_name", "cycle", "kind", "category", "category_display",
            "title", "content", "target", "target_value", "target_unit", "milestones", "status",
            "status_display", "grade", "ratings", "grade_override_reason", "return_reason", "due_on",
            "is_overdue", "revision", "pending_revision", "latest_percent", "submitted_at", "approved_at",
        ]
        read_only_fields = [
            "status", "grade", "grade_override_reason", "return_reason", "due_on", "revision",
            "submitted_at", "approved_at",
        ]
        extra_kwargs = {"official": {"required": False}}

    def get_ratings(self, pledge) -> dict | None:
        if pledge.difficulty is None:
            return None
        return pledge.ratings

    def validate(self, attrs):
        if self.instance is not None:
            for field in ("official", "cycle", "kind"):
                if field in attrs and attrs[field] != getattr(self.instance, field):
                    raise serializers.ValidationError({field: [gettext("目标创建后不能修改此项。")]})
        else:
            user = self.context["request"].user
            if "official" not in attrs:
                if user.official_id is None:
                    raise serializers.ValidationError({"official": [gettext("请指定干部。")]})
                attrs["official"] = user.official
        return attrs


class PledgeDetailSerializer(PledgeSerializer):
    revisions = RevisionSerializer(many=True, read_only=True)

    class Meta(PledgeSerializer.Meta):
        fields = PledgeSerializer.Meta.fields + ["revisions"]


class ApproveSerializer(serializers.Serializer):
    ratings = RatingsSerializer()
    grade = serializers.ChoiceField(choices=Pledge.Grade.choices, required=False, allow_blank=True,
                                    help_text=_("与评分推出的等级不同时须填写 reason"))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class OptionalApproveSerializer(ApproveSerializer):
    ratings = RatingsSerializer(required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class ReviseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text=_("调整理由"))
    category = serializers.ChoiceField(choices=Pledge.Category.choices, required=False)
    title = serializers.CharField(max_length=100, required=False)
    content = serializers.CharField(max_length=2000, required=False)
    target = serializers.CharField(max_length=300, required=False)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    target_unit = serializers.CharField(max_length=20, required=False, allow_blank=True)
    milestones = MilestoneSerializer(many=True, required=False)


class BulkApproveItemSerializer(ApproveSerializer):
    id = IdField()


class BulkApproveSerializer(serializers.Serializer):
    items = BulkApproveItemSerializer(many=True, allow_empty=False, max_length=500)


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "url"]

    def get_url(self, evidence) -> str:
        from django.urls import reverse

        return reverse("pledges:evidence", args=[evidence.pk])


class ProgressSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    author = serializers.StringRelatedField(allow_null=True)  # null when the account is gone
    files = serializers.ListField(
        child=serializers.FileField(), write_only=True, required=False, max_length=5,
        help_text=_("佐证材料：图片、PDF、Office 文档，每个不超过 10 MB，最多 5 个"),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["id", "text", "percent", "created_at", "author", "evidence", "files"]
        read_only_fields = ["created_at", "author"]
        extra_kwargs = {"percent": {"min_value": 0, "max_value": 100}}


class TimelineEventSerializer(serializers.Serializer):
    when = serializers.DateTimeField()
    who = serializers.CharField()
    action = serializers.CharField()
    reason = serializers.CharField()
    changes = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class ReminderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reminder
        fields = ["id", "official", "cycle", "pledge_kind", "kind", "due_on", "message", "created_at", "read_at"]
        read_only_fields = fields
