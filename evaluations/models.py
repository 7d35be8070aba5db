"""The positive/negative list catalog, the year's inputs (quarterly scores, unit scores, surveys,
political reviews, list entries), and the results with their grade overrides and consequences."""

from django.conf import settings as conf
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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

    @property
    def aspect_display(self) -> str:
        """The aspect in the active language when it is the first catalog's (data otherwise)."""
        return gettext(self.aspect) if self.aspect else ""

    @property
    def title_display(self) -> str:
        """The title in the active language when it is the first catalog's text (catalog.py);
        a title staff have edited is data and is shown as written."""
        return gettext(self.title) if self.title else ""


class RaterGroup(models.TextChoices):
    SUPERIOR = "superior", _("上级")
    PEER = "peer", _("同级")
    SUBORDINATE = "subordinate", _("下级")
    PUBLIC = "public", _("服务对象")


class Method(models.TextChoices):
    INVESTIGATION = "investigation", _("专题调查")
    SITE_VISIT = "site_visit", _("现场观摩")
    ATTENDANCE = "attendance", _("列席活动")
    INTERVIEW = "interview", _("谈心谈话")
    OTHER = "other", _("其他")


class Grade(models.TextChoices):
    GOOD = "good", _("好")
    AVERAGE = "average", _("一般")
    POOR = "poor", _("较差")


class QuarterRelease(models.Model):
    """A quarter whose scores staff released: officials see them, and changes need a reason."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="releases",
                              verbose_name=_("考核年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    released_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    released_by = models.ForeignKey(
        conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("发布人")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("季度评分发布")
        verbose_name_plural = _("季度评分发布")
        ordering = ["cycle", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "quarter"], name="release_once_per_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="release_quarter_1_to_4"),
        ]

    def __str__(self):
        return gettext("%(cycle)s 第 %(quarter)s 季度") % {"cycle": self.cycle, "quarter": self.quarter}


class QuarterlyScore(models.Model):
    """A work group's score of one approved pledge for one quarter: points (0–100, one decimal)
    or a letter (A/B/C) that counts as the cycle's letter points."""

    pledge = models.ForeignKey(
        "pledges.Pledge", on_delete=models.CASCADE, related_name="scores", verbose_name=_("履职践诺目标")
    )
    quarter = models.PositiveSmallIntegerField(_("季度"))
    score = models.DecimalField(_("得分"), max_digits=4, decimal_places=1, null=True, blank=True)
    letter = models.CharField(_("季度评级"), max_length=1, blank=True, choices=[("A", "A"), ("B", "B"), ("C", "C")])
    method = models.CharField(_("信息采集方式"), max_length=20, choices=Method.choices, default=Method.INVESTIGATION)
    note = models.TextField(_("评分说明"), max_length=1000, blank=True)
    entered_by = models.ForeignKey(
        conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("评分人")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("季度评分")
        verbose_name_plural = _("季度评分")
        ordering = ["pledge", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "quarter"], name="score_once_per_pledge_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="score_quarter_1_to_4"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="score_0_to_100",
            ),
            # Exactly one of points and letter.
            models.CheckConstraint(
                condition=(models.Q(score__isnull=False) & models.Q(letter=""))
                | (models.Q(score__isnull=True) & models.Q(letter__in=["A", "B", "C"])),
                name="score_points_or_letter",
            ),
        ]

    def __str__(self):
        return f"{self.pledge} Q{self.quarter}: {self.letter or self.score}"


class UnitScore(models.Model):
    """单位综合绩效考核: the unit's annual performance score in a cycle."""

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="scores", verbose_name=_("单位"))
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="unit_scores",
                              verbose_name=_("考核年度"))
    score = models.DecimalField(_("综合绩效得分"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位综合绩效")
        verbose_name_plural = _("单位综合绩效")
        ordering = ["cycle", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "cycle"], name="unit_score_once_per_cycle"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="unit_score_0_to_100"),
        ]

    def __str__(self):
        return f"{self.unit} {self.cycle.year}: {self.score}"


