"""Forms of the development pages. They check the shape of the input; the rules (same district,
one open placement per category, reasons) are the services', whose errors come back on these
forms' fields. Each form lists its `sections()` for the one form template."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from org.forms import DATE, SectionsMixin
from org.models import RankLevel

from .models import Occasion


def _official_label(official) -> str:
    return f"{official.name} · {official.unit.name} · {official.position}"


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _official_label(obj)


class PoolFilterForm(forms.Form):
    """The pool page's filters: district (when several), category, unit, rank level, street experience."""

    district = forms.TypedChoiceField(label=_("区"), coerce=int, required=False, empty_value=None)
    category = forms.TypedChoiceField(label=_("储备类别"), coerce=int, required=False, empty_value=None)
    unit = forms.TypedChoiceField(label=_("单位"), coerce=int, required=False, empty_value=None)
    rank_level = forms.ChoiceField(label=_("职级"), required=False, choices=[("", _("全部职级")), *RankLevel.choices])
    street = forms.BooleanField(label=_("仅看有街道任职经历的（区直部门正职人选）"), required=False)

    def __init__(self, data, *, districts, categories, units):
        super().__init__(data)
        self.fields["district"].choices = [("", _("全部区"))] + [(d.pk, d.name) for d in districts]
        self.fields["category"].choices = [("", _("全部类别"))] + [(c.pk, c.name) for c in categories]
        self.fields["unit"].choices = [("", _("全部单位"))] + [(u.pk, u.name) for u in units]


class PlacementForm(SectionsMixin, forms.Form):
    official = OfficialChoiceField(label=_("干部"), queryset=None, empty_label=_("请选择干部"))
    category = forms.ModelChoiceField(label=_("储备类别"), queryset=None, empty_label=_("请选择类别"))
    placed_on = forms.DateField(label=_("入库时间"), widget=DATE)
    grounds = forms.CharField(label=_("入库依据"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("例如日常考察、多方推荐、通报表扬等"))
    evidence = forms.CharField(label=_("佐证材料"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    evidence_file = forms.FileField(label=_("佐证附件"), required=False, max_length=150)
    SECTIONS = [(_("入库"), ["official", "category", "placed_on", "grounds", "evidence", "evidence_file"])]

    def __init__(self, *args, officials, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["category"].queryset = categories


class RemoveForm(SectionsMixin, forms.Form):
    removed_on = forms.DateField(label=_("出库时间"), widget=DATE)
    reason = forms.CharField(label=_("出库原因"), max_length=500)
    SECTIONS = [(_("出库"), ["removed_on", "reason"])]


class PairForm(SectionsMixin, forms.Form):
    mentor = OfficialChoiceField(label=_("导师"), queryset=None, empty_label=_("请选择导师"))
    mentee = OfficialChoiceField(label=_("结对干部"), queryset=None, empty_label=_("请选择结对干部"))
    started_on = forms.DateField(label=_("结对开始"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    SECTIONS = [(_("师徒结对"), ["mentor", "mentee", "started_on", "note"])]

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = officials
        self.fields["mentee"].queryset = officials


class TalkForm(SectionsMixin, forms.Form):
    official = OfficialChoiceField(label=_("谈话对象"), queryset=None, empty_label=_("请选择谈话对象"))
    pair = forms.ModelChoiceField(label=_("师徒结对"), queryset=None, required=False, empty_label=_("不属于结对"))
    held_on = forms.DateField(label=_("谈话日期"), widget=DATE)
    topic = forms.CharField(label=_("谈话主题"), max_length=200)
    occasion = forms.ChoiceField(label=_("四必谈情形"), required=False,
                                 choices=[("", _("日常谈心")), *Occasion.choices])
    notes = forms.CharField(label=_("谈话记录"), max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 5}))
    SECTIONS = [(_("谈心谈话"), ["official", "pair", "held_on", "topic", "occasion", "notes"])]

    def __init__(self, *args, officials, pairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["pair"].queryset = pairs
        self.fields["pair"].label_from_instance = lambda p: _("%(mentor)s → %(mentee)s") % {
            "mentor": p.mentor.name, "mentee": p.mentee.name}


class DueTalkForm(SectionsMixin, forms.Form):
    """A must-talk staff record by hand (a difficulty or a family event; the other two are raised
    automatically, but may be recorded here too)."""

    official = OfficialChoiceField(label=_("谈话对象"), queryset=None, empty_label=_("请选择干部"))
    occasion = forms.ChoiceField(label=_("四必谈情形"), choices=Occasion.choices, initial=Occasion.DIFFICULTY)
    detail = forms.CharField(label=_("情况说明"), max_length=300)
    SECTIONS = [(_("四必谈"), ["official", "occasion", "detail"])]

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials


class CategoryForm(SectionsMixin, forms.Form):
    """A reserve category's name, description and order; for a new one also its district (one of
    `districts`)."""

    district = forms.ModelChoiceField(label=_("区"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("类别名称"), max_length=50)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=99999, required=False,
                                    help_text=_("数字小的排在前面；留空则排在最后。"))
    SECTIONS = [(_("储备类别"), ["district", "name", "description", "sort_order"])]

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is None:
            del self.fields["district"]
            self.fields["sort_order"].required = True
            self.fields["sort_order"].help_text = _("数字小的排在前面。")
        else:
            self.fields["district"].queryset = districts
