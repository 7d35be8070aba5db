"""Forms of the evaluation pages. They check the shape of the input (numbers, ranges, choices,
lengths); the rules of SPEC sections 3–4 (states, release locks, completeness) stay in the
services, whose ValidationErrors the views put back on these forms."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Exemption, Grade, Method, RaterGroup
from .services import political_review_problems

QUARTERS = (1, 2, 3, 4)
QUARTER_CHOICES = [(q, format_lazy(_("第 {quarter} 季度"), quarter=q)) for q in QUARTERS]
LETTER_CHOICES = [("", "—"), ("A", "A"), ("B", "B"), ("C", "C")]
YES_NO = [("", _("未录入")), ("yes", _("合格")), ("no", _("不合格"))]

# What each way of gathering information (采集方式) means, shown as help next to the score grid.
METHOD_HELP = {
    Method.INVESTIGATION: _("围绕目标开展专项调研，查阅工作台账和有关资料，核实完成情况。"),
    Method.SITE_VISIT: _("到项目或工作现场实地察看，检验推进进度和实际成效。"),
    Method.ATTENDANCE: _("列席单位会议或有关活动，了解目标推进和落实情况。"),
    Method.INTERVIEW: _("与干部本人及所在单位干部群众谈心谈话，听取意见和评价。"),
    Method.OTHER: _("以上方式以外的其他途径，请在“评分说明”中写明。"),
}


def _decimal_input(**attrs):
    # Text with a decimal keypad rather than type=number: the server validates, and "abc" or
    # "101" comes back as a message on the cell instead of being silently dropped.
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **attrs})


# --- the quarterly score grid ---------------------------------------------------------------------


class ScoreRowForm(forms.Form):
    """One row of the grid (prefix `row-<pledge id>`): points OR a letter, the method, a note,
    and a reason (the service requires it once the quarter is released)."""

    score = forms.DecimalField(label=_("得分"), required=False, min_value=0, max_value=100, max_digits=4,
                               decimal_places=1, widget=_decimal_input(placeholder="0–100", maxlength="6"))
    letter = forms.ChoiceField(label=_("评级"), required=False, choices=LETTER_CHOICES)
    method = forms.ChoiceField(label=_("采集方式"), choices=Method.choices, initial=Method.INVESTIGATION)
    note = forms.CharField(label=_("评分说明"), required=False, max_length=1000,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    reason = forms.CharField(label=_("修改理由"), required=False, max_length=1000,
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def clean(self):
        data = super().clean()
        has_score = data.get("score") is not None
        has_letter = bool(data.get("letter"))
        if "score" in self.errors:
            return data
        if has_score and has_letter:
            self.add_error("score", _("得分和季度评级只能填写一项。"))
            self.add_error("letter", _("得分和季度评级只能填写一项。"))
        elif not has_score and not has_letter:
            self.add_error("score", _("请填写得分或季度评级（二选一）。"))
        return data

    @staticmethod
    def initial_of(score) -> dict:
        """The row's initial values from its stored QuarterlyScore (or None)."""
        if score is None:
            return {"method": Method.INVESTIGATION}
        return {"score": score.score, "letter": score.letter, "method": score.method, "note": score.note}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"score": data.get("score"), "letter": data.get("letter") or None, "method": data["method"],
                "note": data.get("note", ""), "reason": data.get("reason", "")}


class GridFilterForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("季度"), choices=QUARTER_CHOICES, coerce=int)
    unit = forms.TypedChoiceField(label=_("单位"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, units):
        super().__init__(data)
        self.fields["unit"].choices = [("", _("全部单位"))] + [(u.pk, u.name) for u in units]


class ReleaseForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("季度"), choices=QUARTER_CHOICES, coerce=int)


# --- year-end inputs -----------------------------------------------------------------------------


class UnitScoreForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(label=_("综合绩效得分"), min_value=0, max_value=100, max_digits=5, decimal_places=2,
                               widget=_decimal_input(placeholder="0–100"))


SURVEY_FIELDS = [(group.value, group.label) for group in RaterGroup]


