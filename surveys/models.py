"""Surveys (民主测评, 正反向政治素质测评), their items and scale, one-time ballot codes, the
anonymous ballots with their answers, and the aggregates closing a survey computes (SPEC section 10).

Anonymity is a property of the schema: a Ballot and its Answers reference neither their
BallotCode nor any account, address or time finer than the day; their primary keys are random so
that the order of rows tells nothing of the order of submission; and none of the three tables has
an audit history (a history row would carry the exact time a code was spent).
"""
import uuid

from django.conf import settings as conf
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from evaluations.models import RaterGroup

from . import rules


def default_settings() -> dict:
    return dict(rules.DEFAULT_SETTINGS)


def default_scale() -> list:
    return [dict(choice) for choice in rules.DEFAULT_SCALE]


class Survey(models.Model):
    """One survey of a cycle: multi_rater gives SurveyScores per rater group, political proposes
    PoliticalReviews."""

    class Kind(models.TextChoices):
        MULTI_RATER = "multi_rater", _("多维测评")
        POLITICAL = "political", _("政治素质测评")

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("测评中")
        CLOSED = "closed", _("已结束")
        CONFIRMED = "confirmed", _("已确认")

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="surveys",
                              verbose_name=_("考核年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    settings = models.JSONField(_("测评参数"), default=default_settings)
    scale = models.JSONField(_("评价档次"), default=default_scale)
    # The officials the survey rates: the district's principal officials when it is created.
    officials = models.ManyToManyField("org.Official", related_name="surveys", blank=True,
                                       verbose_name=_("被测评干部"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("测评")
        verbose_name_plural = _("测评")
        ordering = ["cycle", "kind", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["multi_rater", "political"]),
                                   name="survey_kind_known"),
            models.CheckConstraint(condition=models.Q(state__in=["draft", "open", "closed", "confirmed"]),
                                   name="survey_state_known"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("surveys:detail", args=[self.pk])


class SurveyItem(models.Model):
    """One question of a survey; a reverse (反向) item is answered 是 / 否 / 不了解 and a 是 is a
    negative sign."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items", verbose_name=_("测评"))
    code = models.SlugField(_("编号"), max_length=20)
    text = models.CharField(_("内容"), max_length=300)
    reverse = models.BooleanField(_("反向题"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("测评题目")
        verbose_name_plural = _("测评题目")
        ordering = ["survey", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="survey_item_code_unique")]

    def __str__(self):
        return f"{self.code} {self.text}"


class BallotCode(models.Model):
    """A one-time code given to one rater of a group. Only a hash of the code is stored; the code
    itself is shown once when issued. `unit` narrows the officials it covers to one unit (a
    unit's own cadres rate their leaders); empty, it covers every official of the survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes", verbose_name=_("测评"))
    rater_group = models.CharField(_("测评主体"), max_length=20, choices=RaterGroup.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("限定单位"))
    code_hash = models.CharField(_("票码摘要"), max_length=64, unique=True)
    spent = models.BooleanField(_("已使用"), default=False)
    issued_on = models.DateField(_("发放日期"))

    class Meta:
        verbose_name = _("测评票码")
        verbose_name_plural = _("测评票码")
        ordering = ["survey", "rater_group", "id"]
        indexes = [models.Index(fields=["survey", "rater_group"])]

    def __str__(self):
        return f"{self.survey} · {self.get_rater_group_display()}"


class Ballot(models.Model):
    """One submitted ballot (online or a scanned paper ballot). Deliberately without any link to
    its code or rater and with the day only."""

    class Source(models.TextChoices):
        ONLINE = "online", _("网上")
        PAPER = "paper", _("纸质")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("测评"))
    rater_group = models.CharField(_("测评主体"), max_length=20, choices=RaterGroup.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("限定单位"))
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    submitted_on = models.DateField(_("提交日期"))
    valid = models.BooleanField(_("有效票"))

    class Meta:
        verbose_name = _("测评票")
        verbose_name_plural = _("测评票")
        indexes = [models.Index(fields=["survey", "rater_group"])]

    def __str__(self):
        return f"{self.survey} · {self.get_rater_group_display()} · {self.submitted_on}"


class Answer(models.Model):
    """One answer of a ballot about one official and item: `points` from the scale for a positive
    item, `choice` 是 / 否 for a reverse item; neither (null points, empty choice) is 不了解."""

    class Choice(models.TextChoices):
        YES = "yes", _("是")
        NO = "no", _("否")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers", verbose_name=_("测评票"))
    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("干部"))
    item = models.ForeignKey(SurveyItem, on_delete=models.CASCADE, related_name="answers",
                             verbose_name=_("测评题目"))
    points = models.PositiveSmallIntegerField(_("分值"), null=True, blank=True)
    choice = models.CharField(_("选择"), max_length=3, choices=Choice.choices, blank=True)

    class Meta:
        verbose_name = _("测评答案")
        verbose_name_plural = _("测评答案")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "official", "item"], name="answer_once_per_ballot"),
            models.CheckConstraint(condition=models.Q(points__isnull=True) | models.Q(points__lte=100),
                                   name="answer_points_0_to_100"),
            models.CheckConstraint(condition=models.Q(points__isnull=True) | models.Q(choice=""),
                                   name="answer_points_or_choice"),
        ]
        indexes = [models.Index(fields=["item", "official"])]

    def __str__(self):
        return f"{self.official} · {self.item.code}"


