"""Forms of the sign-in, account and password pages. They check the shape of the input; who may
give which role in which district is the services' rule (accounts.services.check_may_grant)."""
from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from .models import STAFF_MANAGED_ROLES, Role, User


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("用户名或密码错误。连续多次错误后账号将被暂时锁定。"),
        "inactive": _("该账号已停用。"),
    }


class OwnPasswordForm(PasswordChangeForm):
    """Django's password change form, in the page's words."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("当前密码不正确，请重新输入。"),
        "password_mismatch": _("两次输入的新密码不一致。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("当前密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("再次输入新密码")
        self.fields["new_password1"].help_text = _(
            "至少 8 个字符，不能全是数字，不能是常见密码，也不能与用户名、姓名太相似。")
        self.fields["new_password2"].help_text = ""
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


def role_choices(actor) -> list[tuple[str, str]]:
    """The roles `actor` may give: every role for a system administrator, the leader and
    official roles for staff."""
    allowed = Role.values if actor.role == Role.ADMIN else STAFF_MANAGED_ROLES
    return [(value, label) for value, label in Role.choices if value in allowed]


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s（%(position)s）· %(unit)s") % {
            "name": obj.name, "position": obj.position, "unit": obj.unit.name,
        }


class AccountForm(forms.Form):
    """An account as staff and administrators open and change it. The choices are what the actor
    may give: its roles, its districts, the officials of its districts without an account."""

    username = forms.CharField(
        label=_("用户名"), max_length=150, help_text=_("登录用；字母、数字和 @ . + - _，开设后不能修改"),
        validators=[User.username_validator],
    )
    first_name = forms.CharField(label=_("姓名"), max_length=150, required=False,
                                 help_text=_("党政正职账号留空时使用对应干部的姓名"))
    email = forms.EmailField(label=_("电子邮箱"), required=False, help_text=_("用于接收提醒"))
    role = forms.ChoiceField(label=_("角色"))
    # Required for every role but the system administrator's: the service says so (check_role_links).
    districts = forms.ModelMultipleChoiceField(label=_("所属区"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    official = OfficialChoiceField(label=_("对应干部"), queryset=None, required=False,
                                   empty_label=_("（不关联：区领导、组织部工作人员）"),
                                   help_text=_("党政正职账号必须关联本人的干部信息"))

    def __init__(self, data=None, *, actor, districts, officials, account: User | None = None):
        initial = {"districts": list(districts)} if account is None and len(districts) == 1 else {}
        if account is not None:
            initial = {
                "username": account.username, "first_name": account.first_name, "email": account.email,
                "role": account.role, "districts": list(account.districts.all()), "official": account.official,
            }
        super().__init__(data, initial=initial)
        self.fields["role"].choices = role_choices(actor)
        self.fields["districts"].queryset = districts
        self.fields["official"].queryset = officials
        if account is not None:
            del self.fields["username"]

    def clean(self):
        cleaned = super().clean()
        official = cleaned.get("official")
        if official is not None and not cleaned.get("first_name"):
            cleaned["first_name"] = official.name
        return cleaned

    def changes(self) -> dict:
        """The cleaned values as account_create / account_update take them."""
        data = self.cleaned_data
        return {
            "first_name": data["first_name"], "email": data["email"], "role": data["role"],
            "districts": data["districts"], "official": data["official"],
        }


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("用户名、姓名、对应干部")}))
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部角色"))] + Role.choices)
    district = forms.TypedChoiceField(label=_("所属区"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[
        ("", _("全部")), ("active", _("启用中")), ("inactive", _("已停用")), ("must_change", _("待修改临时密码"))])

    def __init__(self, data, *, districts):
        super().__init__(data)
        self.fields["district"].choices = [("", _("全部区"))] + [(d.pk, d.name) for d in districts]

    def filters(self) -> dict:
        """The valid filters as accounts_for takes them (an invalid one is left out)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class IdsField(forms.Field):
    """Several row ids (checkboxes of one name)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        ids = []
        for raw in value or []:
            if not (isinstance(raw, str) and raw.isdigit() and len(raw) <= 18):
                raise forms.ValidationError(_("账号编号无效。"))
            ids.append(int(raw))
        return ids


class PickForm(forms.Form):
    """The accounts checked on the list (bulk deactivation)."""

    pick = IdsField(label=_("账号"), error_messages={"required": _("请先勾选要停用的账号。")})
