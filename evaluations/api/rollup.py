"""/api/v1/rollup/: the roll-up of the districts an account serves (SPEC section 13), and
"compute all" — POST /api/v1/rollup/compute/ starts one Celery group of computes, followed at
GET /api/v1/rollup/compute/<group_id>/."""
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.scoping import CHANGE, districts_of, may
from cycles import selectors as cycle_selectors
from cycles import services as cycle_services
from cycles.models import Cycle, TaskRecord

from .. import rollup

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)


class GradeCountsSerializer(serializers.Serializer):
    good = serializers.IntegerField()
    average = serializers.IntegerField()
    poor = serializers.IntegerField()
    none = serializers.IntegerField(help_text=gettext_lazy("无等次：不确定等次与数据不全"))


class AveragesSerializer(serializers.Serializer):
    unit_score = serializers.FloatField(allow_null=True)
    pledge_score = serializers.FloatField(allow_null=True)
    survey_score = serializers.FloatField(allow_null=True)
    composite = serializers.FloatField(allow_null=True)


class RollupRowSerializer(serializers.Serializer):
    district = serializers.IntegerField(source="district.pk")
    district_name = serializers.CharField(source="district.name")
    district_code = serializers.CharField(source="district.code")
    officials = serializers.IntegerField()
    cycle = serializers.IntegerField(source="cycle.pk", allow_null=True, default=None)
    year = serializers.IntegerField(source="cycle.year", allow_null=True, default=None)
    state = serializers.CharField(source="cycle.state", allow_null=True, default=None)
    pledges_filed = serializers.IntegerField()
    pledges_approved = serializers.IntegerField()
    released_quarters = serializers.ListField(child=serializers.IntegerField())
    results = serializers.IntegerField()
    grades = GradeCountsSerializer()
    exempt = serializers.IntegerField()
    incomplete = serializers.IntegerField()
    averages = AveragesSerializer(help_text=gettext_lazy("已定等次结果的各维度平均分"))
    finalized = serializers.BooleanField()
    computable = serializers.BooleanField(help_text=gettext_lazy("当前阶段可计算，且本账号可发起计算"))
    computed_at = serializers.DateTimeField(allow_null=True)


class RollupSerializer(serializers.Serializer):
    districts = RollupRowSerializer(many=True)


class GroupTaskSerializer(serializers.Serializer):
    task_id = serializers.CharField()
    cycle = serializers.IntegerField()
    year = serializers.IntegerField()
    district = serializers.IntegerField()
    district_name = serializers.CharField()
    state = serializers.CharField(
        help_text=gettext_lazy("pending / running / success / failure（同 /api/v1/tasks/<task_id>/）"))
    progress = serializers.IntegerField(min_value=0, max_value=100)
    error = serializers.CharField(allow_blank=True)


class GroupStatusSerializer(serializers.Serializer):
    group_id = serializers.CharField()
    state = serializers.CharField(help_text=gettext_lazy("running（未全部结束）/ success / failure（有失败的区）"))
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    failed = serializers.IntegerField()
    progress = serializers.IntegerField(min_value=0, max_value=100)
    tasks = GroupTaskSerializer(many=True)
    failures = GroupTaskSerializer(many=True)


class SkippedSerializer(serializers.Serializer):
    district = serializers.IntegerField()
    cycle = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()


class GroupStartedSerializer(GroupStatusSerializer):
    skipped = SkippedSerializer(many=True)


class ComputeAllSerializer(serializers.Serializer):
    districts = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, allow_empty=False,
                                      help_text=gettext_lazy("要计算的区（默认：本账号的全部区）"), max_length=10000)


def _readers_only(user) -> None:
    if user.role not in READERS:
        raise PermissionDenied


class RollupView(APIView):
    """Each district the account serves, with its current cycle's state and counts."""

    permission_classes = [IsAuthenticated]
    model = Cycle

    @extend_schema(responses=RollupSerializer)
    def get(self, request):
        _readers_only(request.user)
        rows = rollup.rollup_rows(request.user)
        if not may(request.user, CHANGE, Cycle):
            for row in rows:
                row.computable = False
        return Response(RollupSerializer({"districts": rows}).data)


class RollupComputeView(APIView):
    """Start computing the current cycle of each chosen district whose state allows it: one
    Celery group, 202 with its status; follow it at /api/v1/rollup/compute/<group_id>/."""

    permission_classes = [IsAuthenticated]
    model = Cycle

    @extend_schema(request=ComputeAllSerializer, responses={202: GroupStartedSerializer})
    def post(self, request):
        user = request.user
        if not may(user, CHANGE, Cycle):
            raise PermissionDenied
        body = ComputeAllSerializer(data=request.data if isinstance(request.data, dict) else {})
        body.is_valid(raise_exception=True)
        chosen = body.validated_data.get("districts")
        if chosen is not None:
            unknown = set(chosen) - set(districts_of(user).filter(pk__in=chosen).values_list("pk", flat=True))
            if unknown:
                raise serializers.ValidationError({"districts": [
                    _("以下区不存在或不在您的范围内：%(ids)s") % {"ids": ", ".join(map(str, sorted(unknown)))}]})
        try:
            group_id, _started, left_out = rollup.rollup_compute_start(actor=user, districts=chosen)
        except cycle_services.QueueUnavailable as exc:
            return Response({"detail": str(exc), "errors": {}}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        skipped = [{"district": row.district.pk, "cycle": row.cycle.pk if row.cycle else None,
                    "reason": rollup.left_out_reason(row)} for row in left_out]
        if group_id is None:
            return Response({"detail": _("没有可计算的考核年度。"),
                             "errors": {"districts": [s["reason"] for s in skipped]}},
                            status=status.HTTP_400_BAD_REQUEST)
        answer = cycle_selectors.task_group_status(user, group_id)
        return Response({**answer, "skipped": skipped}, status=status.HTTP_202_ACCEPTED)


class RollupComputeStatusView(APIView):
    """Progress of a "compute all": n of m districts done, the failures named (only the
    account's districts count)."""

    permission_classes = [IsAuthenticated]
    model = TaskRecord  # its tasks are TaskRecords, scoped in cycles.selectors.task_group_status

    @extend_schema(responses=GroupStatusSerializer)
    def get(self, request, group_id: str):
        answer = cycle_selectors.task_group_status(request.user, group_id)
        if answer is None:
            raise Http404
        return Response(answer)
