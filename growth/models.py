"""Cadre growth records (SPEC section 12): learning activities and their points (学习积分), contests
and presentations (一把手擂台赛, 三述评辩会) with participants, judges' scores and questions, and the
competency model (胜任力模型: competencies, the level each post kind requires, assessed levels).

Every row belongs to a district for good: an activity, an event and a competency name theirs
(an activity takes its official's district when it is recorded), the others reach it through
them (growth/scopes.py)."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from . import rules

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class LearningActivity(models.Model):
    class Kind(models.TextChoices):
        TRAINING = rules.TRAINING, _("培训")
        SELF_STUDY_DEGREE = rules.SELF_STUDY_DEGREE, _("自学学历")
        QUALIFICATION = rules.QUALIFICATION, _("职业资格")
        LECTURE = rules.LECTURE, _("授课（书记讲业务）")
        OTHER = rules.OTHER, _("其他")

    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("区"))
    official = models.ForeignKey("org.Official", on_delete=models.PROTECT, related_name="learning_activities",
                                 verbose_name=_("干部"))
    held_on = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    points = models.DecimalField(_("积分"), max_digits=5, decimal_places=1,
                                 validators=[MinValueValidator(0), MaxValueValidator(rules.MAX_POINTS)])
    evidence = models.TextField(_("佐证说明"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("学习积分记录")
        verbose_name_plural = pgettext_lazy("plural", "学习积分记录")
        ordering = ["-held_on", "id"]
        indexes = [models.Index(fields=["district", "held_on"]), models.Index(fields=["official", "held_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gte=0) & models.Q(points__lte=rules.MAX_POINTS),
                                   name="learning_points_in_range"),
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def clean(self):
        # Recorded in the official's district of the day; it stays there if the official moves.
        if self.pk is None and self.official_id and self.district_id \
                and self.official.unit.district_id != self.district_id:
            raise ValidationError({"official": [_("只能选择本区的干部。")]})


class ContestEvent(models.Model):
    class Kind(models.TextChoices):
        ARENA = "arena", _("一把手擂台赛")
        PRESENTATION = "presentation", _("三述评辩会")

    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("区"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("名称"), max_length=200)
    note = models.TextField(_("说明"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("擂台赛与评辩会")
        verbose_name_plural = pgettext_lazy("plural", "擂台赛与评辩会")
        ordering = ["-held_on", "id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def quarter(self) -> int:
        return (self.held_on.month - 1) // 3 + 1


class ContestParticipant(models.Model):
    event = models.ForeignKey(ContestEvent, on_delete=models.CASCADE, related_name="participants",
                              verbose_name=_("活动"))
    official = models.ForeignKey("org.Official", on_delete=models.PROTECT, related_name="contest_entries",
                                 verbose_name=_("干部"))
    topic = models.CharField(_("题目"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参赛干部")
        verbose_name_plural = pgettext_lazy("plural", "参赛干部")
        ordering = ["event", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "official"], name="contest_participant_once")]

    def __str__(self):
        return f"{self.official.name} · {self.topic}"

    def clean(self):
        if self.event_id and self.official_id and self.official.unit.district_id != self.event.district_id:
            raise ValidationError({"official": [_("只能选择本区的干部。")]})


class JudgeScore(models.Model):
    participant = models.ForeignKey(ContestParticipant, on_delete=models.CASCADE, related_name="scores",
                                    verbose_name=_("参赛干部"))
    judge_name = models.CharField(_("评委"), max_length=50)
    judge_role = models.CharField(_("评委身份"), max_length=100, blank=True)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评委打分")
        verbose_name_plural = pgettext_lazy("plural", "评委打分")
        ordering = ["participant", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "judge_name"], name="judge_scores_once"),
            models.CheckConstraint(condition=models.Q(score__gte=0) & models.Q(score__lte=100),
                                   name="judge_score_in_range"),
        ]

    def __str__(self):
        return f"{self.judge_name}: {self.score}"


class JudgeQuestion(models.Model):
    participant = models.ForeignKey(ContestParticipant, on_delete=models.CASCADE, related_name="questions",
                                    verbose_name=_("参赛干部"))
    asked_by = models.CharField(_("提问人"), max_length=100)
    question = models.TextField(_("问题"), max_length=1000)
    answer = models.TextField(_("回答要点"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("现场提问")
        verbose_name_plural = pgettext_lazy("plural", "现场提问")
        ordering = ["participant", "id"]

    def __str__(self):
        return self.question[:40]


class Competency(models.Model):
    district = models.ForeignKey("org.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("区"))
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), max_length=1000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("胜任力")
        verbose_name_plural = pgettext_lazy("plural", "胜任力")
        ordering = ["district", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="competency_unique_name")]

    def __str__(self):
        return self.name


class CompetencyRequirement(models.Model):
    class PostKind(models.TextChoices):
        STREET_HEAD = rules.STREET_HEAD, _("街道党政正职")
        DEPARTMENT_HEAD = rules.DEPARTMENT_HEAD, _("部门党政正职")
        OTHER_HEAD = rules.OTHER_HEAD, _("其他单位党政正职")
        DEPUTY = rules.DEPUTY, _("副职及其他岗位")

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="requirements",
                                   verbose_name=_("胜任力"))
    post_kind = models.CharField(_("岗位类型"), max_length=30, choices=PostKind.choices)
    level = models.PositiveSmallIntegerField(_("要求等级"), validators=LEVEL_VALIDATORS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("岗位胜任力要求")
        verbose_name_plural = pgettext_lazy("plural", "岗位胜任力要求")
        ordering = ["competency", "post_kind"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "post_kind"], name="competency_requirement_once"),
            models.CheckConstraint(condition=models.Q(level__gte=1) & models.Q(level__lte=5),
                                   name="competency_requirement_level"),
        ]

    def __str__(self):
        return f"{self.competency} · {self.get_post_kind_display()} ≥ {self.level}"


class CompetencyAssessment(models.Model):
    """An official's assessed level of one competency on a date; the latest one counts."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="assessments",
                                   verbose_name=_("胜任力"))
    official = models.ForeignKey("org.Official", on_delete=models.PROTECT, related_name="competency_assessments",
                                 verbose_name=_("干部"))
    level = models.PositiveSmallIntegerField(_("评定等级"), validators=LEVEL_VALIDATORS)
    assessed_on = models.DateField(_("评定日期"))
    source = models.CharField(_("来源"), max_length=200, help_text=_("例如：年度考察、专项调研、述职评议"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("胜任力评定")
        verbose_name_plural = pgettext_lazy("plural", "胜任力评定")
        ordering = ["official", "competency", "-assessed_on", "-id"]
        indexes = [models.Index(fields=["official", "competency", "assessed_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1) & models.Q(level__lte=5),
                                   name="competency_assessment_level"),
        ]

    def __str__(self):
        return f"{self.official.name} · {self.competency} = {self.level}"

    def clean(self):
        if self.competency_id and self.official_id and self.official.unit.district_id != self.competency.district_id:
            raise ValidationError({"official": [_("只能评定本区的干部。")]})
