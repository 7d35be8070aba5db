"""/api/v1/supervision-entries/ and /api/v1/tolerance-decisions/ (SPEC section 12)."""
import django_filters
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api.mixins import ScopedModelViewSet
from accounts.permissions import RolePermission
from accounts.scoping import CHANGE
from core.parsers import JSONParser, MultiPartParser

from .. import services
from ..models import Attachment, SupervisionEntry, ToleranceDecision
from .serializers import (
    ProposalNoteSerializer,
    RevokeReasonSerializer,
    SupervisionEntrySerializer,
    ToleranceDecisionSerializer,
)


def _reason(request) -> str:
    return request.query_params.get("reason", "") or (request.data.get("reason", "") if hasattr(request.data,
                                                                                                "get") else "")


class SupervisionEntryFilter(django_filters.FilterSet):
    occurred_after = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte",
                                               help_text=gettext_lazy("发生日期不早于"))
    occurred_before = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte",
                                                help_text=gettext_lazy("发生日期不晚于"))

    class Meta:
        model = SupervisionEntry
        fields = ["official", "district", "kind", "severity", "occurred_after", "occurred_before"]


ENTRY_QUERYSET = SupervisionEntry.objects.select_related("official", "proposed_item").prefetch_related(
    Prefetch("attachments", queryset=Attachment.objects.order_by("id")))


class SupervisionEntryViewSet(ScopedModelViewSet):
    """Supervision information: staff record, change and delete (DELETE with
    `reason`); leaders read; an official reads its own entries except those marked internal.
    POST and PATCH take JSON, or multipart with `files` (attachments). An entry may propose a
    negative list entry (`proposed_item`, `proposed_cycle`); `confirm-proposal` records it."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = ENTRY_QUERYSET
    serializer_class = SupervisionEntrySerializer
    filterset_class = SupervisionEntryFilter
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    write_actions = {"confirm_proposal": CHANGE, "dismiss_proposal": CHANGE}

    def base_queryset(self):
        return self.queryset.annotate(tolerated=Exists(ToleranceDecision.objects.filter(
            supervision_entry=OuterRef("pk"), revoked_on__isnull=True))).order_by("-occurred_on", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.supervision_entry_record(
            actor=self.request.user, official=data["official"], kind=data["kind"], occurred_on=data["occurred_on"],
            source=data["source"], summary=data["summary"], severity=data.get("severity", "info"),
            internal=data.get("internal", False), proposed_item=data.get("proposed_item"),
            proposed_cycle=data.get("proposed_cycle"), files=self.request.FILES.getlist("files"))

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("official", None)
        serializer.instance = services.supervision_entry_update(
            actor=self.request.user, entry=serializer.instance, files=self.request.FILES.getlist("files"), **data)

    def perform_destroy(self, instance):
        services.supervision_entry_delete(actor=self.request.user, entry=instance, reason=_reason(self.request))

    @extend_schema(request=ProposalNoteSerializer, responses={200: SupervisionEntrySerializer})
    @action(detail=True, methods=["post"], url_path="confirm-proposal")
    def confirm_proposal(self, request, pk=None, format=None):
        """Record the proposed negative list entry (through the list-entry service)."""
        entry = self.get_object()
        body = ProposalNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.supervision_proposal_confirm(actor=request.user, entry=entry, note=body.validated_data.get("note", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)

    @extend_schema(request=RevokeReasonSerializer, responses={200: SupervisionEntrySerializer})
    @action(detail=True, methods=["post"], url_path="dismiss-proposal")
    def dismiss_proposal(self, request, pk=None, format=None):
        """Decline the proposed negative list entry, with `reason`."""
        entry = self.get_object()
        body = RevokeReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.supervision_proposal_dismiss(actor=request.user, entry=entry, reason=body.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=entry.pk)).data)


class ToleranceDecisionViewSet(ScopedModelViewSet):
    """Error tolerance (tolerated errors, cleared names): staff record a decision on a negative list entry or a
    supervision entry (exactly one); a tolerated negative list entry no longer vetoes from the
    next compute. `revoke` (with `reason`) restores the veto; decisions are never deleted."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = ToleranceDecision.objects.select_related("official", "cycle")
    serializer_class = ToleranceDecisionSerializer
    filterset_fields = ["official", "cycle", "list_entry", "supervision_entry", "clears_name"]
    http_method_names = ["get", "post", "head", "options"]
    write_actions = {"revoke": CHANGE}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.tolerance_decision_record(
            actor=self.request.user, official=data["official"], cycle=data["cycle"],
            list_entry=data.get("list_entry"), supervision_entry=data.get("supervision_entry"),
            grounds=data["grounds"], decided_by=data["decided_by"], approved_on=data["approved_on"],
            clears_name=data.get("clears_name", False), note=data.get("note", ""))

    @extend_schema(request=RevokeReasonSerializer, responses={200: ToleranceDecisionSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None, format=None):
        """Revoke the decision, with `reason` (a tolerated list entry vetoes again)."""
        decision = self.get_object()
        body = RevokeReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.tolerance_decision_revoke(actor=request.user, decision=decision,
                                                      reason=body.validated_data["reason"])
        return Response(self.get_serializer(decision).data, status=status.HTTP_200_OK)
