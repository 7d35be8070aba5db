from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pledges.evidence import ACCEPTED_LABEL
from pledges.forms import MultipleFileField

from .models import SupervisionEntry
from .services import MAX_FILES_PER_ENTRY

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def official_label(official) -> str:
    return gettext("%(name)s（%(unit)s）") % {"name": official.name, "unit": official.unit.name}


class EntryFilterForm(forms.Form):
    """The list's filters: district (when there are several), kind, severity, official, dates."""

    district = forms.TypedChoiceField(label=_("区"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("信息类别"), required=False)
    severity = forms.ChoiceField(label=_("程度"), required=False)
    official = forms.TypedChoiceField(label=_("干部"), coerce=int, required=False, empty_value=None)
    start = forms.DateField(label=_("发生日期起"), required=False, widget=DATE)
    end = forms.DateField(label=_("发生日期止"), required=False, widget=DATE)

    def __init__(self, data, *, districts, officials):
        super().__init__(data)
        self.fields["district"].choices = [("", _("全部区"))] + [(d.pk, d.name) for d in districts]
        self.fields["kind"].choices = [("", _("全部类别"))] + SupervisionEntry.Kind.choices
        self.fields["severity"].choices = [("", _("全部程度"))] + SupervisionEntry.Severity.choices
        self.fields["official"].choices = [("", _("全部干部"))] + [(o.pk, official_label(o))
                                                                  for o in officials]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data


class EntryForm(forms.Form):
    official = forms.ModelChoiceField(label=_("干部"), queryset=None)
    kind = forms.ChoiceField(label=_("信息类别"), choices=SupervisionEntry.Kind.choices)
    occurred_on = forms.DateField(label=_("发生日期"), widget=DATE)
    severity = forms.ChoiceField(label=_("程度"), choices=SupervisionEntry.Severity.choices)
    source = forms.CharField(label=_("信息来源"), max_length=200,
                             help_text=_("如：区信访局、区应急局通报、《XX日报》、上级领导批示"))
    summary = forms.CharField(label=_("内容摘要"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    internal = forms.BooleanField(label=_("内部掌握（不向干部本人显示）"), required=False)
    proposed_item = forms.ModelChoiceField(label=_("建议记入负面清单"), queryset=None, required=False,
                                           to_field_name="code", empty_label=_("不建议"))
    proposed_cycle = forms.ModelChoiceField(label=_("记入的考核年度"), queryset=None, required=False,
                                            empty_label=_("请选择"))
    files = MultipleFileField(label=_("附件"), required=False)

    def __init__(self, *args, officials, items, cycles, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["official"].label_from_instance = official_label
        self.fields["proposed_item"].queryset = items
        self.fields["proposed_item"].label_from_instance = lambda i: f"{i.code} {i.title_display}"
        self.fields["proposed_cycle"].queryset = cycles
        self.fields["proposed_cycle"].label_from_instance = lambda c: f"{c.district.name} {c.year}"
        self.fields["files"].help_text = format_lazy(
            _("最多 {n} 个文件，每个不超过 {mb} MB；可上传{types}。"), n=MAX_FILES_PER_ENTRY,
            mb=settings.EVIDENCE_MAX_BYTES // (1024 * 1024), types=ACCEPTED_LABEL)
        if editing:
            self.fields["official"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("proposed_item") and not data.get("proposed_cycle"):
            self.add_error("proposed_cycle", _("建议记入负面清单时须选择考核年度。"))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("清单记录的事实与依据"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    district = forms.TypedChoiceField(label=_("区"), coerce=int)
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [(d.pk, d.name) for d in districts]
        if len(districts) == 1:
            self.fields["district"].initial = districts[0].pk
            self.fields["district"].widget = forms.HiddenInput()


class ToleranceForm(forms.Form):
    target = forms.ChoiceField(label=_("容错事项"))
    grounds = forms.CharField(label=_("容错依据"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    decided_by = forms.CharField(label=_("批准机关"), max_length=100,
                                 help_text=_("作出容错认定的机关或负责人，如：区纪委监委、区委组织部部务会。"))
    approved_on = forms.DateField(label=_("批准日期"), widget=DATE)
    cycle = forms.ModelChoiceField(label=_("考核年度"), queryset=None, empty_label=_("请选择"),
                                   help_text=_("负面清单记录按其所在年度；监督信息须选择认定所属的年度。"),
                                   required=False)
    clears_name = forms.BooleanField(label=_("澄清正名"), required=False)
    note = forms.CharField(label=_("澄清正名说明"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("澄清正名时必填，将显示在干部画像中。"))

    def __init__(self, *args, list_entries, supervision_entries, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_entries = {f"l{e.pk}": e for e in list_entries}
        self.supervision_entries = {f"s{e.pk}": e for e in supervision_entries}
        self.fields["target"].choices = [("", _("请选择"))] + [
            (_("负面清单记录"), [(key, f"{e.cycle.year} · {e.item.code} {e.item.title_display}")
                             for key, e in self.list_entries.items()]),
            (_("监督信息"), [(key, f"{e.occurred_on:%Y-%m-%d} · {e.get_kind_display()} · {e.summary[:30]}")
                          for key, e in self.supervision_entries.items()]),
        ]
        self.fields["cycle"].queryset = cycles
        self.fields["cycle"].label_from_instance = lambda c: f"{c.district.name} {c.year}"

    def clean(self):
        data = super().clean()
        key = data.get("target") or ""
        data["list_entry"] = self.list_entries.get(key)
        data["supervision_entry"] = self.supervision_entries.get(key)
        if data["list_entry"] is not None:
            data["cycle"] = data["list_entry"].cycle
        elif not data.get("cycle") and key:
            self.add_error("cycle", _("容错事项为监督信息时须选择考核年度。"))
        if data.get("clears_name") and not (data.get("note") or "").strip():
            self.add_error("note", _("澄清正名须填写说明。"))
        return data
