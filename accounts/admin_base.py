"""The admin's one base class: every ModelAdmin of ours scopes its rows, its permissions and its
related-object choices through accounts.scoping, and shows the audit history."""
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .scoping import CHANGE, CREATE, DELETE, READ, may, may_use_admin, scoped


class ScopedAdminMixin:
    """Scoping for a ModelAdmin (see ScopedAdmin)."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        # A filter on a relation offers only the related rows of the scoped list: the stock
        # filter would list every district's units and districts by name.
        return [
            (f, admin.RelatedOnlyFieldListFilter)
            if isinstance(f, str) and get_fields_from_path(self.model, f)[-1].is_relation
            else f
            for f in super().get_list_filter(request)
        ]

    def _may(self, request, action, obj=None):
        if not (may_use_admin(request.user) and may(request.user, action, self.model)):
            return False
        if obj is None:
            return True
        return scoped(self.model._default_manager.filter(pk=obj.pk), request.user, action).exists()

    def has_module_permission(self, request):
        return self._may(request, READ)

    def has_view_permission(self, request, obj=None):
        return self._may(request, READ, obj)

    def has_add_permission(self, request):
        return self._may(request, CREATE)

    def has_change_permission(self, request, obj=None):
        return self._may(request, CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, DELETE, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped(db_field.related_model._default_manager.all(), request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped(db_field.related_model._default_manager.all(), request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # The admin answers an unknown — or another district's — object with a redirect, not a
        # 404, so the audit middleware would not see it.
        from cadreboard.audit import NOT_FOUND, audit_event

        audit_event(actor=request.user, action=NOT_FOUND, target=f"{opts.label_lower} {object_id}",
                    request=request, status=302)
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)


class ScopedAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """A scoped ModelAdmin with the object's audit history (django-simple-history)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a POSTed version form ("revert") on view permission alone: a
        # role that may only read the object (a leader; staff on the shared catalog and on
        # read-only rows) would change it here. Saving is a change like any other.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedInline:
    """Mixin for inlines: the same scoping as ScopedAdmin for the inline's rows and choices."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped(db_field.related_model._default_manager.all(), request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return may_use_admin(request.user) and may(request.user, READ, self.model)

    def has_add_permission(self, request, obj=None):
        return may_use_admin(request.user) and may(request.user, CREATE, self.model)

    def has_change_permission(self, request, obj=None):
        return may_use_admin(request.user) and may(request.user, CHANGE, self.model)

    def has_delete_permission(self, request, obj=None):
        return may_use_admin(request.user) and may(request.user, DELETE, self.model)


class ReadOnlyMixin:
    """For models whose changes must go through services (state rules, reasons): the admin
    shows and searches them and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyScopedAdmin(ReadOnlyMixin, ScopedAdmin):
    """Read-only, with the audit history."""


class ReadOnlyPlainScopedAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read-only, for computed or operational rows that keep no history (results, task records)."""
