"""Public boards (公示): immutable, numbered snapshots of a district's cycle, the live pointer,
and the public's moderated feedback (群众监督)."""
from django.conf import settings as conf
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Board(models.Model):
    """One cycle's public board: which version is live, and the approved feedback as published."""

    cycle = models.OneToOneField("cycles.Cycle", on_delete=models.CASCADE, related_name="board",
                                 verbose_name=_("考核年度"))
    live_version = models.ForeignKey("BoardVersion", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("当前公示版本"))
    auto_republish = models.BooleanField(
        _("季度评分发布后自动重新公示"), default=True,
        help_text=_("由定时任务在每个季度评分发布后重新生成公示"),
    )
    # Approved feedback with replies, {pledge_id: [{...}]}, rebuilt on each moderation so the
    # public pages never read the feedback table itself.
    feedback = models.JSONField(_("已公开的群众留言"), default=dict, blank=True)
    # Version numbers withdrawn by a rollback (every version after the one made live): not public
    # any more, even once a later publish makes them earlier versions again, until a rollback
    # makes one live again. Kept here, like `feedback`, so the public pages read one row.
    withdrawn = models.JSONField(_("已撤回的版本"), default=list, blank=True)
    # Bumped with every change of `feedback`: the public pages' cache keys carry it, so a
    # moderation shows at once without invalidating anything.
    feedback_rev = models.PositiveIntegerField(_("留言版本"), default=0)

    history = HistoricalRecords(excluded_fields=["feedback", "feedback_rev"])  # `withdrawn` is audited

    class Meta:
        verbose_name = _("公示栏")
        verbose_name_plural = _("公示栏")
        ordering = ["-cycle__year", "id"]

    def __str__(self):
        return _("%(cycle)s 公示") % {"cycle": self.cycle}


class BoardVersion(models.Model):
    """A complete, immutable snapshot of a board as published."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="versions", verbose_name=_("公示栏"))
    number = models.PositiveIntegerField(_("版本号"))
    snapshot = models.JSONField(_("公示内容"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = models.ForeignKey(conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("发布人"))

    class Meta:
        verbose_name = _("公示版本")
        verbose_name_plural = _("公示版本")
        ordering = ["board", "-number"]
        constraints = [models.UniqueConstraint(fields=["board", "number"], name="board_version_number_unique")]

    def __str__(self):
        return _("%(board)s 第 %(number)s 版") % {"board": self.board, "number": self.number}

    def save(self, *args, **kwargs):
        # Versions are immutable: a published snapshot is never rewritten.
        if self.pk is not None:
            raise ValueError(_("公示版本不可修改"))
        super().save(*args, **kwargs)


class Feedback(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已公开")
        REJECTED = "rejected", _("不予公开")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="messages", verbose_name=_("公示栏"))
    pledge = models.ForeignKey("pledges.Pledge", on_delete=models.CASCADE, related_name="feedback",
                               verbose_name=_("履职践诺目标"))
    content = models.TextField(_("留言内容"), max_length=500)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reply = models.TextField(_("回复"), max_length=1000, blank=True)
    client_key = models.CharField(_("来源标识"), max_length=64, db_index=True,
                                  help_text=_("来访地址的摘要，用于限制频率，不保存原始地址"))
    created_at = models.DateTimeField(_("留言时间"), auto_now_add=True, db_index=True)
    moderated_by = models.ForeignKey(conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("审核人"))
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("群众留言")
        verbose_name_plural = _("群众留言")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.content[:30]
