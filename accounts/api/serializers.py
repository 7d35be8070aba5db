from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import User
from .mixins import ScopedModelSerializer


class AccountSerializer(ScopedModelSerializer):
    password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}, max_length=128,
        help_text=_("新建时必填；修改时留空表示不变"),
    )
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = User
        fields = [
            "id", "username", "password", "role", "role_display", "districts", "official",
            "first_name", "last_name", "email", "is_active", "must_change_password",
        ]
        read_only_fields = ["must_change_password"]

    def validate_password(self, value):
        if value:
            password_validation.validate_password(value, self.instance)
        return value

    def validate(self, attrs):
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": [_("新建账号必须设置密码。")]})
        return attrs


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
