"""Forms of the pledge pages. They check the shape of the input (types, lengths, choices); the
rules of SPEC section 3 (milestones per quarter, 3–5 pledges, workflow) stay in services and rules."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import rules
from .evidence import ACCEPTED, ACCEPTED_LABEL, MAX_FILES_PER_UPDATE
from .models import Pledge

RATINGS = (
    ("difficulty", _("工作难度")),
    ("innovation", _("创新力度")),
    ("contribution", _("贡献程度")),
)
RATING_CHOICES = [(1, _("1 分")), (2, _("2 分")), (3, _("3 分"))]
QUARTER_CHOICES = [(q, format_lazy(_("第 {} 季度"), q)) for q in (1, 2, 3, 4)]
# Rows the form shows beyond the filled ones, and at least this many rows: no JavaScript needed.
EXTRA_MILESTONE_ROWS, MIN_MILESTONE_ROWS = 2, 6
MAX_MILESTONE_ROWS = rules.MAX_MILESTONES + EXTRA_MILESTONE_ROWS


# --- pledge text ---------------------------------------------------------------------------------


class PledgeForm(forms.Form):
    """The text of a pledge. `with_kind` adds the kind (only when filing: it cannot change later)."""

    kind = forms.ChoiceField(label=_("承诺类型"), choices=Pledge.Kind.choices)
    category = forms.ChoiceField(label=_("类别"), choices=[("", _("请选择类别"))] + Pledge.Category.choices)
    title = forms.CharField(label=_("目标名称"), max_length=100,
                            help_text=_("一句话概括，不超过 100 字"))
    content = forms.CharField(label=_("工作内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    target = forms.CharField(label=_("量化目标"), max_length=300,
                             help_text=_("写明可检验的结果，如“全年举办招才引智活动 30 场”"))
    target_value = forms.DecimalField(label=_("目标数值"), max_digits=14, decimal_places=2, required=False,
                                      widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))
    target_unit = forms.CharField(label=_("计量单位"), max_length=20, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": _("如：场、座、%")}))

    def __init__(self, *args, with_kind: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_kind:
            del self.fields["kind"]

    def text(self) -> dict:
        """The cleaned text fields as the services take them (milestones come from the rows)."""
        data = self.cleaned_data
        return {
            "category": data["category"], "title": data["title"], "content": data["content"],
            "target": data["target"], "target_value": data.get("target_value"),
            "target_unit": data.get("target_unit") or "",
        }


class ReviseForm(PledgeForm):
    reason = forms.CharField(label=_("调整理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("说明为何需要调整，审核通过前现行目标继续有效"))


class MilestoneForm(forms.Form):
    """One row of the milestone table; a row without description and date is ignored."""

    quarter = forms.TypedChoiceField(label=_("季度"), choices=[("", "—")] + QUARTER_CHOICES, coerce=int,
                                     required=False, empty_value=None)
    description = forms.CharField(label=_("节点内容"), max_length=rules.MILESTONE_TEXT_MAX, required=False)
    due_on = forms.DateField(label=_("完成日期"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        filled = bool(data.get("description")) or bool(data.get("due_on"))
        if filled and not data.get("quarter"):
            self.add_error("quarter", _("请选择季度。"))
        if data.get("due_on") and not data.get("description"):
            self.add_error("description", _("请填写节点内容。"))
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("description") and not data.get("due_on")


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, extra=0, max_num=MAX_MILESTONE_ROWS, absolute_max=MAX_MILESTONE_ROWS, validate_max=True,
)


def milestone_rows(milestones: list, quarters: list[int]) -> list[dict]:
    """Initial rows: the pledge's milestones, or one row per spanned quarter for a new pledge,
    then empty rows."""
    rows = [
        {"quarter": m.get("quarter"), "description": m.get("description", ""), "due_on": m.get("due_on") or None}
        for m in milestones if isinstance(m, dict)
    ] or [{"quarter": q} for q in quarters]
    rows += [{}] * max(EXTRA_MILESTONE_ROWS, MIN_MILESTONE_ROWS - len(rows))
    return rows[:MAX_MILESTONE_ROWS]


def milestone_formset(data=None, *, milestones=(), quarters=(1, 2, 3, 4)) -> forms.BaseFormSet:
    # Every row is cleaned, even one left as it was shown: a row prefilled from the pledge counts.
    return MilestoneFormSet(data, initial=milestone_rows(list(milestones), list(quarters)), prefix="ms",
                            form_kwargs={"empty_permitted": False})


def milestones_of(formset) -> list[dict]:
    """The filled rows of a valid formset as the milestone list the services take."""
    items = []
    for form in formset:
        if form.is_blank():
            continue
        item = {"quarter": form.cleaned_data["quarter"], "description": form.cleaned_data["description"].strip()}
        if form.cleaned_data.get("due_on"):
            item["due_on"] = form.cleaned_data["due_on"].isoformat()
        items.append(item)
    return items


# --- progress ------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (<input type=file multiple>); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(
            sorted(ending for _type, endings in ACCEPTED.values() for ending in endings)
        )}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_FILES_PER_UPDATE:
            raise ValidationError(_("每次最多上传 %(n)s 个文件。") % {"n": MAX_FILES_PER_UPDATE})
        return files


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    files = MultipleFileField(label=_("佐证材料"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = format_lazy(
            _("最多 {n} 个文件，每个不超过 {mb} MB；可上传{types}。"), n=MAX_FILES_PER_UPDATE,
            mb=settings.EVIDENCE_MAX_BYTES // (1024 * 1024), types=ACCEPTED_LABEL,
        )


# --- review --------------------------------------------------------------------------------------


def rating_field(label, *, required=True):
    return forms.TypedChoiceField(label=label, choices=[("", _("请选择"))] + RATING_CHOICES, coerce=int,
                                  required=required, empty_value=None)


class ApproveForm(forms.Form):
    """Approve (or regrade): the three 1–3 ratings, and optionally a grade that overrides the one
    they give, with its reason."""

    difficulty = rating_field(_("工作难度"))
    innovation = rating_field(_("创新力度"))
    contribution = rating_field(_("贡献程度"))
    grade = forms.ChoiceField(label=_("调整评级"), required=False,
                              choices=[("", _("按评分自动评定"))] + Pledge.Grade.choices)
    reason = forms.CharField(label=_("理由"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def ratings(self) -> dict:
        return {name: self.cleaned_data[name] for name, _label in RATINGS}


class RegradeForm(ApproveForm):
    reason = forms.CharField(label=_("调整理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class RevisionApproveForm(ApproveForm):
    """Approving a revision may leave the ratings as they are."""

    difficulty = rating_field(_("工作难度"), required=False)
    innovation = rating_field(_("创新力度"), required=False)
    contribution = rating_field(_("贡献程度"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class BulkApproveForm(forms.Form):
    """The checked rows of the review queue (`pick`), each with its ratings
    (`difficulty-<id>`, `innovation-<id>`, `contribution-<id>`). A missing rating is left to the
    service, whose message names the pledge."""

    MAX_ROWS = 500

    def __init__(self, data):
        super().__init__(data)
        self.ids = []
        for raw in data.getlist("pick"):
            if raw.isdigit() and int(raw) not in self.ids:
                self.ids.append(int(raw))
        for pk in self.ids[: self.MAX_ROWS]:
            for name, label in RATINGS:
                self.fields[f"{name}-{pk}"] = rating_field(label, required=False)

    def clean(self):
        if not self.ids:
            raise ValidationError(_("请先勾选要通过的目标。"))
        if len(self.ids) > self.MAX_ROWS:
            raise ValidationError(_("一次最多通过 %(n)s 项。") % {"n": self.MAX_ROWS})
        return super().clean()

    def ratings(self, pk: int) -> dict:
        return {name: self.cleaned_data.get(f"{name}-{pk}") for name, _label in RATINGS}


# --- the review queue's filters --------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("考核年度"), coerce=int, required=False, empty_value=None)
    unit = forms.TypedChoiceField(label=_("单位"), coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(label=_("类别"), required=False,
                                 choices=[("", _("全部类别"))] + Pledge.Category.choices)
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态"))] + Pledge.Status.choices)
    overdue = forms.ChoiceField(label=_("逾期"), required=False,
                                choices=[("", _("不限")), ("yes", _("已逾期")), ("no", _("未逾期"))])
    q = forms.CharField(label=_("搜索"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("目标名称、内容、干部姓名")}))

    def __init__(self, data, *, cycles, units):
        super().__init__(data)
        self.fields["cycle"].choices = [(c.pk, c.label) for c in cycles]
        self.fields["unit"].choices = [("", _("全部单位"))] + [(u.pk, u.name) for u in units]
