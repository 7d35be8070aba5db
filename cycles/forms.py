"""The cycle pages' form: a cycle's settings (cycle_settings) as named fields, and the pledge
deadline; for a new cycle also its district and year.

The form checks only that each value is a number; the rules (ranges, sums, poor < good, …) are
cycle_settings.validate, whose errors are put back on the field they name (`weights.unit` →
`weights_unit`) or, for a rule about a group (the weights' sum), on the group's fieldset."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import cycle_settings
from .models import Cycle

# The fields follow cycle_settings.DEFAULTS, so a setting added there has its field here: a group
# (a dict) is one field per part, labelled with SETTING_PARTS ("A ≥" reads well in a table, less
# so as a label); a bool is a checkbox; any other value a number.
GROUPS = {
    key: {sub: cycle_settings.SETTING_PARTS.get(key, {}).get(sub, sub).replace(" ≥", "") for sub in value}
    for key, value in cycle_settings.DEFAULTS.items() if isinstance(value, dict)
}
BOOLEANS = tuple(key for key, value in cycle_settings.DEFAULTS.items() if isinstance(value, bool))
# The numbers, the two grade lines side by side first, then the rest in the defaults' order.
FIRST = ("poor_threshold", "good_threshold", "good_quota", "bonus_cap")
SCALARS = FIRST + tuple(key for key in cycle_settings.DEFAULTS
                        if key not in GROUPS and key not in BOOLEANS and key not in FIRST)
# Help under a field or a group: the rule cycle_settings.validate applies.
HELP = {
    "weights": _("三项之和须等于 1，例如 0.3 + 0.5 + 0.2。"),
    "survey_weights": _("四项之和须等于 1。"),
    "grade_coefficients": _("履职践诺得分中各等级目标的系数，须大于 0。"),
    "letter_points": _("季度按 A/B/C 评级时折算的分数，0–100，最多一位小数。"),
    "pledge_grade_thresholds": _("三项评分（各 1–3 分）之和达到该值评为该级，3–9 的整数，B 不高于 A。"),
    "poor_threshold": _("综合得分低于此分为“较差”（0–100）。"),
    "good_threshold": _("综合得分不低于此分方可评为“好”（0–100），须高于“较差”分数线。"),
    "good_quota": _("“好”等次人数不超过参评人数的比例，0–1，例如 0.3 即 30%。"),
    "bonus_cap": _("正面清单加分之和的上限，不小于 0。"),
    "exemplary_top": _("综合排名前若干名可推荐为“担当作为好干部”，不小于 1 的整数。"),
    "publish_scores": _("公示页面显示季度得分和综合得分。"),
    "publish_negative_outcomes": _("公示页面显示“较差”等次及其结果运用。"),
    "new_in_post_months": _("年末前这么多个月内任现职的干部，提示可定为“不确定等次”；0–12 的整数。"),
    "appeal_days": _("干部在季度评分、目标评级或年度等次公布后多少天内可申请复核；1–365 的整数。"),
    "appeal_decide_days": _("组织部在受理复核申请后多少天内作出决定；1–365 的整数。"),
}


def field_name(key: str) -> str:
    """The form field of a settings key: `weights.unit` → `weights_unit`, `bonus_cap` → itself."""
    return key.replace(".", "_")


def _number_field(label) -> forms.DecimalField:
    # Text with a decimal keypad: "abc" or "1.5" come back as a message on the field instead of
    # being dropped by the browser; the ranges are cycle_settings' (one place).
    return forms.DecimalField(
        label=label, max_digits=9, decimal_places=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "input-number"}),
    )


def _json_number(value: Decimal) -> int | float:
    """A form's Decimal as the JSON number the settings store: whole numbers as integers, others
    as the float whose text is the decimal written (0.3 → 0.3, which cycle_settings reads back exactly)."""
    return int(value) if value == value.to_integral_value() else float(value)


class CycleSettingsForm(forms.Form):
    """A cycle's settings, one field per value, and its pledge deadline.

    `settings_editable=False` shows the settings read-only (a cycle past `planning`); the
    deadline stays editable while the cycle's state allows it (`deadline_editable`)."""

    pledge_deadline = forms.DateField(
        label=_("年度承诺提交截止日"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("留空则为该年度 1 月 31 日。"),
    )

    def __init__(self, *args, settings: dict | None = None, settings_editable: bool = True,
                 deadline_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Laid over the defaults: a cycle made before a setting existed shows that setting's default.
        self.base_settings = cycle_settings.merge(cycle_settings.defaults(), settings or {})
        self.group_errors: dict[str, list[str]] = {}
        for group, parts in GROUPS.items():
            for sub, label in parts.items():
                self.fields[field_name(f"{group}.{sub}")] = _number_field(gettext(label))
        for key in SCALARS:
            self.fields[key] = _number_field(cycle_settings.label(key))
            self.fields[key].help_text = HELP.get(key, "")
        for key in BOOLEANS:
            self.fields[key] = forms.BooleanField(label=cycle_settings.label(key), required=False,
                                                  help_text=HELP.get(key, ""))
        for name, value in self._initial_of(self.base_settings).items():
            self.fields[name].initial = value
        for name in self.setting_names():
            self.fields[name].disabled = not settings_editable
        self.fields["pledge_deadline"].disabled = not deadline_editable

    @staticmethod
    def _initial_of(settings: dict) -> dict:
        initial = {}
        for key, value in settings.items():
            if isinstance(value, dict):
                for sub, part in value.items():
                    initial[field_name(f"{key}.{sub}")] = Decimal(str(part))
            elif key in BOOLEANS:
                initial[key] = bool(value)
            elif key in SCALARS:
                initial[key] = Decimal(str(value))
        return initial

    @staticmethod
    def setting_names() -> list[str]:
        """The fields that hold settings (not the deadline, district, year or reason)."""
        grouped = [field_name(f"{group}.{sub}") for group, parts in GROUPS.items() for sub in parts]
        return grouped + list(SCALARS) + list(BOOLEANS)

    # --- what the template walks ---------------------------------------------------------------

    def groups(self) -> list[dict]:
        """The grouped settings, each with its legend, help, fields and group-wide errors (a
        subclass that removes a group's fields leaves the group out)."""
        return [
            {"key": group, "legend": cycle_settings.label(group), "help": HELP.get(group, ""),
             "fields": [self[field_name(f"{group}.{sub}")] for sub in parts],
             "errors": self.group_errors.get(group, [])}
            for group, parts in GROUPS.items() if all(field_name(f"{group}.{sub}") in self.fields for sub in parts)
        ]

    def scalars(self):
        return [self[key] for key in SCALARS]

    def booleans(self):
        return [self[key] for key in BOOLEANS]

    # --- validation ------------------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        settings = self.settings_of(data)
        try:
            self.cleaned_settings = cycle_settings.validate(settings)
        except cycle_settings.SettingsError as exc:
            self.cleaned_settings = None
            for key, message in exc.errors.items():
                name = field_name(key)
                if name in self.fields:
                    if name not in self.errors:  # "not a number" from the field says it already
                        self.add_error(name, message)
                elif key in GROUPS:
                    self.group_errors.setdefault(key, []).append(message)
                    self.add_error(None, gettext("%(setting)s：%(message)s")
                                   % {"setting": cycle_settings.label(key), "message": message})
                else:
                    self.add_error(None, gettext("%(setting)s：%(message)s") % {"setting": key, "message": message})
        return data

    def settings_of(self, data: dict) -> dict:
        """The settings object from the cleaned fields; a field whose value did not clean keeps
        the base value, so that the other rules are still checked (its own error is already there)."""
        settings = {key: value for key, value in self.base_settings.items()}
        for group, parts in GROUPS.items():
            settings[group] = {
                sub: _json_number(data[name]) if data.get(name) is not None else self.base_settings[group][sub]
                for sub in parts for name in [field_name(f"{group}.{sub}")]
            }
        for key in SCALARS:
            settings[key] = _json_number(data[key]) if data.get(key) is not None else self.base_settings[key]
        for key in BOOLEANS:
            settings[key] = bool(data.get(key))
        return settings

    def changed_settings(self) -> dict | None:
        """The validated settings when they differ from the base ones, else None."""
        if self.cleaned_settings is None or self.cleaned_settings == self.base_settings:
            return None
        return self.cleaned_settings


class CycleCreateForm(CycleSettingsForm):
    """A new cycle: its district (one of `districts`) and year, then its settings and deadline."""

    district = forms.ModelChoiceField(label=_("区"), queryset=None, empty_label=None)
    year = forms.IntegerField(
        label=_("考核年度"), min_value=2000, max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-number"}),
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.order_fields(["district", "year", "pledge_deadline"])

    def deadline(self) -> datetime.date:
        """The deadline to store: the one entered, else 31 January of the year."""
        return self.cleaned_data.get("pledge_deadline") or Cycle.default_pledge_deadline(self.cleaned_data["year"])


class CycleEditForm(CycleSettingsForm):
    """A cycle's settings and deadline, with the reason the audit record keeps."""

    reason = forms.CharField(label=_("修改说明"), required=False, max_length=500,
                             help_text=_("写入修改记录，例如会议决定。"))


class CopyFromForm(forms.Form):
    """The "copy the latest year's settings" button: which district to copy from."""

    district = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
