from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.mixins import ScopedModelSerializer
from evaluations.models import ListItem

from ..models import Attachment, SupervisionEntry, ToleranceDecision


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "url"]

    def get_url(self, attachment) -> str:
        return reverse("records:attachment", args=[attachment.pk])


class SupervisionEntrySerializer(ScopedModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
    proposed_item = serializers.SlugRelatedField(
        slug_field="code", queryset=ListItem.objects.filter(kind=ListItem.Kind.NEGATIVE), required=False,
        allow_null=True, help_text=_("建议记入的负面清单条目编号（工作人员确认后记入）"))
    tolerated = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = SupervisionEntry
        fields = ["id", "official", "district", "kind", "occurred_on", "source", "summary", "severity",
                  "attachments", "internal", "proposed_item", "proposed_cycle", "list_entry", "tolerated",
                  "recorded_at"]
        read_only_fields = ["district", "list_entry", "recorded_at"]

    def validate(self, attrs):
        if self.instance is not None and "official" in attrs and attrs["official"] != self.instance.official:
            raise serializers.ValidationError({"official": [_("记录后不能更换干部。")]})
        return attrs


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ToleranceDecisionSerializer(ScopedModelSerializer):
    in_force = serializers.BooleanField(read_only=True)

    class Meta:
        model = ToleranceDecision
        fields = ["id", "official", "cycle", "list_entry", "supervision_entry", "grounds", "decided_by",
                  "approved_on", "clears_name", "note", "in_force", "revoked_on", "revoke_reason", "recorded_at"]
        read_only_fields = ["revoked_on", "revoke_reason", "recorded_at"]
        validators = []  # the service names the field of a second decision in force
