from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.mixins import ScopedModelSerializer
from accounts.models import Role

from ..models import District, Official, Post, Unit


class DistrictSerializer(ScopedModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "code"]


class UnitSerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "district", "name", "kind", "kind_display", "sort_order"]


class PostSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Post
        fields = ["unit", "unit_name", "position", "rank_level", "started_on", "ended_on"]
        read_only_fields = fields


class OfficialSerializer(ScopedModelSerializer):
    district = serializers.IntegerField(source="unit.district_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    rank_level_display = serializers.CharField(source="get_rank_level_display", read_only=True)
    posts = PostSerializer(many=True, read_only=True)
    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=500,
        help_text=_("修改原因（写入审计记录）"),
    )
    confirm_front_line = serializers.BooleanField(
        write_only=True, required=False,
        help_text=_("一线规则：提前调整任职未满两年的街道党政正职时须为 true，并填写 reason"),
    )

    # What an official may change on its own record; everything else is the department's.
    OWN_PROFILE_FIELDS = {"phone", "profile", "reason"}

    class Meta:
        model = Official
        fields = [
            "id", "district", "unit", "unit_name", "name", "position", "rank_level",
            "rank_level_display", "is_principal", "appointed_on", "phone", "profile", "posts",
            "reason", "confirm_front_line",
        ]

    def validate(self, attrs):
        user = self.context["request"].user
        if user.role == Role.OFFICIAL:
            refused = sorted(set(self.initial_data) - self.OWN_PROFILE_FIELDS - {"id"})
            changed = [f for f in refused if f in attrs and getattr(self.instance, f, None) != attrs[f]]
            if changed:
                raise serializers.ValidationError(
                    {f: [_("只能由组织部修改。")] for f in changed}
                )
        return attrs