class SurveyScore(models.Model):
    """多维测评: one rater group's evaluation of an official in a cycle."""

    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="survey_scores",
                                 verbose_name=_("干部"))
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="survey_scores",
                              verbose_name=_("考核年度"))
    rater_group = models.CharField(_("测评主体"), max_length=20, choices=RaterGroup.choices)
    score = models.DecimalField(_("测评得分"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("多维测评")
        verbose_name_plural = _("多维测评")
        ordering = ["cycle", "official", "rater_group"]
        constraints = [
            models.UniqueConstraint(fields=["official", "cycle", "rater_group"], name="survey_once_per_group"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="survey_score_0_to_100"),
        ]

    def __str__(self):
        return f"{self.official} {self.get_rater_group_display()}: {self.score}"


class PoliticalReview(models.Model):
    """政治素质测评: qualified or not; not qualified is a veto (一票否决)."""

    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="political_reviews",
                                 verbose_name=_("干部"))
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="political_reviews",
                              verbose_name=_("考核年度"))
    qualified = models.BooleanField(_("合格"))
    note = models.TextField(_("说明"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政治素质测评")
        verbose_name_plural = _("政治素质测评")
        ordering = ["cycle", "official"]
        constraints = [models.UniqueConstraint(fields=["official", "cycle"], name="political_review_once_per_cycle")]

    def __str__(self):
        return "%s %s: %s" % (self.official, self.cycle.year, gettext("合格") if self.qualified else gettext("不合格"))


class ListEntry(models.Model):
    """An item of the positive or negative list that applies to an official in a cycle."""

    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="list_entries",
                                 verbose_name=_("干部"))
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="list_entries",
                              verbose_name=_("考核年度"))
    item = models.ForeignKey(ListItem, on_delete=models.PROTECT, related_name="entries", verbose_name=_("清单条目"),
                             to_field="code", db_column="item_code")
    note = models.TextField(_("事实与依据"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("记录人")
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    # 容错纠错: set (by list_entry_tolerate, for a records.ToleranceDecision) when an approved
    # decision tolerates this negative entry: it stays on record and in the history, but no longer
    # vetoes (compute leaves it out). Cleared again when the decision is revoked.
    tolerated_on = models.DateField(_("容错免责日期"), null=True, blank=True)

    history = HistoricalRecords()

    # The entries that count in SPEC section 4 (the bonus and the veto): every entry but a tolerated
    # negative one. Compute and the results pages both read it from here.
    COUNTED = ~models.Q(item__kind=ListItem.Kind.NEGATIVE, tolerated_on__isnull=False)

    class Meta:
        verbose_name = _("正负面清单记录")
        verbose_name_plural = _("正负面清单记录")
        ordering = ["cycle", "official", "item"]

    def __str__(self):
        return f"{self.official} · {self.item}"


class GradeOverride(models.Model):
    """The district committee's decision to set an official's grade other than computed."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="overrides",
                              verbose_name=_("考核年度"))
    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="grade_overrides",
                                 verbose_name=_("干部"))
    grade = models.CharField(_("调整后等次"), max_length=10, choices=Grade.choices)
    reason = models.TextField(_("调整理由"), max_length=2000)
    decided_by = models.ForeignKey(
        conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("操作人")
    )
    decided_at = models.DateTimeField(_("调整时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("等次调整")
        verbose_name_plural = _("等次调整")
        constraints = [models.UniqueConstraint(fields=["cycle", "official"], name="override_once_per_cycle")]

    def __str__(self):
        return f"{self.official} → {self.get_grade_display()}"


class Exemption(models.Model):
    """不确定等次: the department's decision that an official is not graded in a cycle (SPEC
    section 4). An exempt official is listed with the reason, is not in N, not ranked, not
    graded, has no outcomes and never blocks finalize; its year counts as "no grade"."""

    class Reason(models.TextChoices):
        UNDER_INVESTIGATION = "under_investigation", _("立案审查调查期间")
        DISCIPLINED = "disciplined", _("受处分影响期")
        NEW_IN_POST = "new_in_post", _("任职时间较短")
        LEAVE = "leave", _("长期病休等不在岗")
        OTHER = "other", _("其他")

    official = models.ForeignKey("org.Official", on_delete=models.CASCADE, related_name="exemptions",
                                 verbose_name=_("干部"))
    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="exemptions",
                              verbose_name=_("考核年度"))
    reason = models.CharField(_("不确定等次原因"), max_length=30, choices=Reason.choices)
    note = models.TextField(_("说明"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("记录人")
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("不确定等次")
        verbose_name_plural = _("不确定等次")
        ordering = ["cycle", "official"]
        constraints = [models.UniqueConstraint(fields=["official", "cycle"], name="exemption_once_per_cycle")]

    def __str__(self):
        return f"{self.official} {self.cycle.year}: {self.get_reason_display()}"


class Result(models.Model):
    """The computed composite, rank, grade and outcomes of one official in one cycle (年度评定).
    Written only by the compute service; `grade` is the grade that counts (an override wins over
    `computed_grade`)."""

    cycle = models.ForeignKey("cycles.Cycle", on_delete=models.CASCADE, related_name="results",
                              verbose_name=_("考核年度"))
    official = models.ForeignKey("org.Official", on_delete=models.PROTECT, related_name="results",
                                 verbose_name=_("干部"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    unit_score = models.DecimalField(_("单位综合绩效"), max_digits=6, decimal_places=2, null=True)
    pledge_score = models.DecimalField(_("个人履职践诺"), max_digits=6, decimal_places=2, null=True)
    survey_score = models.DecimalField(_("多维测评"), max_digits=6, decimal_places=2, null=True)
    bonus = models.DecimalField(_("正面清单加分"), max_digits=5, decimal_places=2, default=0)
    veto = models.BooleanField(_("一票否决"), default=False)
    composite = models.DecimalField(_("综合得分"), max_digits=6, decimal_places=2, null=True)
    rank = models.PositiveIntegerField(_("名次"), null=True)
    computed_grade = models.CharField(_("计算等次"), max_length=10, choices=Grade.choices, blank=True)
    grade = models.CharField(_("评定等次"), max_length=10, choices=Grade.choices, blank=True)
    outcomes = models.JSONField(_("结果运用"), default=list)
    missing = models.JSONField(_("缺少的数据"), default=list)
    # What is missing, item by item: [{"code", "pledge", "pledge_title", "quarters", "message"}].
    missing_detail = models.JSONField(_("缺少的数据明细"), default=list)
    exempt_reason = models.CharField(_("不确定等次原因"), max_length=30, blank=True,
                                     choices=Exemption.Reason.choices)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("年度评定结果")
        verbose_name_plural = _("年度评定结果")
        ordering = ["cycle", models.F("rank").asc(nulls_last=True), "official__name"]
        constraints = [models.UniqueConstraint(fields=["cycle", "official"], name="result_once_per_cycle")]
        indexes = [models.Index(fields=["official", "cycle"])]

    def __str__(self):
        return f"{self.official} {self.cycle.year}: {self.composite}"

    @property
    def incomplete(self) -> bool:
        return bool(self.missing)

    @property
    def exempt(self) -> bool:
        return bool(self.exempt_reason)


class OutcomeExecution(models.Model):
    """After finalize: whether and when a consequence was carried out (e.g. the self report received)."""

    # DO_NOTHING keeps the delete of a cycle's Results one fast statement (compute replaces them
    # wholesale). Executions exist only after finalize, when Results are never deleted again.
    result = models.ForeignKey(Result, on_delete=models.DO_NOTHING, related_name="executions",
                               verbose_name=_("评定结果"))
    code = models.CharField(_("结果运用"), max_length=30)
    carried_out = models.BooleanField(_("已落实"), default=False)
    carried_out_on = models.DateField(_("落实日期"), null=True, blank=True)
    note = models.TextField(_("说明"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        conf.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("记录人")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("结果运用落实")
        verbose_name_plural = _("结果运用落实")
        ordering = ["result", "id"]
        constraints = [models.UniqueConstraint(fields=["result", "code"], name="execution_once_per_outcome")]

    def __str__(self):
        return f"{self.result} · {self.code}"
