"""Forms of the appeal pages: the shape of the input only; the rules are the services'."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Appeal


class FileForm(forms.Form):
    subject = forms.ChoiceField(choices=Appeal.Subject.choices, widget=forms.HiddenInput)
    object_id = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("申请理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("写明对哪一项结果有异议、事实和依据。"))


class DecideForm(forms.Form):
    state = forms.ChoiceField(label=_("复核决定"), widget=forms.RadioSelect, choices=[
        (Appeal.State.UPHELD, _("维持原结果")), (Appeal.State.CHANGED, _("更正"))])
    new_value = forms.CharField(label=_("更正后结果"), max_length=20, required=False,
                                help_text=_("选择“更正”时填写：季度评分填分数或 A/B/C，目标评级填 A/B/C，"
                                            "年度等次填 good（好）、average（一般）或 poor（较差）。"))
    decision_reason = forms.CharField(label=_("复核意见"), max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 4}))
    confirm_over_quota = forms.BooleanField(label=_("确认超出“好”等次名额"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回说明"), max_length=100, required=False)
