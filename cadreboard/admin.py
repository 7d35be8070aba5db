"""Third-party admins with every column described, so that no column is a method's name
("Status", "Human readable") in either language. Importing their admin modules here registers
their models first (this app comes before theirs), and then ours replace them."""
from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import CrontabSchedule, PeriodicTask


def _replace(model, model_admin):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description=_("过期时间"))
    def expiration(self, obj):
        return super().expiration(obj)

    @admin.display(description=_("状态"))
    def status(self, obj):
        return super().status(obj)


class TaskNameFilter(admin.AllValuesFieldListFilter):
    """The filter by task name: the field's own name ('Task Name') is not marked for translation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("任务名称")


class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    list_filter = [("task", TaskNameFilter) if name == "task" else name
                   for name in beat_admin.PeriodicTaskAdmin.list_filter]
    list_display = tuple("schedule_kind" if name == "scheduler" else name
                         for name in beat_admin.PeriodicTaskAdmin.list_display)

    @admin.display(description=_("调度方式"))
    def schedule_kind(self, obj):
        return obj.scheduler


class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
    list_display = ("__str__", "description")
    fields = tuple("description" if name == "human_readable" else name
                   for name in beat_admin.CrontabScheduleAdmin.fields)
    readonly_fields = ("description",)

    @admin.display(description=_("可读描述"))
    def description(self, obj):
        return obj.human_readable


_replace(AccessAttempt, AccessAttemptAdmin)
_replace(PeriodicTask, PeriodicTaskAdmin)
_replace(CrontabSchedule, CrontabScheduleAdmin)
