"""The profile page's filters (by year and by kind of section), a plain GET form."""
from django import forms
from django.utils.translation import gettext_lazy as _


class ProfileFilterForm(forms.Form):
    year = forms.TypedMultipleChoiceField(label=_("年度"), required=False, coerce=int,
                                          widget=forms.CheckboxSelectMultiple)
    kind = forms.MultipleChoiceField(label=_("内容"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, data=None, *, years: list[int], kinds: list[tuple[str, str]]):
        super().__init__(data)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["kind"].choices = kinds

    def chosen(self) -> tuple[list[int] | None, list[str] | None]:
        """The years and kinds to show (None: all); an unknown value is left out."""
        if not self.is_bound:
            return None, None
        years = [int(y) for y in self.data.getlist("year") if y.isdigit()
                 and int(y) in {c for c, _ in self.fields["year"].choices}]
        kinds = [k for k in self.data.getlist("kind") if k in {c for c, _ in self.fields["kind"].choices}]
        return years or None, kinds or None
