from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class SimulateSerializer(serializers.Serializer):
    settings = serializers.JSONField(help_text=_("要测算的考核参数：可只提交要改的项，其余沿用该年度的参数。"))

    def validate_settings(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(gettext("必须是一个对象。"))
        return value


class SimulationCountsSerializer(serializers.Serializer):
    good = serializers.IntegerField()
    average = serializers.IntegerField()
    poor = serializers.IntegerField()
    incomplete = serializers.IntegerField()
    exempt = serializers.IntegerField()


def _grade(value: str) -> str | None:
    return value or None


class ChangeSerializer(serializers.Serializer):
    official = serializers.IntegerField(source="change.official_id")
    official_name = serializers.CharField(source="name")
    unit_name = serializers.CharField(source="unit")
    composite_before = serializers.DecimalField(source="change.composite_before", max_digits=7, decimal_places=2,
                                                allow_null=True)
    composite_after = serializers.DecimalField(source="change.composite_after", max_digits=7, decimal_places=2,
                                               allow_null=True)
    rank_before = serializers.IntegerField(source="change.rank_before", allow_null=True)
    rank_after = serializers.IntegerField(source="change.rank_after", allow_null=True)
    grade_before = serializers.SerializerMethodField()
    grade_after = serializers.SerializerMethodField()
    outcomes_added = serializers.ListField(source="change.outcomes_added", child=serializers.CharField())
    outcomes_removed = serializers.ListField(source="change.outcomes_removed", child=serializers.CharField())

    def get_grade_before(self, row) -> str | None:
        return _grade(row["change"].grade_before)

    def get_grade_after(self, row) -> str | None:
        return _grade(row["change"].grade_after)


class SimulationSerializer(serializers.Serializer):
    """The answer of POST /api/v1/cycles/<id>/simulate/: counts per grade with the cycle's
    settings (before) and with the ones sent (after), and every official whose counting grade or
    outcomes would change."""

    cycle = serializers.IntegerField(source="cycle.pk")
    settings = serializers.JSONField(source="settings_after")
    officials = serializers.IntegerField()
    before = SimulationCountsSerializer()
    after = SimulationCountsSerializer()
    composites_changed = serializers.IntegerField()
    ranks_changed = serializers.IntegerField()
    changes = ChangeSerializer(source="rows", many=True)
