"""Cadre development (SPEC section 12): the classified reserve pool (储备干部库) with its placements,
mentor pairs (师徒结对 / 导师制) with their conversation log (谈心谈话), and the due talks the four
must-talk occasions (四必谈) raise. Every row belongs to one district for good (`district`), so an
official who moves does not take its old district's pool or talks along."""
from django.conf import settings as conf
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from . import rules


class ReserveCategory(models.Model):
    """One category of a district's reserve pool (default ten, created on first use)."""

    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("区"))
    name = models.CharField(_("类别名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("储备类别")
        verbose_name_plural = pgettext_lazy("plural", "储备类别")
        ordering = ["district", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="reserve_category_unique_name"),
        ]

    def __str__(self):
        return self.name


def evidence_path(instance, filename: str) -> str:
    return f"development/placements/{instance.category_id}/{filename}"


class Placement(models.Model):
    """An official placed in a reserve category: when, on what grounds, with what evidence. A
    removal keeps the row (removed_on, removal_reason): the pool's history stays whole."""

    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("区"))
    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="placements",
                                 verbose_name=_("干部"))
    category = models.ForeignKey(ReserveCategory, on_delete=models.PROTECT, related_name="placements",
                                 verbose_name=_("储备类别"))
    placed_on = models.DateField(_("入库时间"))
    grounds = models.TextField(_("入库依据"), max_length=2000)
    evidence = models.TextField(_("佐证材料"), max_length=2000, blank=True)
    evidence_file = models.FileField(_("佐证附件"), upload_to=evidence_path, blank=True, max_length=200)
    removed_on = models.DateField(_("出库时间"), null=True, blank=True)
    removal_reason = models.CharField(_("出库原因"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("储备入库记录")
        verbose_name_plural = pgettext_lazy("plural", "储备入库记录")
        ordering = ["category__sort_order", "-placed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["official", "category"], condition=Q(removed_on__isnull=True),
                                    name="placement_one_active_per_category"),
            models.CheckConstraint(condition=Q(removed_on__isnull=True) | Q(removed_on__gte=F("placed_on")),
                                   name="placement_removed_after_placed"),
        ]

    def __str__(self):
        return f"{self.official_id} · {self.category_id}"


class MentorPair(models.Model):
    """A mentor and a mentee (one-to-one; several-to-one is several pairs sharing the mentee or
    the mentor) from `started_on` to `ended_on`."""

    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("区"))
    mentor = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="mentees_paired",
                               verbose_name=_("导师"))
    mentee = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="mentors_paired",
                               verbose_name=_("结对干部"))
    started_on = models.DateField(_("结对开始"))
    ended_on = models.DateField(_("结对结束"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("师徒结对")
        verbose_name_plural = pgettext_lazy("plural", "师徒结对")
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentor_pair_two_people"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                                   name="mentor_pair_ends_after_start"),
            models.UniqueConstraint(fields=["mentor", "mentee"], condition=Q(ended_on__isnull=True),
                                    name="mentor_pair_one_open"),
        ]

    def __str__(self):
        return f"{self.mentor_id} → {self.mentee_id}"


class Occasion(models.TextChoices):
    """The four must-talk occasions (四必谈)."""

    POST_CHANGE = "post_change", _("岗位变动")
    DIFFICULTY = "difficulty", _("工作遇到困难")
    FAMILY_EVENT = "family_event", _("家庭发生变故")
    WARNING_SIGN = "warning_sign", _("出现苗头性问题")


class Talk(models.Model):
    """A conversation (谈心谈话) with an official, within a mentor pair or not; a talk recorded for
    an official closes its open due talks."""

    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("区"))
    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="talks",
                                 verbose_name=_("谈话对象"))
    pair = models.ForeignKey(MentorPair, on_delete=models.CASCADE, related_name="talks", null=True, blank=True,
                             verbose_name=_("师徒结对"))
    held_on = models.DateField(_("谈话日期"))
    topic = models.CharField(_("谈话主题"), max_length=200)
    notes = models.TextField(_("谈话记录"), max_length=4000, blank=True)
    occasion = models.CharField(_("四必谈情形"), max_length=20, choices=Occasion.choices, blank=True)
    recorded_by = models.ForeignKey(conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("记录人"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("谈心谈话")
        verbose_name_plural = pgettext_lazy("plural", "谈心谈话")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} · {self.topic}"


class DueTalk(models.Model):
    """A talk the official is owed after a must-talk occasion, due by `due_on`; closed by the
    first talk recorded for the official on or after it was raised."""

    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("区"))
    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="due_talks",
                                 verbose_name=_("谈话对象"))
    occasion = models.CharField(_("四必谈情形"), max_length=20, choices=Occasion.choices)
    raised_on = models.DateField(_("提出日期"))
    due_on = models.DateField(_("应谈日期"))
    detail = models.CharField(_("情况说明"), max_length=300, blank=True)
    # What raised it (e.g. "post:2026-07-01", "supervision:12", "manual:…"): one due talk per event.
    source = models.CharField(_("来源"), max_length=80)
    closed_by = models.ForeignKey(Talk, on_delete=models.SET_NULL, null=True, blank=True, related_name="closed",
                                  verbose_name=_("完成谈话"))
    closed_on = models.DateField(_("完成日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("待谈话")
        verbose_name_plural = pgettext_lazy("plural", "待谈话")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["official", "source"], name="due_talk_once_per_event"),
            models.CheckConstraint(condition=Q(due_on__gte=F("raised_on")), name="due_talk_due_after_raised"),
        ]
        indexes = [models.Index(fields=["district", "closed_on", "due_on"])]

    def __str__(self):
        return f"{self.official_id} · {self.occasion} · {self.due_on}"

    def is_overdue(self, today) -> bool:
        """Open after its due date (development.rules.talk_overdue)."""
        return rules.talk_overdue(due_on=self.due_on, closed_on=self.closed_on, today=today)
