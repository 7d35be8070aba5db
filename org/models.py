"""Districts (the tenant), their units, and the officials under review with their post history."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class District(models.Model):
    name = models.CharField(_("名称"), max_length=50, unique=True)
    code = models.SlugField(
        _("代码"), max_length=30, unique=True, help_text=_("用于公示页面地址，例如 shibei")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("区")
        verbose_name_plural = pgettext_lazy("plural", "区")
        ordering = ["code"]

    def __str__(self):
        return self.name

    # Path segments the board URLs use for staff pages (/boards/manage/, /boards/moderation/).
    RESERVED_CODES = {"manage", "moderation"}

    def clean(self):
        if self.code in self.RESERVED_CODES:
            raise ValidationError({"code": [_("“%(code)s”为系统保留，不能用作区代码。") % {"code": self.code}]})


class Unit(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("部门")
        STREET = "street", _("街道")
        OTHER = "other", _("其他单位")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="units", verbose_name=_("区")
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = pgettext_lazy("plural", "单位")
        ordering = ["district", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="unit_unique_name_in_district")
        ]

    def __str__(self):
        return self.name


class RankLevel(models.TextChoices):
    """职务职级层次, highest first; a demotion is one step down this list."""

    DIVISION_CHIEF = "division_chief", _("正处级")
    DEPUTY_DIVISION_CHIEF = "deputy_division_chief", _("副处级")
    SECTION_CHIEF = "section_chief", _("正科级")
    DEPUTY_SECTION_CHIEF = "deputy_section_chief", _("副科级")


class Official(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="officials", verbose_name=_("单位")
    )
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=100)
    rank_level = models.CharField(_("职级"), max_length=30, choices=RankLevel.choices)
    is_principal = models.BooleanField(_("党政正职"), default=True)
    appointed_on = models.DateField(_("任现职时间"))
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    profile = models.TextField(_("个人简介"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = pgettext_lazy("plural", "干部")
        ordering = ["unit__sort_order", "unit__name", "name", "id"]
        indexes = [models.Index(fields=["unit", "name"])]

    def __str__(self):
        return _("%(name)s（%(position)s）") % {"name": self.name, "position": self.position}


class Post(models.Model):
    """One post an official held: unit, position and rank level from `started_on` to `ended_on`."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="posts", verbose_name=_("干部")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("单位")
    )
    position = models.CharField(_("职务"), max_length=100)
    rank_level = models.CharField(_("职级"), max_length=30, choices=RankLevel.choices)
    started_on = models.DateField(_("任职开始"))
    ended_on = models.DateField(_("任职结束"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任职经历")
        verbose_name_plural = pgettext_lazy("plural", "任职经历")
        ordering = ["official", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="post_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["official"],
                condition=models.Q(ended_on__isnull=True),
                name="post_one_current_per_official",
            ),
        ]

    def __str__(self):
        return f"{self.official.name} · {self.unit} · {self.position}"
