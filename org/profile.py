"""org's part of the profile page (accounts.profile): an official reads its own record and
changes its contact phone and profile text, the two fields SPEC section 1 leaves to it."""
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.profile import ProfilePart, profile_part

from . import selectors, services

PHONE = RegexValidator(r"^[0-9+()\- ]*$", gettext_lazy("联系电话只能包含数字、空格、“-”、“+”和括号。"))


class OwnDetailsForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=30, required=False, validators=[PHONE],
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    profile = forms.CharField(label=gettext_lazy("个人简介"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=gettext_lazy("工作经历、分管领域等，不超过 2000 字；组织部可见"))


def _form(user, data):
    if user.role != Role.OFFICIAL:
        return None
    official = selectors.official_of_user(user)
    if official is None:
        return None
    form = OwnDetailsForm(data, prefix="official", initial={"phone": official.phone, "profile": official.profile})
    form.official = official
    return form


def _save(user, form):
    services.official_update(actor=user, official=form.official, reason=_("本人修改联系电话和个人简介"),
                             phone=form.cleaned_data["phone"].strip(), profile=form.cleaned_data["profile"])


profile_part(ProfilePart(
    key="official", title=gettext_lazy("干部信息"), form=_form, save=_save, template="org/_own_details.html",
    saved=gettext_lazy("已保存联系电话和个人简介。"),
))
