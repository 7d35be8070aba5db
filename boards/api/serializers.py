from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import IdField

from ..models import Board, BoardVersion, Feedback


class BoardVersionSerializer(serializers.ModelSerializer):
    published_by = serializers.StringRelatedField(allow_null=True)  # the account may be gone

    class Meta:
        model = BoardVersion
        fields = ["number", "published_at", "published_by"]


class BoardSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="cycle.district.code", read_only=True)
    year = serializers.IntegerField(source="cycle.year", read_only=True)
    live_version = serializers.IntegerField(source="live_version.number", read_only=True, allow_null=True)
    versions = BoardVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Board
        fields = ["id", "cycle", "district", "year", "live_version", "auto_republish", "versions"]
        read_only_fields = ["cycle"]


class RollbackSerializer(serializers.Serializer):
    number = IdField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class FeedbackSerializer(serializers.ModelSerializer):
    pledge_title = serializers.CharField(source="pledge.title", read_only=True)
    official_name = serializers.CharField(source="pledge.official.name", read_only=True)

    class Meta:
        model = Feedback
        fields = ["id", "board", "pledge", "pledge_title", "official_name", "content", "contact", "status", "reply",
                  "created_at", "moderated_at"]
        read_only_fields = ["board", "pledge", "content", "contact", "created_at", "moderated_at"]


class PublicFeedbackSerializer(serializers.Serializer):
    pledge = IdField()
    content = serializers.CharField(max_length=500, help_text=_("留言内容，不超过 500 字"))
    contact = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text=_("联系方式（选填）"))


class PublicBoardSerializer(serializers.Serializer):
    """The published snapshot (SPEC section 8: version, published_at, officials, honour_roll)."""

    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    district = serializers.JSONField()
    year = serializers.IntegerField()
    released_quarters = serializers.ListField(child=serializers.IntegerField())
    officials = serializers.JSONField()
    honour_roll = serializers.JSONField(allow_null=True)
    feedback = serializers.JSONField(help_text=_("已公开的留言与回复，按目标编号"))


class PublicYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()


class PublicDistrictSerializer(serializers.Serializer):
    """The years a district has published."""

    district = serializers.JSONField(help_text="{code, name}")
    years = PublicYearSerializer(many=True)
