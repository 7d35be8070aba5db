from django.contrib.auth import authenticate
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.throttling import AnonRateThrottle

from .. import services
from ..models import User
from ..permissions import RolePermission
from ..tokens import MUST_CHANGE_PASSWORD, token_for
from .mixins import ScopedModelViewSet
from .serializers import AccountSerializer, TokenRequestSerializer, TokenSerializer


class AccountViewSet(ScopedModelViewSet):
    """Accounts. Administrators manage them all; staff open and change the leader and official
    accounts of their own districts; others read the accounts of their districts (an official
    only its own)."""

    permission_classes = [IsAuthenticated, RolePermission]
    queryset = User.objects.prefetch_related("districts")
    serializer_class = AccountSerializer
    filterset_fields = ["role", "districts", "official", "is_active"]
    ordering_fields = ["username"]

    def perform_create(self, serializer):
        serializer.instance = services.account_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.account_update(
            actor=self.request.user, user=serializer.instance, **data
        )


class TokenThrottle(AnonRateThrottle):
    """Per-client limit on token requests, on top of the per-account lockout."""

    scope = "token"


@method_decorator(sensitive_post_parameters("password"), name="dispatch")  # kept out of error reports
class ObtainTokenView(APIView):
    """`POST {"username", "password"}` → `{"token"}`: the account's token, valid for
    API_TOKEN_DAYS days from its issue (a new one once it has expired). Changing the password or
    deactivating the account revokes it. Repeated failures lock the account for this client
    (django-axes), exactly as on the login page."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenThrottle]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    @sensitive_variables("serializer")
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Pass the Django request: django-axes records the failure against this client.
        user = authenticate(request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            return Response(
                {"detail": _("用户名或密码错误，或账号已被暂时锁定。"), "errors": {}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if user.must_change_password:
            return Response({"detail": MUST_CHANGE_PASSWORD, "errors": {}}, status=status.HTTP_403_FORBIDDEN)
        return Response({"token": token_for(user).key})
