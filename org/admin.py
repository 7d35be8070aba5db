from django.contrib import admin

from accounts.admin_base import ScopedAdmin, ScopedInline

from . import services
from .models import District, Official, Post, Unit


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["name", "kind", "district", "sort_order"]
    list_filter = ["kind", "district"]
    search_fields = ["name"]
    list_select_related = ["district"]


class PostInline(ScopedInline, admin.TabularInline):
    model = Post
    extra = 0
    fields = ["unit", "position", "rank_level", "started_on", "ended_on"]


@admin.register(Official)
class OfficialAdmin(ScopedAdmin):
    list_display = ["name", "unit", "position", "rank_level", "is_principal", "appointed_on"]
    list_filter = ["rank_level", "is_principal", "unit__kind", "unit__district"]
    search_fields = ["name", "position", "unit__name"]
    list_select_related = ["unit"]
    inlines = [PostInline]

    def save_model(self, request, obj, form, change):
        # Through the service, so that a new unit or position opens a new post in the history.
        data = {field: form.cleaned_data[field] for field in form.changed_data if field in form.cleaned_data}
        if change:
            fresh = Official.objects.get(pk=obj.pk)
            services.official_update(actor=request.user, official=fresh, **data)
            obj.pk = fresh.pk
        else:
            created = services.official_create(
                actor=request.user,
                **{f: form.cleaned_data[f] for f in (
                    "unit", "name", "position", "rank_level", "appointed_on", "is_principal", "phone", "profile"
                ) if f in form.cleaned_data},
            )
            obj.pk = created.pk
