"""Cadre records (SPEC section 12): supervision information (干部动态信息库) and error tolerance
(容错纠错、澄清正名)."""
from django.conf import settings as conf
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SupervisionEntry(models.Model):
    """A dated piece of supervision information about an official. It belongs to the district
    where it was recorded for good: it does not follow the official to another district."""

    class Kind(models.TextChoices):
        APPRAISAL_RANK = "appraisal_rank", _("考核排名")
        PETITION = "petition", _("信访举报")
        SAFETY_NOTICE = "safety_notice", _("安全生产通报")
        SUPERIOR_COMMENT = "superior_comment", _("上级评价")
        DUAL_REPORT = "dual_report", _("双报到表现")
        MEDIA_REPORT = "media_report", _("媒体报道")
        ONLINE_OPINION = "online_opinion", _("网络舆情")
        DISCIPLINE = "discipline", _("执纪问责")
        OTHER = "other", _("其他")

    class Severity(models.TextChoices):
        INFO = "info", _("一般信息")
        ATTENTION = "attention", _("关注")
        WARNING = "warning", _("预警")

    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="supervision_entries",
                                 verbose_name=_("干部"))
    district = models.ForeignKey("org.District", on_delete=models.CASCADE, related_name="supervision_entries",
                                 verbose_name=_("记录所在区"))
    kind = models.CharField(_("信息类别"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("发生日期"))
    source = models.CharField(_("信息来源"), max_length=200)
    summary = models.TextField(_("内容摘要"), max_length=2000)
    severity = models.CharField(_("程度"), max_length=10, choices=Severity.choices, default=Severity.INFO)
    internal = models.BooleanField(_("内部掌握"), default=False,
                                   help_text=_("内部掌握的信息不向干部本人显示。"))
    # A proposed negative list entry (staff confirm it; it then goes through the list-entry service).
    proposed_item = models.ForeignKey(
        "evaluations.ListItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        to_field="code", db_column="proposed_item_code", verbose_name=_("建议记入负面清单"),
        limit_choices_to={"kind": "negative"},
    )
    # SET_NULL: the entry is not the cycle's (deleting a cycle never deletes supervision information).
    proposed_cycle = models.ForeignKey("cycles.Cycle", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("建议记入的考核年度"))
    list_entry = models.OneToOneField("evaluations.ListEntry", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="supervision_entry", verbose_name=_("已记入的负面清单"))
    recorded_by = models.ForeignKey(conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("干部监督信息")
        verbose_name_plural = _("干部监督信息")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["district", "-occurred_on"]),
                   models.Index(fields=["official", "severity", "occurred_on"])]

    def __str__(self):
        return f"{self.official} · {self.get_kind_display()} · {self.occurred_on}"

    def get_absolute_url(self):
        return reverse("records:entry", args=[self.pk])

    @property
    def proposal_open(self) -> bool:
        return self.proposed_item_id is not None and self.list_entry_id is None


class Attachment(models.Model):
    """A file attached to a supervision entry: stored under MEDIA_ROOT, served only through the
    attachment view to users who may read the entry (checked like pledges' evidence)."""

    entry = models.ForeignKey(SupervisionEntry, on_delete=models.CASCADE, related_name="attachments",
                              verbose_name=_("监督信息"))
    file = models.FileField(_("文件"), upload_to="supervision/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("监督信息附件")
        verbose_name_plural = _("监督信息附件")
        ordering = ["entry", "id"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("records:attachment", args=[self.pk])


class ToleranceDecision(models.Model):
    """容错纠错、澄清正名: an approved decision that a negative list entry or a supervision entry
    (exactly one) is tolerated. The entry stays on record; a tolerated negative list entry no
    longer vetoes. A decision may be revoked (audited), which restores the veto."""

    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="tolerance_decisions",
                                 verbose_name=_("干部"))
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="tolerance_decisions",
                              verbose_name=_("考核年度"))
    list_entry = models.ForeignKey("evaluations.ListEntry", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="tolerance_decisions", verbose_name=_("负面清单记录"))
    supervision_entry = models.ForeignKey(SupervisionEntry, on_delete=models.CASCADE, null=True, blank=True,
                                          related_name="tolerance_decisions", verbose_name=_("监督信息"))
    grounds = models.TextField(_("容错依据"), max_length=2000)
    decided_by = models.CharField(_("批准机关"), max_length=100,
                                  help_text=_("作出容错认定的机关或负责人，如：区纪委监委、区委组织部部务会。"))
    approved_on = models.DateField(_("批准日期"))
    clears_name = models.BooleanField(_("澄清正名"), default=False)
    note = models.TextField(_("澄清正名说明"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("容错纠错认定")
        verbose_name_plural = _("容错纠错认定")
        ordering = ["-approved_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(list_entry__isnull=False) & Q(supervision_entry__isnull=True))
                | (Q(list_entry__isnull=True) & Q(supervision_entry__isnull=False)),
                name="tolerancedecision_concerns_exactly_one",
            ),
            models.UniqueConstraint(fields=["list_entry"], condition=Q(revoked_on__isnull=True),
                                    name="tolerancedecision_one_in_force_per_list_entry"),
            models.UniqueConstraint(fields=["supervision_entry"], condition=Q(revoked_on__isnull=True),
                                    name="tolerancedecision_one_in_force_per_supervision_entry"),
        ]

    def __str__(self):
        return f"{self.official} · {self.approved_on}"

    def get_absolute_url(self):
        return reverse("records:tolerance", args=[self.pk])

    @property
    def in_force(self) -> bool:
        return self.revoked_on is None
