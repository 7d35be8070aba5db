"""Forms of the org pages (units and officials). They check the shape of the input; the rules
(a unit's name unique in its district, a new post starting after the current one, a unique
username) are the services', whose errors the views put back on these forms. Each form lists
its `sections()` (legend and fields) for the one form template."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RankLevel, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, max_length: int, *, required: bool = True, **attrs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required,
                           widget=forms.TextInput(attrs={"autocomplete": "off", **attrs}))


def _reason() -> forms.CharField:
    return _text(_("说明"), 500, required=False, placeholder=_("例如任免文件文号，写入修改记录"))


class UnitChoiceField(forms.ModelChoiceField):
    """A unit, named with its district when the choices span more than one district."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Unit.objects.none(), empty_label=_("请选择单位"), **kwargs)

    def set_units(self, units) -> None:
        self.queryset = units
        several = len({unit.district_id for unit in units}) > 1
        self.label_from_instance = (lambda u: f"{u.district.name} · {u.name}") if several else (lambda u: u.name)


class SectionsMixin:
    SECTIONS: list[tuple[str, list[str]]] = []

    def sections(self) -> list[tuple[str, list]]:
        """(legend, bound fields) for each section that has fields in this form."""
        found = []
        for legend, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                found.append((legend, fields))
        return found


# --- units -----------------------------------------------------------------------------------------


class UnitForm(SectionsMixin, forms.Form):
    """A unit's name, kind and order; for a new unit also its district (one of `districts`)."""

    district = forms.ModelChoiceField(label=_("区"), queryset=None, empty_label=None)
    name = _text(_("名称"), 100)
    kind = forms.ChoiceField(label=_("类型"), choices=Unit.Kind.choices)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=99999, initial=0,
                                    help_text=_("数字小的排在前面。"))
    SECTIONS = [(_("单位"), ["district", "name", "kind", "sort_order"])]

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is None:
            del self.fields["district"]
        else:
            self.fields["district"].queryset = districts


# --- officials -------------------------------------------------------------------------------------


class OfficialForm(SectionsMixin, forms.Form):
    """A new official: unit and post, the person, and optionally its account (a username)."""

    unit = UnitChoiceField(label=_("单位"))
    position = _text(_("职务"), 100, placeholder=_("例如 党组书记、局长"))
    rank_level = forms.ChoiceField(label=_("职级"), choices=RankLevel.choices)
    appointed_on = forms.DateField(label=_("任现职时间"), widget=DATE)
    is_principal = forms.BooleanField(label=_("党政正职（参加年度考评）"), required=False, initial=True)
    name = _text(_("姓名"), 50)
    phone = _text(_("联系电话"), 30, required=False, type="tel")
    profile = forms.CharField(label=_("个人简介"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    create_account = forms.BooleanField(
        label=_("同时开设党政正职账号"), required=False,
        help_text=_("账号只能查看和填报本人的履职践诺；保存后显示一次初始密码，请转交本人并提醒修改。"),
    )
    username = _text(_("用户名"), 150, required=False, autocapitalize="none", spellcheck="false")
    username.help_text = _("开设账号时必填：字母、数字或 @ . + - _，登录时使用。")
    username.hide_optional = True  # required with the account; the form says so (clean)
    SECTIONS = [
        (_("本人"), ["name", "phone", "profile"]),
        (_("现任岗位"), ["unit", "position", "rank_level", "appointed_on", "is_principal"]),
        (_("登录账号"), ["create_account", "username"]),
    ]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units)

    def clean(self):
        data = super().clean()
        if data.get("create_account") and not data.get("username"):
            self.add_error("username", _("开设账号须填写用户名。"))
        return data

    def official_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in (
            "unit", "name", "position", "rank_level", "appointed_on", "is_principal", "phone", "profile")}


class OfficialEditForm(SectionsMixin, forms.Form):
    """What changes about an official without a new post: the person, whether it is a principal
    under review, and a correction of the current post's start date."""

    name = _text(_("姓名"), 50)
    phone = _text(_("联系电话"), 30, required=False, type="tel")
    profile = forms.CharField(label=_("个人简介"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    is_principal = forms.BooleanField(label=_("党政正职（参加年度考评）"), required=False)
    appointed_on = forms.DateField(label=_("任现职时间"), widget=DATE,
                                   help_text=_("只用于更正日期；调任、晋升请用“岗位变动”。"))
    reason = _reason()
    SECTIONS = [(_("基本信息"), ["name", "phone", "profile", "is_principal", "appointed_on", "reason"])]
    FIELDS = ("name", "phone", "profile", "is_principal", "appointed_on")

    def changes(self, official) -> dict:
        """The fields whose value differs from the official's."""
        return {name: self.cleaned_data[name] for name in self.FIELDS
                if self.cleaned_data[name] != getattr(official, name)}


class MoveForm(SectionsMixin, forms.Form):
    """A new post (调任、晋升、转任): unit, position and rank from its first day; the current
    post ends the day before (org.services.official_update)."""

    unit = UnitChoiceField(label=_("新单位"))
    position = _text(_("新职务"), 100)
    rank_level = forms.ChoiceField(label=_("职级"), choices=RankLevel.choices)
    started_on = forms.DateField(label=_("任职时间"), widget=DATE,
                                 help_text=_("新岗位的第一天；现任岗位在前一天结束。"))
    is_principal = forms.BooleanField(label=_("党政正职（参加年度考评）"), required=False)
    reason = _reason()
    confirm_front_line = forms.BooleanField(
        label=_("确认提前调整街道党政正职"), required=False,
        help_text=_("一线规则：新任街道党政正职须任满两年方可调整；提前调整须勾选并在“说明”中写明原因。"))
    SECTIONS = [(_("新岗位"), ["unit", "position", "rank_level", "started_on", "is_principal", "reason",
                             "confirm_front_line"])]

    def __init__(self, *args, units, official, **kwargs):
        super().__init__(*args, **kwargs)
        self.official = official
        self.fields["unit"].set_units(units)

    def clean(self):
        data = super().clean()
        post = {name: data.get(name) for name in ("unit", "position", "rank_level")}
        if None not in post.values() and all(getattr(self.official, k) == v for k, v in post.items()):
            self.add_error(None, _("新岗位与现任岗位相同：请修改单位、职务或职级。只更正任职时间请用“修改信息”。"))
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        return {"unit": data["unit"], "position": data["position"], "rank_level": data["rank_level"],
                "appointed_on": data["started_on"], "is_principal": data["is_principal"]}


class LeaveForm(SectionsMixin, forms.Form):
    """The end of the official's current post (离任)."""

    ended_on = forms.DateField(label=_("离任时间"), widget=DATE, help_text=_("现任岗位的最后一天。"))
    reason = _reason()
    SECTIONS = [(_("离任"), ["ended_on", "reason"])]


class OfficialFilterForm(forms.Form):
    """The officials list's filters: district (when there are several), unit, a part of the name."""

    district = forms.TypedChoiceField(label=_("区"), coerce=int, required=False, empty_value=None)
    unit = forms.TypedChoiceField(label=_("单位"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("姓名"), max_length=50, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("输入姓名")}))

    def __init__(self, data, *, districts, units):
        super().__init__(data)
        self.fields["district"].choices = [("", _("全部区"))] + [(d.pk, d.name) for d in districts]
        self.fields["unit"].choices = [("", _("全部单位"))] + [(u.pk, u.name) for u in units]