class SurveyResult(models.Model):
    """What closing a survey computed for one official and rater group: codes issued, valid
    ballots, whether the group counts (turnout) and its score; `item_scores` maps each item
    code to its score (a string with 2 decimals) for the charts."""

    class WhyNot(models.TextChoices):
        NONE = "", _("计入")
        TURNOUT = "turnout", _("有效票未达到发放票码的规定比例")
        NO_CODES = "no_codes", _("未发放票码")
        NO_ANSWERS = "no_answers", _("没有有效评价")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results", verbose_name=_("测评"))
    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("干部"))
    rater_group = models.CharField(_("测评主体"), max_length=20, choices=RaterGroup.choices)
    codes_issued = models.PositiveIntegerField(_("发放票码"))
    ballots = models.PositiveIntegerField(_("收回票数"), default=0)
    valid_ballots = models.PositiveIntegerField(_("有效票数"))
    counted = models.BooleanField(_("计入"))
    why_not = models.CharField(_("不计入原因"), max_length=20, choices=WhyNot.choices, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    item_scores = models.JSONField(_("各题得分"), default=dict)

    class Meta:
        verbose_name = _("测评汇总")
        verbose_name_plural = _("测评汇总")
        ordering = ["survey", "official", "rater_group"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "official", "rater_group"], name="survey_result_once"),
            models.CheckConstraint(condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                                   name="survey_result_score_0_to_100"),
        ]

    def __str__(self):
        return f"{self.survey} · {self.official} · {self.get_rater_group_display()}: {self.score}"


class PoliticalProposal(models.Model):
    """A political survey's proposal for one official: the political score (all groups that count,
    together), each reverse item's negative share, the proposed `qualified`, and the decision
    staff may change with a reason before confirming (`qualified`)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("测评"))
    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("干部"))
    score = models.DecimalField(_("政治素质得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    item_scores = models.JSONField(_("各题得分"), default=dict)
    # {item code: share as a string with 4 decimals, or null when nobody answered 是 or 否}
    negative_shares = models.JSONField(_("反向题负面比例"), default=dict)
    proposed_qualified = models.BooleanField(_("建议合格"), null=True)
    qualified = models.BooleanField(_("认定合格"), null=True)
    reason = models.TextField(_("调整理由"), max_length=1000, blank=True)
    changed_by = models.ForeignKey(conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("调整人"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政治素质测评建议")
        verbose_name_plural = _("政治素质测评建议")
        ordering = ["survey", "official"]
        constraints = [models.UniqueConstraint(fields=["survey", "official"], name="political_proposal_once")]

    def __str__(self):
        return f"{self.survey} · {self.official}"

    @property
    def changed(self) -> bool:
        return self.qualified is not None and self.qualified != self.proposed_qualified
