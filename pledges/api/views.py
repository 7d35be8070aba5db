import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api.mixins import ScopedModelViewSet, ScopedReadOnlyViewSet
from accounts.permissions import RolePermission
from accounts.scoping import CHANGE, PROGRESS, REVIEW, REVISE, SUBMIT, scoped
from core.parsers import JSONParser, MultiPartParser

from .. import selectors, services
from ..models import Pledge, PledgeRevision, Reminder
from .serializers import (
    ApproveSerializer,
    BulkApproveSerializer,
    OptionalApproveSerializer,
    PledgeDetailSerializer,
    PledgeSerializer,
    ProgressSerializer,
    ReasonSerializer,
    ReminderSerializer,
    ReviseSerializer,
    RevisionSerializer,
    TimelineEventSerializer,
)


class PledgeFilter(django_filters.FilterSet):
    district = django_filters.NumberFilter(field_name="cycle__district")  # a pledge is its cycle's district's
    unit = django_filters.NumberFilter(field_name="official__unit")
    overdue = django_filters.BooleanFilter(field_name="is_overdue")
    search = django_filters.CharFilter(method="filter_search", help_text=gettext_lazy("按目标名称、内容或干部姓名搜索"))

    class Meta:
        model = Pledge
        fields = ["official", "cycle", "status", "category", "kind", "grade", "district", "unit", "overdue"]

    def filter_search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(title__icontains=value) | Q(content__icontains=value) | Q(official__name__icontains=value)
        )


def _ratings(data: dict) -> dict:
    ratings = data.get("ratings") or {}
    return {key: ratings.get(key) for key in ("difficulty", "innovation", "contribution")}


