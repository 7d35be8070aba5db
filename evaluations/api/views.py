from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api.mixins import ScopedModelViewSet
from accounts.permissions import RolePermission
from accounts.scoping import CHANGE

from .. import services
from ..models import Cycle, ListItem
from .serializers import CycleSerializer, ListItemSerializer


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

    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None, format=None):
        """planning → in_progress → evaluating; answers the cycle in its new state."""
        cycle = services.cycle_advance(actor=request.user, cycle=self.get_object())
        return Response(self.get_serializer(cycle).data)


class ListItemViewSet(ScopedModelViewSet):
    """The positive/negative list catalog, shared by every district."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = ListItem.objects.all()
    serializer_class = ListItemSerializer
    lookup_field = "code"
    filterset_fields = ["kind", "aspect"]
    ordering_fields = ["sort_order", "code"]
