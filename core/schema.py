"""The OpenAPI schema documents the error answers too, in the one shape of `api_errors.py`.

Without them a client (and the schemathesis fuzzing in tests/test_api_fuzz.py) would read every
400/401/403/404/409/429 as an answer the API never promised.
"""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """{"detail": message, "errors": {field: [messages]}} — see core/api_errors.py."""

    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.JSONField(), help_text=_("字段 → 错误信息（列表或嵌套对象）"))

    class Meta:
        ref_name = "Error"


# Every operation: invalid input or filters, a bad token, a refused role, a missing (or
# foreign, which answers the same) object, a throttle or a lockout.
ERROR_CODES = ("400", "401", "403", "404", "429")
# A delete blocked by rows that reference the object.
DELETE_ERROR_CODES = ("409",)


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ERROR_CODES + (DELETE_ERROR_CODES if self.method == "DELETE" else ())
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
        return responses
