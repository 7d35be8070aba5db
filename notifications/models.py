"""In-app notifications: one row per user and message, produced by the apps above through
`notifications.services.notify*` (set-based: one insert for many users)."""
from django.conf import settings as conf
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Notification(models.Model):
    """A message for one account: what happened, where to look (`link`, a path on this site), and
    whether it was read or mailed in a daily digest."""

    class Kind(models.TextChoices):
        # for officials
        DEADLINE = "deadline", _("提交提醒")
        RETURNED = "returned", _("退回")
        APPROVED = "approved", _("审核通过")
        SCORES_RELEASED = "scores_released", _("季度评分发布")
        RESULTS = "results", _("考核结果")
        APPEAL = "appeal", _("复核申诉")
        # for staff
        REVIEW_WAITING = "review_waiting", _("待审核")
        OVERDUE = "overdue", _("逾期未交")
        FEEDBACK_WAITING = "feedback_waiting", _("留言待审核")
        # for whoever started a background task
        TASK_DONE = "task_done", _("任务完成")
        TASK_FAILED = "task_failed", _("任务失败")
        # for staff and mentors (development: the four must-talk occasions)
        TALK_DUE = "talk_due", _("谈心谈话待办")
        TALK_OVERDUE = "talk_overdue", _("谈心谈话逾期")

    user = models.ForeignKey(
        conf.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("账号")
    )
    # The district the message is about: notifications are scoped like the district's other rows
    # (an account that leaves a district no longer reads what it was told about that district).
    district = models.ForeignKey("org.District", on_delete=models.CASCADE, related_name="+", verbose_name=_("区"))
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    message = models.CharField(_("内容"), max_length=300)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    # Producers that may run twice (a daily task, a redelivered worker task) name the event: one
    # notification per account and key.
    key = models.CharField(_("事件标识"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("通知时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = pgettext_lazy("plural", "通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            # The top bar's unread count on every page: a small partial index.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"),
        ]

    def __str__(self):
        return self.message
