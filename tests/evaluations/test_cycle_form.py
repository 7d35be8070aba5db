"""The pages that open a cycle and change its settings: named fields filled with the defaults (or
the district's latest year's), each rule's message on the field it is about, the deadline
defaulting to 31 January, the state rules, and who may use them."""
import datetime
import json

import pytest
from django.urls import reverse

from cycles import cycle_settings
from cycles.forms import CycleSettingsForm, field_name
from cycles.models import Cycle
from tests.factories import CycleFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db

NEW = reverse("evaluations:cycle_new")


def edit_url(cycle):
    return reverse("evaluations:cycle_edit", args=[cycle.pk])


def settings_post(settings: dict | None = None, **extra) -> dict:
    """The form's fields for `settings` (the defaults by default), as a browser posts them."""
    settings = settings or cycle_settings.defaults()
    data = {}
    for key, value in settings.items():
        if isinstance(value, dict):
            for sub, part in value.items():
                data[field_name(f"{key}.{sub}")] = str(part)
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)
    data.update(extra)
    return data


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["staff"])
    return client


def html(response) -> str:
    return response.content.decode()


# --- a new cycle -------------------------------------------------------------------------------------


def test_the_new_cycle_page_fills_next_year_and_the_default_settings(staff, world):
    response = staff.get(NEW)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["year"].value() == world.own_cycle.year + 1
    assert form["district"].value() == world.own.pk
    assert form["weights_unit"].value() == cycle_settings.Decimal("0.3")
    assert form["good_quota"].value() == cycle_settings.Decimal("0.3")
    assert form["pledge_deadline"].value() is None
    assert not form.fields["pledge_deadline"].required
    body = html(response)
    assert "单位绩效" in body and "“好”分数线（不低于此分）" in body and FOREIGN_MARKER not in body


def test_staff_open_a_cycle_with_one_changed_setting_and_the_deadline_defaults_to_31_january(staff, world):
    changed = cycle_settings.merge(cycle_settings.defaults(), {"good_quota": 0.25})
    response = staff.post(NEW, settings_post(changed, district=world.own.pk, year=2027))
    cycle = Cycle.objects.get(district=world.own, year=2027)
    assert response.status_code == 302 and response["Location"] == reverse("evaluations:cycle", args=[cycle.pk])
    assert cycle.state == Cycle.State.PLANNING
    assert cycle.pledge_deadline == datetime.date(2027, 1, 31)
    assert cycle.settings["good_quota"] == 0.25
    assert cycle.settings == cycle_settings.merge(cycle_settings.defaults(), {"good_quota": 0.25})
    history = cycle.history.latest()
    assert history.history_user == world.users["staff"] and history.history_change_reason == "新建考核年度"


def test_a_deadline_entered_is_kept(staff, world):
    staff.post(NEW, settings_post(district=world.own.pk, year=2027, pledge_deadline="2027-02-15"))
    assert Cycle.objects.get(district=world.own, year=2027).pledge_deadline == datetime.date(2027, 2, 15)


def test_weights_not_summing_to_one_are_shown_on_the_weights_group(staff, world):
    bad = cycle_settings.merge(cycle_settings.defaults(), {"weights": {"unit": 0.4}})
    response = staff.post(NEW, settings_post(bad, district=world.own.pk, year=2027))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.group_errors == {"weights": ["各项之和必须等于 1（现为 1.1）。"]}
    body = html(response)
    group = body[body.index('ev-group-invalid" id="group-weights"'):body.index('id="group-survey_weights"')]
    assert "各项之和必须等于 1（现为 1.1）。" in group
    assert not Cycle.objects.filter(year=2027).exists()


