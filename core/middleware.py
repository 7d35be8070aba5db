from functools import partial

from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import uploads


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user chose otherwise (the language switch sets a cookie): the
    browser's Accept-Language is not consulted, so an English-language browser at a government
    office still gets the Chinese UI the department works in (SPEC section 9)."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class UploadNamesMiddleware:
    """Pages parse multipart bodies with core.uploads' parser, so a file named `..` refuses
    the request (400, naming the file) instead of vanishing from a form that is then saved. The
    body is parsed here, where the refusal can still be answered; the API parses its own
    (core.parsers.MultiPartParser)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not request.path_info.startswith("/api/") \
                and request.content_type == "multipart/form-data":
            request.parse_file_upload = partial(uploads.parse_file_upload, request)
            try:
                request.POST  # noqa: B018 -- parse now
            except uploads.UnusableFileName as exc:
                return render(request, "400.html", {"message": str(exc)}, status=400)
        return self.get_response(request)


NUL_REFUSED = _("请求中含有空字符（NUL），无法处理。")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(data) -> bool:
    """True when a QueryDict's names or values contain a NUL byte."""
    return any("\x00" in name or any("\x00" in value for value in values) for name, values in data.lists())


class RefuseNulMiddleware:
    """Refuses with a 400 any request with a NUL byte in its path, its query string or (pages) its
    form fields. No text Cadreboard stores or looks up may contain one, and PostgreSQL refuses it
    in a query (a DataError, i.e. a 500), wherever a view, a form, a filter or the admin passes it
    on: so it is stopped here, once, for every view. The API's JSON bodies are DRF's: its
    CharField refuses NUL with a field error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or _has_nul(request.GET) or self._form_has_nul(request):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": NUL_REFUSED, "errors": {}}, status=400)
            return render(request, "400.html", {"message": NUL_REFUSED}, status=400)
        return self.get_response(request)

    @staticmethod
    def _form_has_nul(request) -> bool:
        # The API parses its own bodies (DRF); a page's form body is parsed by Django here, as
        # CsrfViewMiddleware would parse it next.
        if request.method != "POST" or request.path_info.startswith("/api/"):
            return False
        if not request.content_type.startswith(FORM_TYPES):
            return False
        return _has_nul(request.POST)
