"""/api/v1/reserve-categories/, reserve-placements/, mentor-pairs/, talks/, due-talks/: the
development rows of the user's districts. Writes go through the services (audited); a
placement is removed (POST …/remove/) and a pair ended (POST …/end/), never deleted."""
import django_filters
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api.mixins import ScopedModelViewSet, ScopedViewSetMixin
from accounts.permissions import RolePermission
from accounts.scoping import CHANGE
from org.models import Post
from org.rules import STREET

from .. import services
from ..models import DueTalk, MentorPair, Placement, ReserveCategory, Talk
from .serializers import (
    DueTalkSerializer,
    EndSerializer,
    MentorPairSerializer,
    PlacementSerializer,
    RemoveSerializer,
    ReserveCategorySerializer,
    TalkSerializer,
)


class _CreateReadViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                         mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, RolePermission]


class ReserveCategoryViewSet(ScopedModelViewSet):
    """A district's reserve categories with their current counts; staff add, rename, reorder and
    retire them (`is_active`); a category with placements cannot be deleted (409)."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = ReserveCategory.objects.annotate(
        placed=Count("placements", filter=Q(placements__removed_on__isnull=True))).order_by(
        "district", "sort_order", "name")
    serializer_class = ReserveCategorySerializer
    filterset_fields = ["district", "is_active"]


class PlacementFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(field_name="official__unit")
    rank_level = django_filters.CharFilter(field_name="official__rank_level")
    current = django_filters.BooleanFilter(field_name="removed_on", lookup_expr="isnull")
    street = django_filters.BooleanFilter(field_name="street")

    class Meta:
        model = Placement
        fields = ["district", "category", "official", "unit", "rank_level", "current", "street"]


class PlacementViewSet(_CreateReadViewSet):
    """Placements in the reserve pool (current and removed); `street` flags officials who hold or
    held a street post. Filters: district, category, official, unit, rank_level, current, street."""

    queryset = Placement.objects.select_related("official", "category").annotate(
        street=Exists(Post.objects.filter(official=OuterRef("official_id"), unit__kind=STREET))).order_by(
        "category__sort_order", "-placed_on", "pk")
    serializer_class = PlacementSerializer
    filterset_class = PlacementFilter
    write_actions = {"remove": CHANGE}

    def perform_create(self, serializer):
        placement = services.placement_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=placement.pk)

    @action(detail=True, methods=["post"], serializer_class=RemoveSerializer)
    def remove(self, request, pk=None, format=None):
        """Take the placement out of the pool with a reason; it stays in the history."""
        body = RemoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.placement_remove(actor=request.user, placement=self.get_object(), **body.validated_data)
        return Response(PlacementSerializer(self.get_queryset().get(pk=pk), context=self.get_serializer_context()).data)


class MentorPairViewSet(_CreateReadViewSet):
    """Mentor pairs (one-to-one; several pairs make several-to-one). Filters: district, mentor, mentee."""

    queryset = MentorPair.objects.select_related("mentor", "mentee").annotate(talk_count=Count("talks")).order_by(
        "-started_on", "pk")
    serializer_class = MentorPairSerializer
    filterset_fields = ["district", "mentor", "mentee"]
    write_actions = {"end": CHANGE}

    def perform_create(self, serializer):
        pair = services.pair_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=pair.pk)

    @action(detail=True, methods=["post"], serializer_class=EndSerializer)
    def end(self, request, pk=None, format=None):
        """End the pair on `ended_on`."""
        body = EndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.pair_end(actor=request.user, pair=self.get_object(), **body.validated_data)
        return Response(MentorPairSerializer(self.get_queryset().get(pk=pk),
                                             context=self.get_serializer_context()).data)


class TalkViewSet(_CreateReadViewSet):
    """The conversation log (talks); recording a talk closes the official's open due talks.
    Filters: district, official, pair, pair__mentor."""

    queryset = Talk.objects.select_related("official").order_by("-held_on", "-pk")
    serializer_class = TalkSerializer
    filterset_fields = ["district", "official", "pair", "pair__mentor", "occasion"]

    def perform_create(self, serializer):
        serializer.instance = services.talk_record(actor=self.request.user, **serializer.validated_data)


class DueTalkFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(field_name="closed_on", lookup_expr="isnull")

    class Meta:
        model = DueTalk
        fields = ["district", "official", "occasion", "open"]


class DueTalkViewSet(_CreateReadViewSet):
    """Must-talks owed, with `overdue`; staff record a difficulty or a family event (the
    post change and the warning sign are raised automatically). Filters: district, official,
    occasion, open."""

    queryset = DueTalk.objects.select_related("official").order_by("closed_on", "due_on", "pk")
    serializer_class = DueTalkSerializer
    filterset_class = DueTalkFilter

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def perform_create(self, serializer):
        data = serializer.validated_data
        due = services.due_talk_raise(actor=self.request.user, official=data["official"], occasion=data["occasion"],
                                      detail=data.get("detail", ""), source=f"manual:{timezone.now():%Y%m%d%H%M%S%f}")
        serializer.instance = due
