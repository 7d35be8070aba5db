"""The what-if form: the settings that score and grade, as the cycle pages show them
(cycles.forms.CycleSettingsForm), prefilled with the cycle's."""
from __future__ import annotations

from cycles.forms import BOOLEANS, GROUPS, SCALARS, CycleSettingsForm, field_name

# The settings a simulation changes anything with (SPEC section 11); the others stay the cycle's.
SIMULATED_GROUPS = ("weights", "grade_coefficients", "survey_weights", "letter_points")
SIMULATED_SCALARS = ("poor_threshold", "good_threshold", "good_quota", "bonus_cap", "exemplary_top")


class SimulationForm(CycleSettingsForm):
    """Bound to the query string (a simulation writes nothing, so it is a GET)."""

    def __init__(self, *args, settings: dict, **kwargs):
        super().__init__(*args, settings=settings, **kwargs)
        kept = {field_name(f"{group}.{sub}") for group in SIMULATED_GROUPS for sub in GROUPS[group]}
        kept |= set(SIMULATED_SCALARS)
        for name in list(self.fields):
            if name not in kept:
                del self.fields[name]

    def scalars(self):
        return [self[key] for key in SCALARS if key in SIMULATED_SCALARS]

    def booleans(self):
        return []

    def settings_of(self, data: dict) -> dict:
        """The cycle's settings with the simulated fields as entered (the rest kept as they are)."""
        settings = super().settings_of(data)
        for group in GROUPS:
            if group not in SIMULATED_GROUPS:
                settings[group] = self.base_settings[group]
        for key in (*SCALARS, *BOOLEANS):
            if key not in SIMULATED_SCALARS:
                settings[key] = self.base_settings[key]
        return settings
