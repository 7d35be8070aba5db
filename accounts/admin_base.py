"""The admin's one base class: every ModelAdmin of ours scopes its rows, its permissions and its
related-object choices through accounts.scoping, and shows the audit history."""
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .models import Role
from .scoping import CHANGE, CREATE, DELETE, READ, may, may_use_admin, scoped

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


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

    def _visible_or_404(self, request, object_id):
        """Another district's object answers as a missing one, whatever the role may do."""
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            self._visible_or_404(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Django answers an action the account may not run with the list again; refuse it.
        action = request.POST.get("action")
        if request.method == "POST" and action and action not in self.get_actions(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped(db_field.related_model._default_manager.all(), request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped(db_field.related_model._default_manager.all(), request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django answers an unknown object with a redirect to the index; an unknown and another
        # district's object must look the same, and both are a plain 404 (which the audit
        # middleware records as not_found).
        raise Http404


class ScopedAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """A scoped ModelAdmin with the object's audit history (django-simple-history).

    History is for reading. There is no revert (SIMPLE_HISTORY_REVERT_DISABLED): a revert saves
    an old version through the admin form, past the services' state rules, reasons and locks, so
    a history entry refuses every write, and the other views' writes are the ModelAdmin's own.
    An object the account may not read — another district's, or one that no longer exists —
    answers 404 on its history pages, as it does everywhere else; only a system administrator
    reads the history of deleted objects.
    """

    def history_view(self, request, object_id, extra_context=None):
        if request.method not in SAFE_METHODS:
            raise PermissionDenied
        if request.user.role != Role.ADMIN:  # the administrator reads deleted objects' history
            self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in SAFE_METHODS:
            raise PermissionDenied
        if request.user.role != Role.ADMIN:
            self._visible_or_404(request, object_id)
        if not str(version_id).isdigit():
            raise Http404
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
