"""/api/v1/surveys/ (staff: define, issue codes, open, close, confirm, results) and the public,
account-free /api/v1/public/ballots/<code>/ (SPEC section 10)."""
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.mixins import ScopedModelViewSet
from accounts.permissions import RolePermission
from accounts.scoping import CHANGE, scoped

from .. import selectors, services
from ..models import BallotCode, Survey
from ..throttling import BallotThrottle
from .serializers import (
    BallotSubmitSerializer,
    CodesRequestSerializer,
    CodesSerializer,
    ProposalChangeSerializer,
    ProposalSerializer,
    PublicBallotSerializer,
    ResultsSerializer,
    SurveySerializer,
)


class SurveyViewSet(ScopedModelViewSet):
    """Staff: the surveys of their districts' cycles; leaders read; officials see none."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Survey.objects.select_related("cycle").prefetch_related("items", "officials")
    serializer_class = SurveySerializer
    filterset_fields = ["cycle", "kind", "state"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    write_actions = {"codes": CHANGE, "open": CHANGE, "close": CHANGE, "confirm": CHANGE, "proposals": CHANGE}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.survey_create(
            actor=self.request.user, cycle=data["cycle"], kind=data["kind"], title=data["title"],
            items=SurveySerializer.item_inputs(data["items"]), scale=data.get("scale"),
            settings=data.get("settings"), officials=data.get("officials"))

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.survey_update(
            actor=self.request.user, survey=serializer.instance, title=data.get("title"),
            items=SurveySerializer.item_inputs(data.get("items")), scale=data.get("scale"),
            settings=data.get("settings"), officials=data.get("officials"), reason=data.get("reason", ""))

    def _fresh(self, survey, code=status.HTTP_200_OK):
        return Response(SurveySerializer(self.get_queryset().get(pk=survey.pk),
                                         context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=CodesRequestSerializer, responses={201: CodesSerializer})
    @action(detail=True, methods=["post"])
    def codes(self, request, pk=None, format=None):
        """Issue one-time ballot codes for a rater group: the plain codes are in this answer only."""
        survey = self.get_object()
        body = CodesRequestSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        unit = body.validated_data.get("unit")
        if unit is not None and not scoped(type(unit).objects.filter(pk=unit.pk), request.user).exists():
            raise Http404
        codes = services.codes_issue(actor=request.user, survey=survey, rater_group=body.validated_data["rater_group"],
                                     count=body.validated_data["count"], unit=unit)
        return Response({"codes": codes}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None, format=None):
        """draft → open: raters may submit ballots."""
        return self._fresh(services.survey_open(actor=request.user, survey=self.get_object()))

    @extend_schema(request=None, responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None, format=None):
        """open → closed: computes the aggregates (see results)."""
        return self._fresh(services.survey_close(actor=request.user, survey=self.get_object()))

    @extend_schema(request=None, responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None, format=None):
        """closed → confirmed: writes the SurveyScores (groups that count) or PoliticalReviews."""
        return self._fresh(services.survey_confirm(actor=request.user, survey=self.get_object()))

    @extend_schema(responses=ResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None, format=None):
        """Per official and rater group: codes issued, valid ballots, counted (or why not), score;
        political surveys also the political score, negative shares and proposed qualified."""
        survey = self.get_object()
        rows = selectors.survey_results(survey) if survey.state in (Survey.State.CLOSED,
                                                                     Survey.State.CONFIRMED) else []
        return Response(ResultsSerializer({"survey": survey.pk, "state": survey.state, "results": rows}).data)

    @extend_schema(request=ProposalChangeSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def proposals(self, request, pk=None, format=None):
        """Change the proposed political conclusion of one official, with a reason (before confirm)."""
        survey = self.get_object()
        body = ProposalChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = survey.proposals.filter(official_id=body.validated_data["official"]).first()
        if proposal is None:
            return Response({"detail": _("该干部没有政治素质测评建议。"), "errors": {"official": [_("不存在。")]}},
                            status=status.HTTP_400_BAD_REQUEST)
        proposal = services.proposal_change(actor=request.user, proposal=proposal,
                                            qualified=body.validated_data["qualified"],
                                            reason=body.validated_data["reason"])
        return Response(ProposalSerializer(proposal).data)


def unavailable(exc: services.BallotUnavailable) -> Response:
    return Response({"detail": exc.message, "errors": {}}, status=exc.status)


class PublicBallotView(APIView):
    """A rater's ballot, without an account: GET what to rate; POST the answers (once). An
    unknown and a spent code get the same 404; a code of a finished survey 410."""

    permission_classes = [AllowAny]
    authentication_classes = []
    model = BallotCode  # what `code` names (the URL walk fills it)

    def get_throttles(self):
        return [BallotThrottle()] if self.request.method == "POST" else super().get_throttles()

    @extend_schema(responses=PublicBallotSerializer, operation_id="public_ballot_retrieve")
    def get(self, request, code: str):
        try:
            row = services.ballot_for_code(code)
        except services.BallotUnavailable as exc:
            return unavailable(exc)
        return Response(PublicBallotSerializer(selectors.ballot_context(row)).data)

    @extend_schema(request=BallotSubmitSerializer, responses={201: None}, operation_id="public_ballot_submit")
    def post(self, request, code: str):
        body = BallotSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.ballot_submit(code=code, answers=body.inputs())
        except services.BallotUnavailable as exc:
            return unavailable(exc)
        return Response({"detail": _("提交成功，感谢您参与测评。")}, status=status.HTTP_201_CREATED)
