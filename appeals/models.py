"""Appeals (复核申诉, SPEC section 11): an official asks for a review of a released quarterly
score, an approved pledge's A/B/C grade or the year grade; staff of the district decide it.

The contested object is an explicit foreign key per subject (exactly one is set, a database
constraint says so): `quarterly_score` → evaluations.QuarterlyScore, `pledge_grade` →
pledges.Pledge, `year_grade` → evaluations.Result. The Result link has no database constraint:
a cycle's Results are replaced wholesale by compute (delete + insert on SQLite), and a year grade
is appealed only once the cycle is finalized, when they never are again. An appeal goes with its
contested score or pledge, and with its cycle, if those are ever deleted (its history stays)."""
from django.conf import settings as conf
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Appeal(models.Model):
    class Subject(models.TextChoices):
        QUARTERLY_SCORE = "quarterly_score", _("季度评分")
        PLEDGE_GRADE = "pledge_grade", _("目标评级")
        YEAR_GRADE = "year_grade", _("年度等次")

    class State(models.TextChoices):
        OPEN = "open", _("待复核")
        UPHELD = "upheld", _("维持原结果")
        CHANGED = "changed", _("已更正")
        WITHDRAWN = "withdrawn", _("已撤回")

    official = models.ForeignKey("org.Official", on_delete=models.PROTECT, related_name="appeals",
                                 verbose_name=_("干部"))
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="appeals",
                              verbose_name=_("考核年度"))
    subject = models.CharField(_("复核事项"), max_length=20, choices=Subject.choices)
    quarterly_score = models.ForeignKey("evaluations.QuarterlyScore", on_delete=models.CASCADE, null=True,
                                        blank=True, related_name="appeals", verbose_name=_("季度评分"))
    pledge = models.ForeignKey("pledges.Pledge", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="appeals", verbose_name=_("履职践诺目标"))
    result = models.ForeignKey("evaluations.Result", on_delete=models.DO_NOTHING, db_constraint=False,
                               null=True, blank=True, related_name="appeals", verbose_name=_("年度评定结果"))
    contested_value = models.CharField(_("原结果"), max_length=20, blank=True)
    reason = models.TextField(_("申请理由"), max_length=2000)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.OPEN)
    filed_by = models.ForeignKey(conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("申请账号"))
    filed_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    due_on = models.DateField(_("办理期限"))
    decided_by = models.ForeignKey(conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("复核人"))
    decision_reason = models.TextField(_("复核意见"), max_length=2000, blank=True)
    new_value = models.CharField(_("更正后结果"), max_length=20, blank=True)
    decided_on = models.DateField(_("办结日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("复核申诉")
        verbose_name_plural = _("复核申诉")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["cycle", "state"]), models.Index(fields=["official", "-filed_at"])]
        constraints = [
            # Exactly the contested object of the subject.
            models.CheckConstraint(
                condition=(Q(subject="quarterly_score", quarterly_score__isnull=False, pledge__isnull=True,
                             result__isnull=True)
                           | Q(subject="pledge_grade", pledge__isnull=False, quarterly_score__isnull=True,
                               result__isnull=True)
                           | Q(subject="year_grade", result__isnull=False, quarterly_score__isnull=True,
                               pledge__isnull=True)),
                name="appeal_one_contested_object",
            ),
            # One open appeal per contested value at a time.
            models.UniqueConstraint(fields=["quarterly_score"], condition=Q(state="open"),
                                    name="appeal_open_once_per_score"),
            models.UniqueConstraint(fields=["pledge"], condition=Q(state="open") & Q(subject="pledge_grade"),
                                    name="appeal_open_once_per_pledge"),
            models.UniqueConstraint(fields=["result"], condition=Q(state="open"),
                                    name="appeal_open_once_per_result"),
            models.CheckConstraint(condition=~Q(state="changed") | ~Q(new_value=""),
                                   name="appeal_changed_has_new_value"),
        ]

    def __str__(self):
        return f"{self.official} · {self.get_subject_display()} · {self.get_state_display()}"

    @property
    def object_id(self) -> int | None:
        """The contested object's id (of the subject's model)."""
        return {self.Subject.QUARTERLY_SCORE: self.quarterly_score_id, self.Subject.PLEDGE_GRADE: self.pledge_id,
                self.Subject.YEAR_GRADE: self.result_id}.get(self.subject)

    def is_overdue(self, today) -> bool:
        return self.state == self.State.OPEN and today > self.due_on
