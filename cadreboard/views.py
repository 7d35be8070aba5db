from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults

from accounts.access import public, signed_in
from core import markdown

RULES_DOCUMENT = settings.BASE_DIR / "docs" / "rules.md"
# In English the page is the document's English summary, under an English title.
ENGLISH_SUMMARY = "## English summary"


@public
def ping(request):
    """Liveness: the process answers, without touching the database (also the baseline of the
    board benchmark: the cheapest response Django can give)."""
    return HttpResponse("ok", content_type="text/plain")


@public
def healthz(request):
    """For load balancers and docker-compose: the app answers and its database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@public
def moved_admin(request, model: str, rest: str):
    """Cycles and tasks moved from the evaluations app to cycles: old admin links and bookmarks
    (/admin/evaluations/cycle/…) lead to the same page under /admin/cycles/ (which checks who
    may see it)."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"/admin/cycles/{model}/{rest}" + (f"?{query}" if query else ""))


@signed_in
def help_rules(request):
    """考核规则: the review rules as the department's staff need them, from docs/rules.md (one text
    for the repository and the app), linked from every page's footer."""
    text = RULES_DOCUMENT.read_text(encoding="utf-8")
    if get_language() == "en":
        text = "# {title}\n\n{note}\n{summary}".format(
            title=_("考核规则（组织部工作人员用）"),
            note=_("这是规则的摘要；完整的规则（含各表格）为中文，切换到中文即可查看。"),
            summary=text.partition(ENGLISH_SUMMARY)[2],
        )
    body = markdown.render(text)
    return render(request, "help/rules.html", {"body": body})


# Error pages (handler400/403/404/500 in cadreboard/urls.py): under /api/ the API's JSON error
# shape (core/api_errors.py) also for what Django answers before a DRF view runs — a path
# that matches no pattern, a CSRF failure, a crash; HTML pages everywhere else.


def _api_error(request, message, status):
    return JsonResponse({"detail": message, "errors": {}}, status=status)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception):
    if _is_api(request):
        return _api_error(request, _("请求无效。"), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _api_error(request, _("您没有执行该操作的权限。"), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _api_error(request, _("未找到。"), 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _api_error(request, _("服务器内部错误。"), 500)
    return defaults.server_error(request)