@pytest.mark.parametrize("field,value,message", [
    ("poor_threshold", "90", "“较差”分数线必须低于“好”分数线。"),
    ("good_quota", "0", "取值须在 (0, 1]。"),
    ("weights_unit", "-0.1", "取值须在 [0, 1]。"),
    ("letter_points_A", "95.55", "最多一位小数。"),
    ("pledge_grade_thresholds_B", "2", "必须是 3 到 9 之间的整数。"),
    ("exemplary_top", "2.5", "必须是整数。"),
    ("bonus_cap", "abc", "输入一个数字。"),
    ("new_in_post_months", "13", "取值须在 [0, 12]。"),
    ("year", "1999", None),
])
def test_each_rule_is_reported_on_its_field(staff, world, field, value, message):
    response = staff.post(NEW, settings_post(**{"district": world.own.pk, "year": 2027, field: value}))
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    if message:
        assert form.errors[field] == [message]
    assert 'class="field field-invalid' in html(response)
    assert Cycle.objects.filter(district=world.own).count() == 1


def test_a_second_cycle_for_the_same_year_is_refused_on_the_year(staff, world):
    response = staff.post(NEW, settings_post(district=world.own.pk, year=world.own_cycle.year))
    assert response.status_code == 400
    assert "year" in response.context["form"].errors
    assert Cycle.objects.filter(district=world.own).count() == 1


def test_copying_fills_the_districts_latest_settings(staff, world):
    changed = cycle_settings.merge(cycle_settings.defaults(), {"bonus_cap": 3, "publish_scores": True,
                                                               "weights": {"unit": 0.2, "pledge": 0.6}})
    Cycle.objects.filter(pk=world.own_cycle.pk).update(settings=changed)
    CycleFactory(district=world.own, year=2024)
    response = staff.post(NEW, {"copy": "1", "district": world.own.pk, "year": "2027"})
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert (form["bonus_cap"].value(), form["publish_scores"].value()) == (3, True)
    assert form["weights_pledge"].value() == cycle_settings.Decimal("0.6")
    assert form["year"].value() == "2027"
    assert "已复制 市北区 2026 年度的参数" in html(response)
    assert not Cycle.objects.filter(year=2027).exists()


def test_copying_cannot_reach_another_districts_cycle(staff, world):
    Cycle.objects.filter(pk=world.foreign_cycle.pk).update(settings=cycle_settings.merge(
        cycle_settings.defaults(), {"bonus_cap": 1}))
    response = staff.post(NEW, {"copy": "1", "district": world.foreign.pk})
    form = response.context["form"]
    assert form["district"].value() == world.own.pk and form["bonus_cap"].value() == 5
    assert FOREIGN_MARKER not in html(response)


def test_staff_cannot_open_a_cycle_in_another_district(staff, world):
    response = staff.post(NEW, settings_post(district=world.foreign.pk, year=2027))
    assert response.status_code == 400 and "district" in response.context["form"].errors
    assert not Cycle.objects.filter(year=2027).exists()


def test_an_admin_chooses_the_district(client, world):
    client.force_login(world.users["admin"])
    body = html(client.get(NEW))
    assert 'name="district"' in body and "<select" in body and "崂山区" in body
    client.post(NEW, settings_post(district=world.foreign.pk, year=2027))
    assert Cycle.objects.filter(district=world.foreign, year=2027).exists()


@pytest.mark.parametrize("role", ["leader", "official"])
def test_leaders_and_officials_may_not_open_a_cycle(client, world, role):
    client.force_login(world.users[role])
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, settings_post(district=world.own.pk, year=2027)).status_code == 403
    assert not Cycle.objects.filter(year=2027).exists()


def test_the_cycles_index_offers_a_new_cycle_to_staff_only(client, world):
    client.force_login(world.users["staff"])
    assert NEW in html(client.get(reverse("evaluations:index")))
    client.force_login(world.users["leader"])
    assert NEW not in html(client.get(reverse("evaluations:index")))


def test_the_home_page_leads_staff_to_the_new_cycle_page(staff):
    assert NEW in html(staff.get(reverse("accounts:home")))


# --- a cycle's settings -----------------------------------------------------------------------------


