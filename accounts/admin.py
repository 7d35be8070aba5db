from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .admin_base import ReadOnlyMixin, ScopedAdmin
from .models import AuditEvent, Role, User
from .scoping import READ
from .services import apply_role_flags, check_role_links


class AccountChangeForm(UserChangeForm):
    """Django's account form: the password is a read-only summary of its hash (never the hash,
    never a text box that would store what is typed), changed through the password form."""

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        try:
            check_role_links(
                role=cleaned.get("role"), districts=cleaned.get("districts") or [],
                official=cleaned.get("official"),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned


# Roles replace Django's groups; the group pages would only confuse.
admin.site.unregister(Group)


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django joins this help text with `+` when it imports, in the default language, so an
    English page showed it in Chinese: joined lazily here, it follows the page's language."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text, _("停用后，该账号当前的密码将失效。"),
    )


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    form = AccountChangeForm
    change_password_form = PasswordChangeForm
    list_display = ["username", "full_name", "role", "official", "is_active", "last_login"]
    list_filter = ["role", "is_active", "districts"]
    search_fields = ["username", "first_name", "last_name", "official__name"]
    autocomplete_fields = ["official"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("角色与范围"), {"fields": ["role", "districts", "official"]}),
        (_("个人信息"), {"fields": ["last_name", "first_name", "email"]}),
        (_("状态"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("角色与范围"), {"fields": ["role", "districts", "official"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["districts"]

    def _may(self, request, action, obj=None):
        # Staff manage their districts' leader and official accounts on the account pages
        # (accounts:list), whose services keep them to those roles and districts; this form would
        # offer every role and district, so in the admin they only read accounts.
        if action != READ and request.user.role != Role.ADMIN:
            return False
        return super()._may(request, action, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # A reader of the account (staff, leader) sees no trace of its password.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "password"]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("姓名"))
    def full_name(self, obj):
        return obj.get_full_name()

    def save_model(self, request, obj, form, change):
        apply_role_flags(obj)
        super().save_model(request, obj, form, change)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Security audit events (denied accesses, exports): read-only, for system administrators
    only — the events span every district."""

    list_display = ["when", "action", "status", "actor_username", "method", "path", "target", "ip"]
    list_filter = ["action", "status"]
    search_fields = ["actor_username", "path", "target", "ip"]
    date_hierarchy = "when"

    def has_module_permission(self, request):
        return request.user.is_active and getattr(request.user, "role", None) == Role.ADMIN

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)
