"""The growth pages' forms: choices are limited to what the signed-in user may read in the page's
district (the views pass them in); the services apply the rules."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CompetencyRequirement, ContestEvent, LearningActivity

DATE = forms.DateInput(attrs={"type": "date"})
LEVEL_CHOICES = [(n, str(n)) for n in range(1, 6)]


class OfficialChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s（%(unit)s）") % {"name": obj.name, "unit": obj.unit.name}


class ActivityForm(forms.Form):
    official = OfficialChoice(label=_("干部"), queryset=None)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    kind = forms.ChoiceField(label=_("类型"), choices=LearningActivity.Kind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    points = forms.DecimalField(label=_("积分"), required=False, min_value=0, max_value=100, decimal_places=1,
                                help_text=_("留空按类型默认分值：培训 2、自学学历 10、职业资格 8、授课 3、其他 1"))
    evidence = forms.CharField(label=_("佐证说明"), max_length=1000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ContestEvent.Kind.choices)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    title = forms.CharField(label=_("名称"), max_length=200)
    note = forms.CharField(label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ParticipantForm(forms.Form):
    prefix = "entry"  # the event page holds three forms; their fields' ids must differ
    official = OfficialChoice(label=_("干部"), queryset=None)
    topic = forms.CharField(label=_("题目"), max_length=200)

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials


class ParticipantChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.official.name


class ScoreForm(forms.Form):
    prefix = "score"
    participant = ParticipantChoice(label=_("参赛干部"), queryset=None)
    judge_name = forms.CharField(label=_("评委"), max_length=50)
    judge_role = forms.CharField(label=_("评委身份"), max_length=100, required=False)
    score = forms.DecimalField(label=_("得分"), min_value=0, max_value=100, decimal_places=2)
    reason = forms.CharField(label=_("修改理由"), max_length=200, required=False,
                             help_text=_("同一评委再次打分即修改原分数，须填写理由"))

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class QuestionForm(forms.Form):
    prefix = "question"
    participant = ParticipantChoice(label=_("参赛干部"), queryset=None)
    asked_by = forms.CharField(label=_("提问人"), max_length=100)
    question = forms.CharField(label=_("问题"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    answer = forms.CharField(label=_("回答要点"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class CompetencyForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    description = forms.CharField(label=_("说明"), max_length=1000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CompetencyRequirement.PostKind.choices:
            self.fields[f"level_{code}"] = forms.TypedChoiceField(
                label=label, choices=[("", _("不要求"))] + LEVEL_CHOICES, coerce=int, empty_value=None,
                required=False)

    def required_levels(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"level_{code}"] for code, _label in CompetencyRequirement.PostKind.choices
                if self.cleaned_data.get(f"level_{code}")}


class AssessmentForm(forms.Form):
    official = OfficialChoice(label=_("干部"), queryset=None)
    competency = forms.ModelChoiceField(label=_("胜任力"), queryset=None)
    level = forms.TypedChoiceField(label=_("评定等级"), choices=LEVEL_CHOICES, coerce=int)
    assessed_on = forms.DateField(label=_("评定日期"), widget=DATE)
    source = forms.CharField(label=_("来源"), max_length=200, help_text=_("例如：年度考察、专项调研、述职评议"))

    def __init__(self, *args, officials, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["competency"].queryset = competencies


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
