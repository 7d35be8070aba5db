import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api.mixins import ScopedViewSetMixin
from accounts.permissions import RolePermission

from .. import selectors, services
from ..models import Appeal
from ..scopes import DECIDE, WITHDRAW
from .serializers import AppealSerializer, DecideSerializer, WithdrawSerializer


class AppealFilter(django_filters.FilterSet):
    district = django_filters.NumberFilter(field_name="cycle__district")  # an appeal is its cycle's district's
    overdue = django_filters.BooleanFilter(field_name="overdue")

    class Meta:
        model = Appeal
        fields = ["official", "cycle", "subject", "state", "district", "overdue"]


class AppealViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                    mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Appeals (SPEC section 11). An official files one on its own released quarterly score, approved
    pledge grade or finalized year grade, within the cycle's `appeal_days`, and may withdraw it
    while open; staff of the district decide it (`upheld` or `changed` with `new_value`)."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = Appeal.objects.all()
    serializer_class = AppealSerializer
    filterset_class = AppealFilter
    ordering_fields = ["filed_at", "due_on", "state"]
    write_actions = {"decide": DECIDE, "withdraw": WITHDRAW}

    def get_queryset(self):
        return selectors.appeal_list(self.request.user, today=timezone.localdate())

    def perform_create(self, serializer):
        data = serializer.validated_data
        target = selectors.target_for(self.request.user, data["subject"], data["object_id"])
        if target is None:
            raise serializers.ValidationError({"object_id": [_("找不到可申请复核的对象：%(id)s。") % {
                "id": data["object_id"]}]})
        appeal = services.appeal_file(actor=self.request.user, subject=data["subject"], target=target,
                                      reason=data["reason"])
        serializer.instance = self.get_queryset().get(pk=appeal.pk)

    def _answer(self, appeal):
        return Response(AppealSerializer(self.get_queryset().get(pk=appeal.pk),
                                         context=self.get_serializer_context()).data)

    @extend_schema(request=DecideSerializer, responses=AppealSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None, format=None):
        """Decide an open appeal: `upheld` or `changed` (with `new_value`), with the reason."""
        body = DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        appeal = services.appeal_decide(
            actor=request.user, appeal=self.get_object(), decision=data["state"], reason=data["decision_reason"],
            new_value=data.get("new_value", ""), confirm_over_quota=data.get("confirm_over_quota", False))
        return self._answer(appeal)

    @extend_schema(request=WithdrawSerializer, responses=AppealSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None, format=None):
        """The official withdraws its own open appeal."""
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        appeal = services.appeal_withdraw(actor=request.user, appeal=self.get_object(),
                                          reason=body.validated_data.get("reason", ""))
        return self._answer(appeal)


