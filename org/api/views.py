import django_filters
from rest_framework.permissions import IsAuthenticated

from accounts.api.mixins import ScopedModelViewSet
from accounts.permissions import RolePermission

from .. import services
from ..models import District, Official, Unit
from .serializers import DistrictSerializer, OfficialSerializer, UnitSerializer


class DistrictViewSet(ScopedModelViewSet):
    """Districts. Everyone signed in reads its own districts; only system administrators write."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = District.objects.all()
    serializer_class = DistrictSerializer
    filterset_fields = ["code"]
    ordering_fields = ["code", "name"]


class UnitViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_fields = ["district", "kind"]
    ordering_fields = ["sort_order", "name"]


class OfficialFilter(django_filters.FilterSet):
    district = django_filters.NumberFilter(field_name="unit__district")
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Official
        fields = ["district", "unit", "rank_level", "is_principal", "name"]


class OfficialViewSet(ScopedModelViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Official.objects.select_related("unit").prefetch_related("posts__unit")
    serializer_class = OfficialSerializer
    filterset_class = OfficialFilter
    ordering_fields = ["name", "appointed_on", "unit__sort_order"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("reason", None)
        data.pop("confirm_front_line", None)
        serializer.instance = services.official_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        confirm = data.pop("confirm_front_line", False)
        official = services.official_update(
            actor=self.request.user, official=serializer.instance, reason=reason, confirm_front_line=confirm, **data
        )
        # The service saves its own copy of the row: answer that one, with its new post history.
        serializer.instance = self.get_queryset().get(pk=official.pk)
