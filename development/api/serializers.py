from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.mixins import ScopedModelSerializer

from ..models import DueTalk, MentorPair, Placement, ReserveCategory, Talk


class ReserveCategorySerializer(ScopedModelSerializer):
    placed = serializers.IntegerField(read_only=True, help_text=_("现有入库人数"))

    class Meta:
        model = ReserveCategory
        fields = ["id", "district", "name", "description", "sort_order", "is_active", "placed"]


class PlacementSerializer(ScopedModelSerializer):
    official_name = serializers.CharField(source="official.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    street = serializers.BooleanField(read_only=True, help_text=_("现任或曾任街道职务（区直部门正职人选）"))

    class Meta:
        model = Placement
        fields = ["id", "district", "official", "official_name", "category", "category_name", "placed_on",
                  "grounds", "evidence", "evidence_file", "removed_on", "removal_reason", "street"]
        read_only_fields = ["district", "removed_on", "removal_reason"]


class RemoveSerializer(serializers.Serializer):
    removed_on = serializers.DateField()
    reason = serializers.CharField(max_length=500)


class MentorPairSerializer(ScopedModelSerializer):
    mentor_name = serializers.CharField(source="mentor.name", read_only=True)
    mentee_name = serializers.CharField(source="mentee.name", read_only=True)
    talk_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = MentorPair
        fields = ["id", "district", "mentor", "mentor_name", "mentee", "mentee_name", "started_on", "ended_on",
                  "note", "talk_count"]
        read_only_fields = ["district", "ended_on"]


class EndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class TalkSerializer(ScopedModelSerializer):
    official_name = serializers.CharField(source="official.name", read_only=True)

    class Meta:
        model = Talk
        fields = ["id", "district", "official", "official_name", "pair", "held_on", "topic", "notes", "occasion",
                  "recorded_by"]
        read_only_fields = ["district", "recorded_by"]


class DueTalkSerializer(ScopedModelSerializer):
    official_name = serializers.CharField(source="official.name", read_only=True)
    overdue = serializers.SerializerMethodField(help_text=_("已逾期（未谈话且已过应谈日期）"))

    class Meta:
        model = DueTalk
        fields = ["id", "district", "official", "official_name", "occasion", "raised_on", "due_on", "detail",
                  "source", "closed_by", "closed_on", "overdue"]
        read_only_fields = ["district", "raised_on", "due_on", "source", "closed_by", "closed_on"]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(self.context["today"])
