"""One JSON error shape for the whole API: {"detail": message, "errors": {field: [messages]}}."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return Response(
            {"detail": _("仍有其他数据引用此记录，不能删除。"), "errors": {}},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        # Model and service validation surfaces as a 400 with field errors, never a 500.
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"detail": exc.messages})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, list):
            data = {"non_field_errors": data}
        detail = data.get("detail") if isinstance(data, dict) else None
        if isinstance(detail, list):
            detail = _("；").join(str(d) for d in detail)
        response.data = {
            "detail": detail or _("提交的数据有误，请检查各字段。"),
            "errors": {k: v for k, v in data.items() if k != "detail"},
        }
    elif isinstance(data, dict) and "detail" in data:
        response.data = {"detail": data["detail"], "errors": {}}
    return response