def test_the_settings_page_shows_the_cycles_values(staff, world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(
        settings=cycle_settings.merge(cycle_settings.defaults(), {"bonus_cap": 4}))
    response = staff.get(edit_url(world.own_cycle))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["bonus_cap"].value() == 4
    assert form["pledge_deadline"].value() == world.own_cycle.pledge_deadline


def test_staff_change_a_setting_of_a_cycle_in_planning_with_a_reason(staff, world):
    data = settings_post(world.own_cycle.settings, pledge_deadline="2026-01-31", good_threshold="88",
                         reason="区委常委会决定")
    response = staff.post(edit_url(world.own_cycle), data)
    assert response.status_code == 302
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.settings["good_threshold"] == 88
    latest = world.own_cycle.history.latest()
    assert latest.history_change_reason == "区委常委会决定"


def test_a_bad_setting_of_a_cycle_is_reported_on_its_field(staff, world):
    data = settings_post(world.own_cycle.settings, survey_weights_public="0.5")
    response = staff.post(edit_url(world.own_cycle), data)
    assert response.status_code == 400
    assert response.context["form"].group_errors == {"survey_weights": ["各项之和必须等于 1（现为 1.4）。"]}
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.settings == cycle_settings.defaults()


def test_after_planning_the_settings_are_read_only_and_the_deadline_still_changes(staff, world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="in_progress")
    response = staff.get(edit_url(world.own_cycle))
    assert "当前为“年度推进”阶段，不能修改考核参数" in html(response)
    assert response.context["form"].fields["bonus_cap"].disabled
    data = settings_post(world.own_cycle.settings, bonus_cap="1", pledge_deadline="2026-02-28")
    assert staff.post(edit_url(world.own_cycle), data).status_code == 302
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.settings["bonus_cap"] == 5
    assert world.own_cycle.pledge_deadline == datetime.date(2026, 2, 28)


def test_a_finalized_cycles_settings_page_changes_nothing(staff, world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="finalized")
    data = settings_post(world.own_cycle.settings, bonus_cap="1", pledge_deadline="2026-03-01")
    response = staff.post(edit_url(world.own_cycle), data)
    assert response.status_code == 302
    world.own_cycle.refresh_from_db()
    assert (world.own_cycle.settings["bonus_cap"], world.own_cycle.pledge_deadline) == (5, datetime.date(2026, 1, 31))


@pytest.mark.parametrize("role,status", [("leader", 403), ("official", 403)])
def test_leaders_and_officials_may_not_change_settings(client, world, role, status):
    client.force_login(world.users[role])
    assert client.get(edit_url(world.own_cycle)).status_code == status
    assert client.post(edit_url(world.own_cycle), settings_post(bonus_cap="1")).status_code == status
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.settings["bonus_cap"] == 5


def test_another_districts_cycle_settings_are_not_found(staff, world):
    assert staff.get(edit_url(world.foreign_cycle)).status_code == 404
    assert staff.post(edit_url(world.foreign_cycle), settings_post(bonus_cap="1")).status_code == 404


def test_the_dashboard_links_the_settings_page_for_staff_only(client, world):
    dashboard = reverse("evaluations:cycle", args=[world.own_cycle.pk])
    client.force_login(world.users["staff"])
    assert edit_url(world.own_cycle) in html(client.get(dashboard))
    client.force_login(world.users["leader"])
    assert edit_url(world.own_cycle) not in html(client.get(dashboard))


def test_the_form_maps_every_settings_key_to_a_field():
    """Every value of the settings has its named field (nothing is left to raw JSON)."""
    form = CycleSettingsForm()
    for key, value in cycle_settings.DEFAULTS.items():
        names = [field_name(f"{key}.{sub}") for sub in value] if isinstance(value, dict) else [key]
        assert all(name in form.fields for name in names), key
    assert form.settings_of({}) == cycle_settings.defaults()


def test_the_admin_form_also_defaults_an_empty_deadline_to_31_january(client, world):
    client.force_login(world.users["admin"])
    response = client.post(reverse("admin:cycles_cycle_add"), {
        "district": world.own.pk, "year": 2028, "settings": json.dumps({"bonus_cap": 2}), "pledge_deadline": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    cycle = Cycle.objects.get(district=world.own, year=2028)
    assert (cycle.pledge_deadline, cycle.settings["bonus_cap"]) == (datetime.date(2028, 1, 31), 2)
