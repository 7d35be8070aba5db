"""The staff forms of the survey pages (define a survey, issue codes, change a proposal). The
phone ballot is not a Django form: its fields are the officials × items the code covers
(views.ballot reads them from the POST body by name)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from evaluations.models import RaterGroup

from . import rules, services
from .models import Survey

REVERSE_MARK = gettext_noop("反向")
FULLWIDTH_BAR = "\uff5c"  # typed on Chinese keyboards for "|"


def _is_reverse_mark(text: str) -> bool:
    bare = text.strip("()\uff08\uff09").strip().lower()  # (反向) and （反向） too
    return bare in (REVERSE_MARK, _(REVERSE_MARK).lower(), "reverse")


def parse_items(text: str) -> tuple[list[services.ItemInput], list[str]]:
    """Items from a textarea, one a line: `编号｜内容` or `编号｜内容｜反向`."""
    items, problems = [], []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace(FULLWIDTH_BAR, "|").split("|")]
        if len(parts) not in (2, 3) or (len(parts) == 3 and not _is_reverse_mark(parts[2])):
            problems.append(_("第 %(n)s 行：请写成“编号｜内容”，反向题写成“编号｜内容｜反向”。") % {"n": n})
            continue
        items.append(services.ItemInput(parts[0], parts[1], reverse=len(parts) == 3))
    return items, problems


def items_text(survey: Survey) -> str:
    return "\n".join(f"{i.code} | {i.text}" + (f" | {_(REVERSE_MARK)}" if i.reverse else "")
                     for i in survey.items.all())


def parse_scale(text: str) -> tuple[list[dict], list[str]]:
    """A scale from a textarea, one choice a line: `名称 分值`; 不了解 is added at the end."""
    scale, problems = [], []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        label, _sep, points = line.strip().rpartition(" ")
        if not label.strip() or not points.isdigit():
            problems.append(_("第 %(n)s 行：请写成“名称 分值”，例如“好 100”。") % {"n": n})
            continue
        scale.append({"label": label.strip(), "points": int(points)})
    scale.append({"label": rules.UNKNOWN_LABEL, "points": None})
    return scale, problems


def scale_text(scale: list) -> str:
    return "\n".join(f"{c['label']} {c['points']}" for c in scale if c["points"] is not None)


class SurveyForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=Survey.Kind.choices)
    title = forms.CharField(label=gettext_lazy("名称"), max_length=200)
    items = forms.CharField(
        label=gettext_lazy("测评题目"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("每行一题：编号｜内容；政治素质测评的反向题写成：编号｜内容｜反向（回答“是”为负面评价）。"))
    scale = forms.CharField(
        label=gettext_lazy("评价档次"), widget=forms.Textarea(attrs={"rows": 5}),
        initial=scale_text(list(rules.DEFAULT_SCALE)),
        help_text=gettext_lazy("每行一档：名称 分值（0–100 的整数）；“不了解”自动附在最后，不计分。"))
    valid_answer_share = forms.DecimalField(label=gettext_lazy("有效票：评价项占比不低于"), min_value=0,
                                            max_value=1, decimal_places=4,
                                            initial=rules.DEFAULT_SETTINGS["valid_answer_share"])
    min_turnout = forms.DecimalField(label=gettext_lazy("计入：有效票占发放票码比例不低于"), min_value=0,
                                     max_value=1, decimal_places=4, initial=rules.DEFAULT_SETTINGS["min_turnout"])
    trim_at = forms.IntegerField(label=gettext_lazy("去掉一个最高分和一个最低分：有效评价不少于"), min_value=3,
                                 max_value=1000, initial=rules.DEFAULT_SETTINGS["trim_at"])
    political_threshold = forms.DecimalField(label=gettext_lazy("政治素质合格分数线"), min_value=0, max_value=100,
                                             decimal_places=2,
                                             initial=rules.DEFAULT_SETTINGS["political_threshold"])
    reverse_negative_limit = forms.DecimalField(label=gettext_lazy("反向题负面比例上限"), min_value=0, max_value=1,
                                                decimal_places=4,
                                                initial=rules.DEFAULT_SETTINGS["reverse_negative_limit"])
    reason = forms.CharField(label=gettext_lazy("修改说明"), max_length=500, required=False)

    SETTING_FIELDS = tuple(rules.DEFAULT_SETTINGS)

    def __init__(self, *args, survey: Survey | None = None, **kwargs):
        if survey is not None:
            kwargs.setdefault("initial", {
                "kind": survey.kind, "title": survey.title, "items": items_text(survey),
                "scale": scale_text(survey.scale), **survey.settings})
        super().__init__(*args, **kwargs)
        if survey is not None:
            self.fields["kind"].disabled = True
        else:
            del self.fields["reason"]

    def clean_items(self):
        items, problems = parse_items(self.cleaned_data["items"])
        if problems:
            raise forms.ValidationError(problems)
        return items

    def clean_scale(self):
        scale, problems = parse_scale(self.cleaned_data["scale"])
        if problems:
            raise forms.ValidationError(problems)
        return scale

    def settings(self) -> dict:
        values = {}
        for key in self.SETTING_FIELDS:
            value = self.cleaned_data[key]
            values[key] = int(value) if key == "trim_at" else (
                int(value) if value == value.to_integral_value() else float(value))
        return values


class CodesForm(forms.Form):
    rater_group = forms.ChoiceField(label=gettext_lazy("测评主体"), choices=RaterGroup.choices)
    count = forms.IntegerField(label=gettext_lazy("数量"), min_value=1, max_value=services.MAX_CODES_PER_CALL)
    unit = forms.ModelChoiceField(label=gettext_lazy("只测评该单位的干部"), queryset=None, required=False,
                                  empty_label=gettext_lazy("全部被测评干部"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ProposalForm(forms.Form):
    official = forms.IntegerField(widget=forms.HiddenInput)
    qualified = forms.TypedChoiceField(label=gettext_lazy("认定"), coerce=lambda v: v == "1",
                                       choices=[("1", gettext_lazy("合格")), ("0", gettext_lazy("不合格"))])
    reason = forms.CharField(label=gettext_lazy("理由"), max_length=1000)