class OfficialInputsForm(forms.Form):
    """One official's year-end inputs: a score per rater group (empty = not entered) and the
    political review (qualified or not, with a note)."""

    official = forms.IntegerField(widget=forms.HiddenInput)
    qualified = forms.ChoiceField(label=_("结论"), choices=YES_NO, required=False)
    review_note = forms.CharField(label=_("说明"), max_length=1000, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for group, label in SURVEY_FIELDS:
            self.fields[f"survey_{group}"] = forms.DecimalField(
                label=label, required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2,
                widget=_decimal_input(placeholder="0–100"),
            )
        # Survey fields first, in the rater groups' order, then the review.
        order = ["official"] + [f"survey_{g}" for g, _label in SURVEY_FIELDS] + ["qualified", "review_note"]
        self.order_fields(order)

    def survey_fields(self):
        return [self[f"survey_{group}"] for group, _label in SURVEY_FIELDS]

    def changed_surveys(self, current: dict) -> dict[str, Decimal]:
        """The rater groups whose score was entered and differs from `current` {group: score}."""
        changed = {}
        for group, _label in SURVEY_FIELDS:
            value = self.cleaned_data.get(f"survey_{group}")
            if value is not None and value != current.get(group):
                changed[group] = value
        return changed

    def review_change(self, current) -> dict | None:
        """The political review to record, or None when it is empty or unchanged."""
        choice = self.cleaned_data.get("qualified")
        if not choice:
            return None
        qualified, note = choice == "yes", self.cleaned_data.get("review_note", "")
        if current is not None and current.qualified == qualified and current.note == note:
            return None
        return {"qualified": qualified, "note": note}


class PoliticalReviewRowForm(forms.Form):
    """One official's row of the bulk political review form (prefix `review-<official id>`):
    合格 or 不合格, and a note, which 不合格 requires."""

    qualified = forms.TypedChoiceField(label=_("结论"), choices=[("yes", _("合格")), ("no", _("不合格"))],
                                       coerce=lambda value: value == "yes", widget=forms.RadioSelect)
    note = forms.CharField(label=_("说明"), max_length=1000, required=False, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("不合格时必填")}))

    def clean(self):
        data = super().clean()
        if "qualified" in data:
            for field, message in political_review_problems(qualified=data["qualified"],
                                                            note=data.get("note", "")).items():
                self.add_error(field, message)
        return data

    @staticmethod
    def initial_of(review) -> dict:
        """合格 unless a stored review (or None) says otherwise."""
        if review is None:
            return {"qualified": "yes", "note": ""}
        return {"qualified": "yes" if review.qualified else "no", "note": review.note}


def official_label(official) -> str:
    """An official in a choice list: the name and the unit."""
    return gettext("%(name)s（%(unit)s）") % {"name": official.name, "unit": official.unit.name}


class EntryAddForm(forms.Form):
    official = forms.ModelChoiceField(label=_("干部"), queryset=None, empty_label=_("请选择干部"))
    item = forms.ModelChoiceField(label=_("清单条目"), queryset=None, empty_label=_("请选择条目"), to_field_name="code")
    note = forms.CharField(label=_("事实与依据"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, officials, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["official"].label_from_instance = official_label
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = (
            lambda i: f"{i.get_kind_display()} {i.code} · {i.title_display}"
            + (gettext("（+%(points)s）") % {"points": f"{i.points:g}"} if i.points else "")
        )


class ExemptionForm(forms.Form):
    """不确定等次: an official of the cycle, the reason code and a note."""

    official = forms.ModelChoiceField(label=_("干部"), queryset=None, empty_label=_("请选择干部"))
    reason = forms.ChoiceField(label=_("原因"), choices=[("", _("请选择原因"))] + list(Exemption.Reason.choices))
    note = forms.CharField(label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("如：经区纪委监委通报，立案审查调查期间；原因为“其他”时必填"))

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["official"].label_from_instance = official_label


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=1000)


# --- results ---------------------------------------------------------------------------------------


SORTS = [("rank", _("按名次")), ("composite", _("按综合得分")), ("name", _("按姓名"))]
GRADE_FILTERS = [("", _("全部等次"))] + [(g, _(rules.GRADE_LABELS[g])) for g in (Grade.GOOD, Grade.AVERAGE, Grade.POOR)]


class ResultsFilterForm(forms.Form):
    grade = forms.ChoiceField(label=_("等次"), choices=GRADE_FILTERS, required=False)
    unit = forms.TypedChoiceField(label=_("单位"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("姓名"), max_length=50, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("输入姓名")}))
    sort = forms.ChoiceField(label=_("排序"), choices=SORTS, required=False)

    def __init__(self, data, *, units):
        super().__init__(data)
        self.fields["unit"].choices = [("", _("全部单位"))] + [(u.pk, u.name) for u in units]


class OverrideForm(forms.Form):
    """Set an official's grade with the reason, or clear the override (`clear`)."""

    official = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(label=_("调整为"), choices=[("", _("请选择"))] + list(Grade.choices), required=False)
    reason = forms.CharField(label=_("理由"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    clear = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm_over_quota = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("clear"):
            if not data.get("grade"):
                self.add_error("grade", _("请选择调整后的等次。"))
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("调整等次必须说明理由。"))
        return data


class OutcomeForm(forms.Form):
    carried_out = forms.TypedChoiceField(label=_("落实情况"), choices=[("no", _("未落实")), ("yes", _("已落实"))],
                                         coerce=lambda v: v == "yes")
    carried_out_on = forms.DateField(label=_("落实日期"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("说明"), max_length=1000, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
