"""Review cycles (考核年度) with their settings and state, and the long tasks started for a cycle."""
import datetime

from django.conf import settings as conf
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import cycle_settings


class Cycle(models.Model):
    class State(models.TextChoices):
        PLANNING = "planning", _("筹备")
        IN_PROGRESS = "in_progress", _("年度推进")
        EVALUATING = "evaluating", _("年底评定")
        FINALIZED = "finalized", _("已定档")

    # The states in order; advance moves one step along this list, finalize does the last step.
    STATE_ORDER = [State.PLANNING, State.IN_PROGRESS, State.EVALUATING, State.FINALIZED]

    district = models.ForeignKey(
        "org.District", on_delete=models.PROTECT, related_name="cycles", verbose_name=_("区")
    )
    year = models.PositiveSmallIntegerField(_("考核年度"))
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PLANNING
    )
    settings = models.JSONField(_("考核参数"), default=cycle_settings.defaults)
    pledge_deadline = models.DateField(
        _("年度承诺提交截止日"), help_text=_("默认为当年 1 月 31 日")
    )
    computed_at = models.DateTimeField(_("最近计算时间"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("定档时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核年度")
        verbose_name_plural = _("考核年度")
        ordering = ["district", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="cycle_one_per_district_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000) & models.Q(year__lte=2100),
                name="cycle_year_plausible",
            ),
        ]

    def __str__(self):
        return _("%(district)s %(year)s 年度") % {"district": self.district, "year": self.year}

    @staticmethod
    def default_pledge_deadline(year: int) -> datetime.date:
        return datetime.date(year, 1, 31)


class TaskRecord(models.Model):
    """A long task someone started (compute, publish, export, import): who, for which cycle,
    so that its status is readable only within the cycle's district."""

    task_id = models.CharField(_("任务编号"), max_length=255, unique=True)
    kind = models.CharField(_("任务类型"), max_length=30)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("考核年度"))
    requested_by = models.ForeignKey(
        conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("发起人")
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.task_id}"
