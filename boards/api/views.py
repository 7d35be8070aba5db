from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.mixins import ScopedModelViewSet
from accounts.permissions import RolePermission
from accounts.scoping import CHANGE
from core.throttling import AnonRateThrottle
from cycles import states
from cycles.api.serializers import TaskStartedSerializer
from cycles.states import Activity

from .. import selectors, services
from ..models import Board, Feedback
from ..tasks import board_publish_task
from .serializers import (
    BoardSerializer,
    FeedbackSerializer,
    PublicBoardSerializer,
    PublicDistrictSerializer,
    PublicFeedbackSerializer,
    RollbackSerializer,
)


def public_payload(data: dict) -> dict:
    return {**data["snapshot"], "version": data["number"], "feedback": data["feedback"]}


class CyclePublishActions:
    """The cycle endpoint's publish action (composed into the cycle viewset in cadreboard/api.py)."""

    write_actions = {"publish": CHANGE}

    @extend_schema(request=None, responses={202: TaskStartedSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None, format=None):
        """Publish the cycle's public board (a Celery task: a new immutable version, made live)."""
        cycle = self.get_object()
        states.require(cycle, Activity.PUBLISH)
        return self.task_response(cycle, "publish", board_publish_task, [cycle.pk, request.user.pk])


class PublicBoardView(APIView):
    """A published board as JSON (the WeChat article and other sites read it)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=PublicBoardSerializer, operation_id="public_board_retrieve",
                   parameters=[OpenApiParameter("version", int, description="an earlier version (default: live)")])
    def get(self, request, district_code: str, year: int):
        version = request.query_params.get("version", "")
        data = (selectors.board_version(district_code, year, int(version)) if version.isdigit()
                else selectors.live_board(district_code, year))
        if data is None:
            raise Http404
        return Response(public_payload(data))


class PublicDistrictView(APIView):
    """The years a district has published."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=PublicDistrictSerializer, operation_id="public_district_retrieve")
    def get(self, request, district_code: str):
        data = selectors.district_boards(district_code)
        if data is None:
            raise Http404
        return Response(data)


class FeedbackThrottle(AnonRateThrottle):
    scope = "feedback"


class PublicFeedbackView(APIView):
    """`POST {"pledge", "content", "contact"}`: a message about a published pledge, shown once
    staff approve it. Rate-limited per client."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [FeedbackThrottle]

    @extend_schema(request=PublicFeedbackSerializer, responses={201: None})
    def post(self, request, district_code: str, year: int):
        board = Board.objects.filter(cycle__district__code=district_code, cycle__year=year,
                                     live_version__isnull=False).select_related("live_version").first()
        if board is None:
            raise Http404
        body = PublicFeedbackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.feedback_submit(board=board, pledge_id=body.validated_data["pledge"],
                                 content=body.validated_data["content"], contact=body.validated_data.get("contact", ""),
                                 key=services.client_key(request.META.get("REMOTE_ADDR", "")))
        return Response({"detail": _("留言已收到，审核后公开。")}, status=status.HTTP_201_CREATED)


class BoardViewSet(ScopedModelViewSet):
    """Staff: the boards of their districts, their versions, rollback, auto-republish."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Board.objects.select_related("cycle__district", "live_version").prefetch_related(
        "versions__published_by")
    serializer_class = BoardSerializer
    filterset_fields = ["cycle"]
    http_method_names = ["get", "patch", "post", "head", "options"]
    write_actions = {"rollback": CHANGE}

    def create(self, request, *args, **kwargs):
        return Response({"detail": _("请通过 /api/v1/cycles/<id>/publish/ 公示。"), "errors": {}},
                        status=status.HTTP_405_METHOD_NOT_ALLOWED)

    @extend_schema(request=RollbackSerializer, responses=BoardSerializer)
    @action(detail=True, methods=["post"])
    def rollback(self, request, pk=None, format=None):
        """Make an earlier version live again."""
        body = RollbackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        board = services.board_rollback(actor=request.user, board=self.get_object(),
                                        number=body.validated_data["number"],
                                        reason=body.validated_data.get("reason", ""))
        return Response(BoardSerializer(self.get_queryset().get(pk=board.pk)).data)


class FeedbackViewSet(ScopedModelViewSet):
    """Staff moderation: approve or reject a message, reply to it."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Feedback.objects.select_related("pledge__official", "board")
    serializer_class = FeedbackSerializer
    filterset_fields = ["board", "status", "pledge"]
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.feedback_moderate(
            actor=self.request.user, feedback=serializer.instance,
            status=data.get("status", serializer.instance.status), reply=data.get("reply"),
        )
