import django_filters
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api.mixins import ScopedModelViewSet
from accounts.models import Role
from accounts.permissions import RolePermission
from accounts.scoping import CHANGE, scoped
from cycles import states
from cycles.api.serializers import CycleSerializer, TaskStartedSerializer
from cycles.states import Activity
from org.models import Official

from .. import compute, readiness, selectors, services
from ..models import (
    Exemption,
    ListEntry,
    ListItem,
    OutcomeExecution,
    PoliticalReview,
    QuarterlyScore,
    SurveyScore,
    UnitScore,
)
from ..tasks import cycle_compute_task
from .serializers import (
    ExemptionSerializer,
    ListEntrySerializer,
    ListItemSerializer,
    OutcomeExecutionSerializer,
    OverrideSerializer,
    PoliticalReviewSerializer,
    QuarterlyScoreSerializer,
    ReadinessSerializer,
    ReleaseSerializer,
    ResultSerializer,
    SurveyScoreSerializer,
    UnitScoreSerializer,
)


def _reason(request) -> str:
    return request.query_params.get("reason", "") or (request.data.get("reason", "") if hasattr(request.data,
                                                                                                "get") else "")


class CycleEvaluationActions:
    """The cycle endpoint's evaluation actions (composed into the cycle viewset in
    cadreboard/api.py): compute, results, finalize, release, override."""

    write_actions = {"compute": CHANGE, "finalize": CHANGE, "release": CHANGE, "override": CHANGE}

    def get_serializer_class(self):
        return ResultSerializer if self.action == "results" else super().get_serializer_class()

    @extend_schema(request=None, responses={202: TaskStartedSerializer})
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None, format=None):
        """Start computing the results (a Celery task); follow it at /api/v1/tasks/<task_id>/."""
        cycle = self.get_object()
        states.require(cycle, Activity.COMPUTE)
        return self.task_response(cycle, "compute", cycle_compute_task, [cycle.pk])

    @extend_schema(
        responses=ResultSerializer(many=True),
        parameters=[OpenApiParameter("grade", str, enum=["good", "average", "poor", "incomplete", "exempt"]),
                    OpenApiParameter("unit", int), OpenApiParameter("search", str)],
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None, format=None):
        """The cycle's results, ranked; filter by grade, unit, name."""
        rows = selectors.results_for_cycle(request.user, self.get_object())
        grade = request.query_params.get("grade")
        if grade == "incomplete":
            rows = rows.filter(grade="", exempt_reason="")
        elif grade == "exempt":
            rows = rows.exclude(exempt_reason="")
        elif grade in ("good", "average", "poor"):
            rows = rows.filter(grade=grade)
        if request.query_params.get("unit", "").isdigit():
            rows = rows.filter(unit_id=int(request.query_params["unit"]))
        if request.query_params.get("search"):
            rows = rows.filter(official__name__icontains=request.query_params["search"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ResultSerializer(page, many=True).data)

    @extend_schema(responses=ReadinessSerializer)
    @action(detail=True, methods=["get"])
    def readiness(self, request, pk=None, format=None):
        """What is still open before the next step (advance or finalize): blockers (what will
        refuse it, or can no longer be done after it) and warnings, each naming the official and
        pledge with a link."""
        cycle = self.get_object()
        if request.user.role == Role.OFFICIAL:
            raise PermissionDenied(_("干部账号不能查看全区的推进检查。"))
        return Response(readiness.cycle_readiness(cycle).as_dict())

    @extend_schema(request=None, responses=CycleSerializer)
    @action(detail=True, methods=["post"])
    def finalize(self, request, pk=None, format=None):
        """evaluating → finalized; refused with the full list while anyone is incomplete."""
        cycle = compute.cycle_finalize(actor=request.user, cycle=self.get_object())
        services.results_announce(cycle=cycle)
        return Response(CycleSerializer(cycle, context=self.get_serializer_context()).data)

    @extend_schema(request=ReleaseSerializer, responses=CycleSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None, format=None):
        """Release a quarter's scores to the officials (locks them)."""
        body = ReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cycle = self.get_object()
        services.quarter_release(actor=request.user, cycle=cycle, quarter=body.validated_data["quarter"])
        return Response(CycleSerializer(cycle, context=self.get_serializer_context()).data)

    @extend_schema(request=OverrideSerializer, responses=ResultSerializer)
    @action(detail=True, methods=["post"])
    def override(self, request, pk=None, format=None):
        """Set (or, with grade null, clear) an official's grade, with the reason."""
        body = OverrideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cycle = self.get_object()
        official = scoped(Official.objects.all(), request.user).filter(pk=body.validated_data["official"]).first()
        if official is None:
            raise serializers.ValidationError({"official": [_("找不到该干部。")]})
        if body.validated_data.get("grade"):
            compute.grade_override(actor=request.user, cycle=cycle, official=official,
                                   grade=body.validated_data["grade"], reason=body.validated_data["reason"],
                                   confirm_over_quota=body.validated_data["confirm_over_quota"])
        else:
            compute.grade_override_clear(actor=request.user, cycle=cycle, official=official,
                                         reason=body.validated_data["reason"])
        result = selectors.results_for_cycle(request.user, cycle).get(official=official)
        return Response(ResultSerializer(result).data)


class ListItemViewSet(ScopedModelViewSet):
    """The positive/negative list catalog, shared by every district."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = ListItem.objects.all()
    serializer_class = ListItemSerializer
    lookup_field = "code"
    filterset_fields = ["kind", "aspect"]
    ordering_fields = ["sort_order", "code"]


class UpsertViewSet(ScopedModelViewSet):
    """POST creates or, when the natural key exists, updates (201 / 200) through `record()`."""

    def record(self, data: dict):
        raise NotImplementedError

    def upsert(self, data: dict) -> tuple:
        """(the recorded row, whether it was created): the natural key is looked up first."""
        with transaction.atomic():
            created = not self.queryset.model.objects.filter(**{f: data[f] for f in self.key_fields}).exists()
            return self.record(data), created

    def shown(self, row):
        """The row as the response shows it: read again through the scoped queryset."""
        return self.get_queryset().get(pk=row.pk)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row, created = self.upsert(dict(serializer.validated_data))
        return Response(self.get_serializer(self.shown(row)).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def perform_update(self, serializer):
        self.refuse_key_change(serializer)
        current = {f: getattr(serializer.instance, f) for f in self.key_fields + self.value_fields}
        serializer.instance = self.record({**current, **serializer.validated_data})

    def refuse_key_change(self, serializer) -> None:
        """The natural key (a score's pledge and quarter, …) is the row's identity: an update
        that changes it would move the row onto another key, so it is refused, naming the field."""
        changed = [f for f in self.key_fields
                   if f in serializer.validated_data and serializer.validated_data[f] != getattr(serializer.instance,
                                                                                                 f)]
        if changed:
            model = self.queryset.model
            raise serializers.ValidationError({
                f: [_("%(field)s是该记录的标识，不能修改；请删除后重新录入。") % {
                    "field": model._meta.get_field(f).verbose_name}]
                for f in changed
            })


class ScoreFilter(django_filters.FilterSet):
    cycle = django_filters.NumberFilter(field_name="pledge__cycle")
    official = django_filters.NumberFilter(field_name="pledge__official")
    unit = django_filters.NumberFilter(field_name="pledge__official__unit")

    class Meta:
        model = QuarterlyScore
        fields = ["cycle", "official", "unit", "pledge", "quarter", "method"]


class QuarterlyScoreViewSet(UpsertViewSet):
    """Quarterly scores: points or letter per approved pledge and quarter. Officials read their own
    once the quarter is released."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = QuarterlyScore.objects.select_related("pledge__cycle", "pledge__official")
    serializer_class = QuarterlyScoreSerializer
    filterset_class = ScoreFilter
    key_fields = ["pledge", "quarter"]
    value_fields = ["score", "letter", "method", "note"]

    def record(self, data):
        return self.upsert(data)[0]

    def upsert(self, data):
        # The service says whether it created the row (it looks the key up under a lock anyway).
        return services.quarterly_score_upsert(
            actor=self.request.user, pledge=data["pledge"], quarter=data["quarter"], score=data.get("score"),
            letter=data.get("letter") or None, method=data.get("method", "investigation"),
            note=data.get("note", ""), reason=data.get("reason", ""), fresh=True,
        )

    def shown(self, row):
        return row  # the service's row carries its pledge, cycle and official, as written

    def perform_update(self, serializer):
        self.refuse_key_change(serializer)
        data = dict(serializer.validated_data)
        if "letter" in data and data["letter"]:
            data["score"] = None
        elif "score" in data and data["score"] is not None:
            data["letter"] = ""
        current = {f: getattr(serializer.instance, f) for f in self.key_fields + self.value_fields}
        serializer.instance = self.record({**current, **data})

    def perform_destroy(self, instance):
        services.quarterly_score_delete(actor=self.request.user, row=instance, reason=_reason(self.request))


class UnitScoreViewSet(UpsertViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = UnitScore.objects.select_related("unit", "cycle")
    serializer_class = UnitScoreSerializer
    filterset_fields = ["unit", "cycle"]
    key_fields = ["unit", "cycle"]
    value_fields = ["score"]

    def record(self, data):
        return services.unit_score_record(actor=self.request.user, unit=data["unit"], cycle=data["cycle"],
                                          score=data["score"], reason=data.get("reason", ""))


class SurveyScoreViewSet(UpsertViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = SurveyScore.objects.select_related("official__unit", "cycle")
    serializer_class = SurveyScoreSerializer
    filterset_fields = ["official", "cycle", "rater_group"]
    key_fields = ["official", "cycle", "rater_group"]
    value_fields = ["score"]

    def record(self, data):
        return services.survey_score_record(actor=self.request.user, official=data["official"], cycle=data["cycle"],
                                            rater_group=data["rater_group"], score=data["score"],
                                            reason=data.get("reason", ""))


class PoliticalReviewViewSet(UpsertViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = PoliticalReview.objects.select_related("official__unit", "cycle")
    serializer_class = PoliticalReviewSerializer
    filterset_fields = ["official", "cycle", "qualified"]
    key_fields = ["official", "cycle"]
    value_fields = ["qualified", "note"]

    def record(self, data):
        return services.political_review_record(
            actor=self.request.user, official=data["official"], cycle=data["cycle"], qualified=data["qualified"],
            note=data.get("note", ""), reason=data.get("reason", ""),
        )


class ListEntryViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = ListEntry.objects.select_related("item", "official", "cycle")
    serializer_class = ListEntrySerializer
    filterset_fields = ["official", "cycle", "item"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.list_entry_add(actor=self.request.user, official=data["official"],
                                                      cycle=data["cycle"], item=data["item"], note=data.get("note", ""))

    def perform_destroy(self, instance):
        services.list_entry_remove(actor=self.request.user, entry=instance, reason=_reason(self.request))


class OutcomeExecutionViewSet(ScopedModelViewSet):
    """After finalize: whether and when each consequence was carried out."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = OutcomeExecution.objects.select_related("result")
    serializer_class = OutcomeExecutionSerializer
    filterset_fields = ["result__cycle", "result__official", "code", "carried_out"]
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        data = serializer.validated_data
        current = serializer.instance
        serializer.instance = compute.outcome_execution_record(
            actor=self.request.user, execution=current,
            carried_out=data.get("carried_out", current.carried_out),
            carried_out_on=data.get("carried_out_on", current.carried_out_on), note=data.get("note", current.note),
        )


class ExemptionViewSet(UpsertViewSet):
    """Exemptions (no grade): officials not graded in a cycle, with the reason code and a note. POST creates or
    changes (one per official and cycle); DELETE withdraws it, with `reason`."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Exemption.objects.select_related("official__unit", "cycle")
    serializer_class = ExemptionSerializer
    filterset_fields = ["official", "cycle"]  # not `reason`: DELETE takes ?reason= as the withdrawal reason
    key_fields = ["official", "cycle"]
    value_fields = ["reason", "note"]

    def record(self, data):
        return services.exemption_record(actor=self.request.user, official=data["official"], cycle=data["cycle"],
                                         reason=data["reason"], note=data.get("note", ""))

    def perform_destroy(self, instance):
        services.exemption_remove(actor=self.request.user, exemption=instance, reason=_reason(self.request))
