"""/api/v1/cycles/ and /api/v1/tasks/<task_id>/.

The cycle endpoint is composed in cadreboard/api.py: this viewset (create, read, update,
advance) with the actions of the apps above (evaluations: compute, results, release, override,
finalize; boards: publish). Each of those mixins adds its `write_actions`."""
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.mixins import ScopedModelViewSet
from accounts.permissions import RolePermission
from accounts.scoping import CHANGE

from .. import selectors, services
from ..models import Cycle, TaskRecord
from .serializers import CycleSerializer, TaskStatusSerializer


class CycleViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Cycle.objects.select_related("district")
    serializer_class = CycleSerializer
    filterset_fields = ["district", "year", "state"]
    ordering_fields = ["year"]
    write_actions = {"advance": CHANGE}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.cycle_create(
            actor=self.request.user, district=data["district"], year=data["year"],
            settings=data.get("settings"), pledge_deadline=data.get("pledge_deadline"),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.cycle_update(
            actor=self.request.user, cycle=serializer.instance, settings=data.get("settings"),
            pledge_deadline=data.get("pledge_deadline"), reason=data.get("reason", ""),
        )

    @extend_schema(request=None, responses=CycleSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None, format=None):
        """planning → in_progress → evaluating; answers the cycle in its new state."""
        cycle = services.cycle_advance(actor=request.user, cycle=self.get_object())
        return Response(CycleSerializer(cycle, context=self.get_serializer_context()).data)

    def task_response(self, cycle, kind, task, args):
        """Start `task` for `cycle` (services.task_start): 202 with its id, or 503 when the queue
        is down. The long actions of the apps above answer with it."""
        try:
            task_id = services.task_start(actor=self.request.user, cycle=cycle, kind=kind, task=task, args=args)
        except services.QueueUnavailable as exc:
            return Response({"detail": str(exc), "errors": {}}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response({"task_id": task_id}, status=status.HTTP_202_ACCEPTED)


class TaskStatusView(APIView):
    """State (pending/running/success/failure), progress 0–100 and result of a long task."""

    permission_classes = [IsAuthenticated]
    model = TaskRecord  # the object its task_id names (scoped in selectors.task_status)

    @extend_schema(responses=TaskStatusSerializer)
    def get(self, request, task_id: str):
        answer = selectors.task_status(request.user, task_id)
        if answer is None:
            raise Http404
        return Response(answer)
