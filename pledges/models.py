"""Officials' pledges (履职践诺): the pledge with its milestones, revisions after approval,
progress updates with evidence, and deadline reminders."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Pledge(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年度承诺")
        INAUGURATION = "inauguration", _("任职承诺")

    class Category(models.TextChoices):
        PARTY_BUILDING = "party_building", _("党的建设和干部队伍建设")
        INNOVATION = "innovation", _("创新创优工作")
        KEY_WORK = "key_work", _("服务全区重点工作")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")

    class Grade(models.TextChoices):
        A = "A", _("A 级")
        B = "B", _("B 级")
        C = "C", _("C 级")

    official = models.ForeignKey(
        "org.Official", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("干部")
    )
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("考核年度")
    )
    kind = models.CharField(_("承诺类型"), max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    title = models.CharField(_("目标名称"), max_length=100)
    content = models.TextField(_("工作内容"), max_length=2000)
    target = models.CharField(_("量化目标"), max_length=300)
    target_value = models.DecimalField(_("目标数值"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    # [{"quarter": 1-4, "description": "…"}], validated by pledges.rules.milestone_errors.
    milestones = models.JSONField(_("推进节点"), default=list)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    due_on = models.DateField(_("提交截止日"))
    return_reason = models.TextField(_("退回原因"), max_length=1000, blank=True)
    difficulty = models.PositiveSmallIntegerField(_("工作难度"), null=True, blank=True)
    innovation = models.PositiveSmallIntegerField(_("创新力度"), null=True, blank=True)
    contribution = models.PositiveSmallIntegerField(_("贡献程度"), null=True, blank=True)
    grade = models.CharField(_("评级"), max_length=1, choices=Grade.choices, blank=True)
    grade_override_reason = models.TextField(
        _("调整评级理由"), max_length=1000, blank=True,
        help_text=_("评级与三项评分推出的等级不同时必须填写"),
    )
    revision = models.PositiveIntegerField(_("版本"), default=1)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("审核人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("履职践诺目标")
        verbose_name_plural = _("履职践诺目标")
        ordering = ["official_id", "kind", "category", "id"]
        indexes = [
            models.Index(fields=["cycle", "status"]),
            models.Index(fields=["cycle", "official", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(difficulty__isnull=True) | models.Q(difficulty__gte=1, difficulty__lte=3),
                name="pledge_difficulty_1_to_3",
            ),
            models.CheckConstraint(
                condition=models.Q(innovation__isnull=True) | models.Q(innovation__gte=1, innovation__lte=3),
                name="pledge_innovation_1_to_3",
            ),
            models.CheckConstraint(
                condition=models.Q(contribution__isnull=True) | models.Q(contribution__gte=1, contribution__lte=3),
                name="pledge_contribution_1_to_3",
            ),
            # An approved pledge always carries its ratings and grade.
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (
                    models.Q(difficulty__isnull=False, innovation__isnull=False, contribution__isnull=False)
                    & ~models.Q(grade="")
                ),
                name="pledge_approved_is_rated_and_graded",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def ratings(self) -> dict:
        return {"difficulty": self.difficulty, "innovation": self.innovation, "contribution": self.contribution}


class PledgeRevision(models.Model):
    """A change proposed to an approved pledge. The pledge keeps its approved text until staff
    approve the revision; every revision is kept."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("目标"))
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    category = models.CharField(_("类别"), max_length=20, choices=Pledge.Category.choices)
    title = models.CharField(_("目标名称"), max_length=100)
    content = models.TextField(_("工作内容"), max_length=2000)
    target = models.CharField(_("量化目标"), max_length=300)
    target_value = models.DecimalField(_("目标数值"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    milestones = models.JSONField(_("推进节点"), default=list)
    reason = models.TextField(_("调整理由"), max_length=1000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("提出人"),
    )
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("审核人"),
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_reason = models.TextField(_("审核意见"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标调整")
        verbose_name_plural = _("目标调整")
        ordering = ["pledge", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="revision_number_unique"),
            models.UniqueConstraint(
                fields=["pledge"], condition=models.Q(status="submitted"), name="revision_one_pending",
            ),
        ]

    def __str__(self):
        return _("%(pledge)s · 第 %(number)s 版") % {"pledge": self.pledge, "number": self.number}


class ProgressUpdate(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="progress", verbose_name=_("目标"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("填报人"),
    )
    text = models.TextField(_("进展情况"), max_length=2000)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"))
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("进展")
        verbose_name_plural = _("进展")
        ordering = ["pledge", "-created_at", "-id"]
        indexes = [models.Index(fields=["pledge", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="progress_percent_at_most_100"),
        ]

    def __str__(self):
        return f"{self.pledge} · {self.percent}%"


class Evidence(models.Model):
    """A file attached to a progress update: stored under MEDIA_ROOT, served only through the
    evidence view to users who may read the pledge."""

    progress = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("进展")
    )
    file = models.FileField(_("文件"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["progress", "id"]

    def __str__(self):
        return self.original_name


class Reminder(models.Model):
    """A deadline reminder for an official, shown in the app; it reaches the official (and the
    daily mail digest) as a notification (notifications.Notification)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("即将到期")
        OVERDUE = "overdue", _("已逾期")

    official = models.ForeignKey(
        "org.Official", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("干部")
    )
    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("考核年度")
    )
    pledge_kind = models.CharField(_("承诺类型"), max_length=20, choices=Pledge.Kind.choices)
    kind = models.CharField(_("提醒类型"), max_length=20, choices=Kind.choices)
    due_on = models.DateField(_("截止日"))
    message = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One reminder of each kind per official, cycle and deadline: the daily task is idempotent.
            models.UniqueConstraint(
                fields=["official", "cycle", "pledge_kind", "kind", "due_on"], name="reminder_once_per_deadline"
            ),
        ]

    def __str__(self):
        return self.message
