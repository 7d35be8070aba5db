"""growth's API: list / create / update / delete of each record, scoped (accounts.scoping) and
audited; a participant's `result` is the mean of its judges' scores (growth.rules.contest_result);
the pay-and-post workbook of a district."""
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from accounts.api.mixins import ScopedModelViewSet
from accounts.permissions import RolePermission
from accounts.scoping import scoped
from excel.responses import XLSX
from org.models import District

from .. import services
from ..models import (
    Competency,
    CompetencyAssessment,
    CompetencyRequirement,
    ContestEvent,
    ContestParticipant,
    JudgeQuestion,
    JudgeScore,
    LearningActivity,
)
from . import serializers as s


class LearningActivityViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = LearningActivity.objects.select_related("official")
    serializer_class = s.LearningActivitySerializer
    filterset_fields = ["district", "official", "kind"]
    ordering_fields = ["held_on", "points"]

    def perform_create(self, serializer):
        serializer.instance = services.activity_record(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.activity_update(actor=self.request.user, activity=serializer.instance,
                                                       **serializer.validated_data)


class ContestEventViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = ContestEvent.objects.all()
    serializer_class = s.ContestEventSerializer
    filterset_fields = ["district", "kind"]
    ordering_fields = ["held_on"]


class ContestParticipantViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = ContestParticipant.objects.select_related("official").prefetch_related("scores")
    serializer_class = s.ContestParticipantSerializer
    filterset_fields = ["event", "official"]


class JudgeScoreViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = JudgeScore.objects.all()
    serializer_class = s.JudgeScoreSerializer
    filterset_fields = ["participant", "participant__event"]


class JudgeQuestionViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = JudgeQuestion.objects.all()
    serializer_class = s.JudgeQuestionSerializer
    filterset_fields = ["participant", "participant__event"]


class CompetencyViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Competency.objects.all()
    serializer_class = s.CompetencySerializer
    filterset_fields = ["district"]


class CompetencyRequirementViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = CompetencyRequirement.objects.all()
    serializer_class = s.CompetencyRequirementSerializer
    filterset_fields = ["competency", "post_kind"]


class CompetencyAssessmentViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = CompetencyAssessment.objects.all()
    serializer_class = s.CompetencyAssessmentSerializer
    filterset_fields = ["competency", "official"]


class PayPostExportView(APIView):
    """GET /api/v1/growth/pay-post/<district id>.xlsx: the district's pay-and-post workbook (staff
    and leaders of the district)."""

    permission_classes = [IsAuthenticated]
    model = District  # the URL's pk (the URL walk fills it with another district's)

    @extend_schema(operation_id="growth_pay_post_download",
                   responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, pk: int):
        from ..views import READERS, pay_post_response

        district = scoped(District.objects.filter(pk=pk), request.user).first()
        if district is None or request.user.role not in READERS:
            raise Http404
        return pay_post_response(request, district)

