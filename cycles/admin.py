from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from accounts.admin_base import ReadOnlyPlainScopedAdmin, ScopedAdmin

from . import cycle_settings, services
from .models import Cycle, TaskRecord


class CycleAdminForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["district", "year", "settings", "pledge_deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "pledge_deadline" in self.fields:
            # Its help says it defaults to 31 January: an empty field takes that default.
            self.fields["pledge_deadline"].required = False

    def clean(self):
        cleaned = super().clean()
        if "pledge_deadline" in self.fields and not cleaned.get("pledge_deadline"):
            year = cleaned.get("year") or self.instance.year
            if year:
                cleaned["pledge_deadline"] = Cycle.default_pledge_deadline(year)
        if "settings" in self.changed_data and "settings" in cleaned:
            if self.instance.pk and self.instance.state != Cycle.State.PLANNING:
                self.add_error("settings", _("考核参数只能在“筹备”阶段修改。"))
            else:
                try:
                    cleaned["settings"] = cycle_settings.validate(
                        cycle_settings.merge(cycle_settings.defaults(), cleaned["settings"] or {})
                    )
                except cycle_settings.SettingsError as exc:
                    for key, message in exc.errors.items():
                        self.add_error("settings", f"{key}: {message}")
        return cleaned


@admin.register(Cycle)
class CycleAdmin(ScopedAdmin):
    form = CycleAdminForm
    list_display = ["district", "year", "state", "pledge_deadline"]
    list_filter = ["state", "district"]
    list_select_related = ["district"]
    readonly_fields = ["state"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["state"]
        return ["district", "year", "state"]

    def save_model(self, request, obj, form, change):
        if change:
            services.cycle_update(
                actor=request.user, cycle=obj,
                settings=obj.settings if "settings" in form.changed_data else None,
                pledge_deadline=obj.pledge_deadline if "pledge_deadline" in form.changed_data else None,
            )
        else:
            created = services.cycle_create(
                actor=request.user, district=obj.district, year=obj.year,
                settings=obj.settings, pledge_deadline=obj.pledge_deadline,
            )
            obj.pk = created.pk


@admin.register(TaskRecord)
class TaskRecordAdmin(ReadOnlyPlainScopedAdmin):
    list_display = ["task_id", "kind", "cycle", "requested_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["cycle__district", "requested_by"]