class PledgeViewSet(ScopedModelViewSet):
    """Pledges. Officials file and edit their own drafts, submit them, propose revisions
    after approval and post progress; staff review, grade and return."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Pledge.objects.all()
    filterset_class = PledgeFilter
    ordering_fields = ["due_on", "title", "official__name", "status", "grade"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    write_actions = {
        "submit": SUBMIT, "approve": REVIEW, "return_": REVIEW, "regrade": REVIEW, "revise": REVISE,
        "approve_revision": REVIEW, "return_revision": REVIEW, "bulk_approve": REVIEW, "progress": PROGRESS,
    }

    def get_queryset(self):
        return selectors.pledge_list(self.request.user, today=timezone.localdate())

    def get_serializer_class(self):
        return PledgeDetailSerializer if self.action == "retrieve" else PledgeSerializer

    def perform_create(self, serializer):
        serializer.instance = services.pledge_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.pledge_update(
            actor=self.request.user, pledge=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.pledge_delete(actor=self.request.user, pledge=instance)

    def _answer(self, pledge, code=status.HTTP_200_OK):
        pledge = self.get_queryset().get(pk=pledge.pk)
        return Response(PledgeSerializer(pledge, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=None, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, format=None):
        """draft/returned → submitted (needs 3–5 pledges of the kind covering all categories)."""
        return self._answer(services.pledge_submit(actor=request.user, pledge=self.get_object()))

    @extend_schema(request=ApproveSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, format=None):
        """submitted → approved with ratings; optional overriding grade with reason."""
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pledge = services.pledge_approve(
            actor=request.user, pledge=self.get_object(), **_ratings(body.validated_data),
            grade=body.validated_data.get("grade") or None, reason=body.validated_data.get("reason", ""),
        )
        return self._answer(pledge)

    @extend_schema(request=ReasonSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None, format=None):
        """submitted → returned, with the reason."""
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(services.pledge_return(actor=request.user, pledge=self.get_object(),
                                                   reason=body.validated_data["reason"]))

    @extend_schema(request=ApproveSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def regrade(self, request, pk=None, format=None):
        """Change an approved pledge's ratings or grade, with a reason."""
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pledge = services.pledge_regrade(
            actor=request.user, pledge=self.get_object(), **_ratings(body.validated_data),
            grade=body.validated_data.get("grade") or None, reason=body.validated_data.get("reason", ""),
        )
        return self._answer(pledge)

    @extend_schema(request=ReviseSerializer, responses={201: RevisionSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None, format=None):
        """Propose a change to an approved pledge (a new revision for staff to approve)."""
        body = ReviseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        revision = services.pledge_revise(actor=request.user, pledge=self.get_object(), **body.validated_data)
        return Response(RevisionSerializer(revision).data, status=status.HTTP_201_CREATED)

    def _pending_revision(self):
        pledge = self.get_object()
        return get_object_or_404(PledgeRevision, pledge=pledge, status=PledgeRevision.Status.SUBMITTED)

    @extend_schema(request=OptionalApproveSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"], url_path="approve-revision")
    def approve_revision(self, request, pk=None, format=None):
        """Put the pending revision in force (optionally with new ratings)."""
        body = OptionalApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ratings = _ratings(body.validated_data) if body.validated_data.get("ratings") else {}
        pledge = services.revision_approve(
            actor=request.user, revision=self._pending_revision(), **ratings,
            grade=body.validated_data.get("grade") or None, reason=body.validated_data.get("reason", ""),
        )
        return self._answer(pledge)

    @extend_schema(request=ReasonSerializer, responses=RevisionSerializer)
    @action(detail=True, methods=["post"], url_path="return-revision")
    def return_revision(self, request, pk=None, format=None):
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        revision = services.revision_return(actor=request.user, revision=self._pending_revision(),
                                            reason=body.validated_data["reason"])
        return Response(RevisionSerializer(revision).data)

    @extend_schema(request=BulkApproveSerializer, responses=PledgeSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="bulk-approve")
    def bulk_approve(self, request, format=None):
        """Approve several submitted pledges at once, all or none."""
        body = BulkApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        items = body.validated_data["items"]
        found = scoped(Pledge.objects.select_related("cycle"), request.user, REVIEW).in_bulk([i["id"] for i in items])
        missing = [i["id"] for i in items if i["id"] not in found]
        if missing:
            raise serializers.ValidationError(
                {"items": [_("找不到目标：%(ids)s") % {"ids": ", ".join(map(str, missing))}]})
        approved = services.pledges_approve_many(actor=request.user, items=[
            {"pledge": found[i["id"]], **_ratings(i), "grade": i.get("grade") or None, "reason": i.get("reason", "")}
            for i in items
        ])
        rows = self.get_queryset().filter(pk__in=[p.pk for p in approved])
        return Response(PledgeSerializer(rows, many=True, context=self.get_serializer_context()).data)

    @extend_schema(methods=["GET"], responses=ProgressSerializer(many=True))
    @extend_schema(methods=["POST"], request={"multipart/form-data": ProgressSerializer},
                   responses={201: ProgressSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # the whole list, unpaginated
    def progress(self, request, pk=None, format=None):
        """Progress updates (newest first); POST multipart text, percent, files[]."""
        pledge = self.get_object()
        if request.method == "GET":
            rows = pledge.progress.select_related("author").prefetch_related("evidence")
            return Response(ProgressSerializer(rows, many=True).data)
        body = ProgressSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        files = request.FILES.getlist("files")
        update = services.progress_post(actor=request.user, pledge=pledge, text=body.validated_data["text"],
                                        percent=body.validated_data["percent"], files=files)
        return Response(ProgressSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TimelineEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # the whole timeline, unpaginated
    def history(self, request, pk=None, format=None):
        """The audit timeline: who, when, what changed (old → new), why."""
        return Response(TimelineEventSerializer(selectors.pledge_timeline(self.get_object()), many=True).data)


class ReminderViewSet(ScopedReadOnlyViewSet):
    """Deadline reminders: an official reads its own and marks them read."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Reminder.objects.select_related("official", "cycle")
    serializer_class = ReminderSerializer
    filterset_fields = ["official", "cycle", "kind"]
    write_actions = {"read": CHANGE}

    @extend_schema(request=None, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None, format=None):
        reminder = self.get_object()
        services.reminder_mark_read(actor=request.user, reminder=reminder)
        reminder.refresh_from_db()
        return Response(ReminderSerializer(reminder).data)
