"""API tokens (`Authorization: Token <key>`): valid for API_TOKEN_DAYS from their issue, and
revoked with the password they were obtained with and when the account is deactivated."""
from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied

EXPIRED = _("令牌已过期，请重新获取（POST /api/v1/auth/token/）。")
# An account whose password staff reset to a temporary one works nowhere until it sets its own.
MUST_CHANGE_PASSWORD = _("该账号正在使用临时密码：请先登录网页（/accounts/password/）修改密码，再使用接口。")


def token_expired(token: Token, *, now: datetime.datetime | None = None) -> bool:
    """True once API_TOKEN_DAYS have passed since the token was issued."""
    lifetime = datetime.timedelta(days=settings.API_TOKEN_DAYS)
    return token.created + lifetime <= (now or timezone.now())


@transaction.atomic
def token_for(user) -> Token:
    """The user's token: the current one while it is valid, else a new one."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and token_expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def tokens_revoke(user) -> None:
    """Delete the user's tokens (a new password, a deactivated account)."""
    Token.objects.filter(user_id=user.pk).delete()


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than API_TOKEN_DAYS with a 401 that
    says how to get a new one, and any token of an account that must first change its temporary
    password with a 403 that says so."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise AuthenticationFailed(EXPIRED)
        if user.must_change_password:
            raise PermissionDenied(MUST_CHANGE_PASSWORD)
        return user, token
