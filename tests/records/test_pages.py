"""The records pages' actions: confirm or decline a proposal, delete an entry, record and revoke
a tolerance decision — each refused without its reason, never a 500."""
import datetime

import pytest
from django.urls import reverse

from cycles.models import Cycle
from evaluations.models import ListEntry, ListItem
from records import services
from records.models import SupervisionEntry, ToleranceDecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposing(world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    world.own_cycle.refresh_from_db()
    return services.supervision_entry_record(
        actor=world.users["staff"], official=world.own_official, kind="safety_notice",
        occurred_on=datetime.date(2026, 5, 1), source="区应急局", summary="隐患", severity="warning",
        proposed_item=ListItem.objects.get(code="N07"), proposed_cycle=world.own_cycle)


def test_staff_confirm_a_proposal_on_the_page(staff_client, proposing):
    response = staff_client.post(reverse("records:entry_confirm", args=[proposing.pk]), {"note": "经核实"})
    assert response.status_code == 302
    entry = ListEntry.objects.get()
    assert entry.note == "经核实" and SupervisionEntry.objects.get().list_entry == entry


def test_declining_needs_a_reason(staff_client, proposing):
    staff_client.post(reverse("records:entry_dismiss", args=[proposing.pk]), {"reason": ""})
    assert SupervisionEntry.objects.get().proposed_item_id == "N07"
    staff_client.post(reverse("records:entry_dismiss", args=[proposing.pk]), {"reason": "情节轻微"})
    assert SupervisionEntry.objects.get().proposed_item_id is None and not ListEntry.objects.exists()


def test_deleting_on_the_page_needs_a_reason(staff_client, proposing):
    staff_client.post(reverse("records:entry_delete", args=[proposing.pk]), {"reason": ""})
    assert SupervisionEntry.objects.exists()
    response = staff_client.post(reverse("records:entry_delete", args=[proposing.pk]), {"reason": "重复录入"})
    assert response.status_code == 302 and response["Location"] == reverse("records:entries")
    assert not SupervisionEntry.objects.exists()


def test_staff_record_and_revoke_a_tolerance_decision_on_the_pages(staff_client, world, proposing):
    list_entry = services.supervision_proposal_confirm(actor=world.users["staff"], entry=proposing)
    form = staff_client.get(reverse("records:tolerance_new"), {"official": world.own_official.pk})
    assert form.status_code == 200 and f"l{list_entry.pk}" in form.content.decode()
    refused = staff_client.post(reverse("records:tolerance_new") + f"?official={world.own_official.pk}", {
        "target": f"l{list_entry.pk}", "grounds": "g", "decided_by": "区纪委监委", "approved_on": "2026-09-01",
        "clears_name": "on", "note": ""})
    assert refused.status_code == 200 and "note" in refused.context["form"].errors
    response = staff_client.post(reverse("records:tolerance_new") + f"?official={world.own_official.pk}", {
        "target": f"l{list_entry.pk}", "grounds": "先行先试", "decided_by": "区纪委监委", "approved_on": "2026-09-01"})
    decision = ToleranceDecision.objects.get()
    assert response.status_code == 302 and decision.cycle == world.own_cycle
    assert ListEntry.objects.get().tolerated_on == datetime.date(2026, 9, 1)
    page = staff_client.get(decision.get_absolute_url()).content.decode()
    assert "先行先试" in page
    staff_client.post(reverse("records:tolerance_revoke", args=[decision.pk]), {"reason": ""})
    assert ToleranceDecision.objects.get().in_force
    staff_client.post(reverse("records:tolerance_revoke", args=[decision.pk]), {"reason": "复查"})
    assert not ToleranceDecision.objects.get().in_force and ListEntry.objects.get().tolerated_on is None


def test_a_decision_on_a_supervision_entry_needs_its_cycle(staff_client, world, proposing):
    response = staff_client.post(reverse("records:tolerance_new") + f"?official={world.own_official.pk}", {
        "target": f"s{proposing.pk}", "grounds": "g", "decided_by": "d", "approved_on": "2026-09-01"})
    assert response.status_code == 200 and "cycle" in response.context["form"].errors
    assert not ToleranceDecision.objects.exists()


def test_the_tolerance_form_without_an_official_goes_back_to_the_list(staff_client, world):
    response = staff_client.get(reverse("records:tolerance_new"), {"official": world.foreign_official.pk})
    assert response.status_code == 302 and response["Location"] == reverse("records:tolerances")


@pytest.mark.parametrize("count", [2, 30])
def test_the_tolerance_list_runs_a_bounded_number_of_queries(staff_client, world, count,
                                                             django_assert_max_num_queries):
    for n in range(count):
        entry = services.supervision_entry_record(
            actor=world.users["staff"], official=world.own_official, kind="other",
            occurred_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n), source="s", summary=f"x{n}")
        services.tolerance_decision_record(actor=world.users["staff"], official=world.own_official,
                                           cycle=world.own_cycle, supervision_entry=entry, grounds="g",
                                           decided_by="d", approved_on=datetime.date(2026, 10, 1))
    with django_assert_max_num_queries(7):  # 6 measured
        response = staff_client.get(reverse("records:tolerances"))
    assert response.status_code == 200
