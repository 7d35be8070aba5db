"""The cycles app in English (cookie django_language=en): the cycle form's labels, help, legends
and validation messages (cycles.forms and cycle_settings), the settings table, the cycle's name
and state, and the API's settings errors. The cycle pages' own templates are the evaluations
app's; what the cycles app puts on them is checked here."""
import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from cycles.models import Cycle
from tests.english import CJK, english
from tests.factories import CycleFactory, DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    district = DistrictFactory(name="Northfield", code="nf")
    CycleFactory(district=district, year=2026)
    return UserFactory(username="sam", role=Role.STAFF, districts=[district])


def form_text(form) -> str:
    """Everything the cycle form shows: labels, help, choices, legends and every error."""
    parts = [*form.non_field_errors()]
    for group in form.groups():
        parts += [group["legend"], group["help"], *group["errors"]]
    for field in form:
        parts += [field.label, field.help_text, *field.errors]
        parts += [label for _value, label in getattr(field.field, "choices", [])]
    return " ".join(str(part) for part in parts)


def posted(form, **changes) -> dict:
    """What the browser posts for `form` as shown, with `changes`."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(field, forms.BooleanField):
            value = "on" if value else None
        elif isinstance(field, forms.ModelChoiceField):
            value = getattr(value, "pk", value)
        if value is not None:
            data[name] = str(value)
    return {**data, **changes}


def test_the_new_cycle_form_and_its_errors_are_english(client, staff):
    page = english(client, staff).get(reverse("evaluations:cycle_new"))
    assert page.status_code == 200
    form = page.context["form"]
    assert not CJK.search(form_text(form)), form_text(form)
    assert "Weights (unit performance / pledges / multi-rater assessment)" in form_text(form)

    refused = client.post(reverse("evaluations:cycle_new"),
                          posted(form, year="2027", weights_unit="0.4", poor_threshold="90", good_quota="0"))
    assert refused.status_code == 400
    text = form_text(refused.context["form"])
    assert not CJK.search(text), text
    weights = "Weights (unit performance / pledges / multi-rater assessment)"
    assert f"{weights}: The parts must add up to 1 (now 1.1)." in text
    assert "The “Poor” threshold must be below the “Good” threshold." in text
    assert "Must be in (0, 1]." in text
    assert not Cycle.objects.filter(year=2027).exists()

    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)  # the same errors in Chinese: the check can fail
    assert CJK.search(form_text(client.post(reverse("evaluations:cycle_new"),
                                            posted(form, year="2027", weights_unit="0.4")).context["form"]))


def test_the_settings_form_its_errors_and_the_settings_table_are_english(client, staff):
    cycle = Cycle.objects.get()
    page = english(client, staff).get(reverse("evaluations:cycle_edit", args=[cycle.pk]))
    form = page.context["form"]
    assert page.status_code == 200 and not CJK.search(form_text(form))

    refused = client.post(reverse("evaluations:cycle_edit", args=[cycle.pk]),
                          posted(form, letter_points_A="95.55", exemplary_top="1.5"))
    assert refused.status_code == 400
    text = form_text(refused.context["form"])
    assert not CJK.search(text), text
    assert "At most one decimal place." in text and "Must be a whole number." in text

    rows = client.get(reverse("evaluations:cycle", args=[cycle.pk])).context["settings_rows"]
    assert not CJK.search(str(rows)), rows
    assert ("Maximum share of “Good” grades", "0.3 (30%)") in rows and ("Publish the scores", "No") in rows


def test_the_cycle_list_names_the_cycle_and_its_state_in_english(client, staff):
    page = english(client, staff).get(reverse("evaluations:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Planning" in text and "筹备" not in text
    cycle = Cycle.objects.get()
    assert client.get(reverse("evaluations:cycle", args=[cycle.pk])).context["cycle"].get_state_display() == "Planning"


def test_an_api_settings_error_is_english(api, staff):
    cycle = Cycle.objects.get()
    client = api.as_(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = client.patch(f"/api/v1/cycles/{cycle.pk}/", {"settings": {"weights": {"unit": 0.5}}}, format="json")
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert errors == {"settings": ["weights: The parts must add up to 1 (now 1.2)."]}
    refused = client.patch(f"/api/v1/cycles/{cycle.pk}/", {"settings": [1]}, format="json")
    assert refused.status_code == 400 and refused.json()["errors"] == {"settings": ["Must be an object."]}
