"""Review cycles with their settings, and the positive/negative list catalog."""
import datetime

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
        return f"{self.district} {self.year} 年度"

    @staticmethod
    def default_pledge_deadline(year: int) -> datetime.date:
        return datetime.date(year, 1, 31)

    # The states in order; advance moves one step along this list, finalize does the last step.
    STATE_ORDER = [State.PLANNING, State.IN_PROGRESS, State.EVALUATING, State.FINALIZED]


class ListItem(models.Model):
    """One item of the positive (正面“八条”) or negative (负面“十五条”) list catalog."""

    class Kind(models.TextChoices):
        POSITIVE = "positive", _("正面清单")
        NEGATIVE = "negative", _("负面清单")

    code = models.SlugField(_("编号"), max_length=20, unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    aspect = models.CharField(_("方面"), max_length=20)
    title = models.CharField(_("内容"), max_length=200)
    points = models.DecimalField(
        _("加分"), max_digits=4, decimal_places=2, default=0,
        help_text=_("正面清单每项加分；负面清单为 0（一票否决）"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("正负面清单条目")
        verbose_name_plural = _("正负面清单条目")
        ordering = ["kind", "sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gte=0), name="listitem_points_not_negative"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="negative") | models.Q(points=0),
                name="listitem_negative_has_no_points",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"
