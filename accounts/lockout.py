"""django-axes lockout response: JSON for the API (its error shape), the lockout page otherwise."""
from axes.helpers import get_cool_off, get_failure_limit
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    if request.path.startswith("/api/"):
        message = _("连续多次登录失败，账号已被暂时锁定，请稍后再试或联系系统管理员。")
        return JsonResponse({"detail": message, "errors": {}}, status=429)
    context = {"failure_limit": get_failure_limit(request, credentials), "cooloff_timedelta": cool_off}
    return render(request, "accounts/locked.html", context, status=429)
