"""django-axes lockout response: JSON for the API (its error shape), the lockout page otherwise."""
from django.http import JsonResponse
from django.shortcuts import render

LOCKED_MESSAGE = "连续多次登录失败，账号已被暂时锁定，请稍后再试或联系系统管理员。"


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": LOCKED_MESSAGE, "errors": {}}, status=429)
    return render(request, "accounts/locked.html", {"message": LOCKED_MESSAGE}, status=429)
