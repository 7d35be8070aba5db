"""Forms of the public board pages (search, feedback) and of the staff pages (publishing,
moderation). They validate input only; the rules live in boards.services."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pledges.models import Pledge

from . import rules
from .models import Feedback

SEARCH_MAX = 50
# The labels are msgids (rules.STATUS_LABELS): translated when the form is shown.
STATUS_CHOICES = [(code, _(rules.STATUS_LABELS[code])) for code in (rules.DONE, rules.ON_TRACK, rules.BEHIND)]


class BoardFilterForm(forms.Form):
    """The year board's search and filters (GET). A value that does not validate is ignored."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=SEARCH_MAX, widget=forms.TextInput(attrs={
        "type": "search", "placeholder": _("姓名、单位或目标关键词"), "enterkeyhint": "search"}))
    category = forms.ChoiceField(label=_("目标类别"), required=False,
                                 choices=[("", _("全部类别")), *Pledge.Category.choices])
    status = forms.ChoiceField(label=_("最新进度"), required=False, choices=[("", _("全部进度")), *STATUS_CHOICES])

    def __init__(self, query):
        data = {name: (query.get(name) or "")[:SEARCH_MAX] for name in ("q", "category", "status")}
        super().__init__(data, auto_id="filter_%s")
        self.is_valid()

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name) or ""

    @property
    def active(self) -> bool:
        return any(self.value(name) for name in ("q", "category", "status"))

    def params(self) -> dict:
        """The valid, non-empty values (what the page shows, and its cache key)."""
        return {name: self.value(name) for name in ("q", "category", "status") if self.value(name)}


class FeedbackForm(forms.Form):
    """A message from the public about one published pledge (群众监督)."""

    pledge = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    content = forms.CharField(label=_("留言内容"), max_length=500, widget=forms.Textarea(attrs={
        "rows": 4, "placeholder": _("对这项承诺的意见、建议或监督线索（不超过 500 字）")}))
    contact = forms.CharField(label=_("联系方式（选填）"), max_length=100, required=False,
                              help_text=_("仅供工作人员回访核实，不会公开。"),
                              widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "text"}))


class RollbackForm(forms.Form):
    number = forms.IntegerField(min_value=1)
    reason = forms.CharField(label=_("回退理由"), max_length=200, required=False)


class AutoRepublishForm(forms.Form):
    auto_republish = forms.TypedChoiceField(choices=[("on", "on"), ("off", "off")],
                                            coerce=lambda value: value == "on")


class ModerationFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", _("全部")), *Feedback.Status.choices])

    def __init__(self, query):
        super().__init__({"status": (query.get("status") or "")[:20]})
        self.is_valid()

    def value(self) -> str:
        return self.cleaned_data.get("status") or ""


class ModerationForm(forms.Form):
    APPROVE, REJECT, REPLY = "approve", "reject", "reply"

    action = forms.ChoiceField(choices=[(APPROVE, _("公开")), (REJECT, _("不予公开")), (REPLY, _("保存回复"))])
    reply = forms.CharField(label=_("回复"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
