"""Error tolerance (容错纠错): a tolerated negative list entry stays on record and in the audit
but no longer vetoes; revoking the decision restores the veto."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from evaluations import compute
from evaluations import services as evaluation_services
from evaluations.models import ListEntry, ListItem, Result
from records import services
from records.models import ToleranceDecision

pytestmark = pytest.mark.django_db

APPROVED = datetime.date(2026, 10, 9)


def _negative(world, cycle):
    return evaluation_services.list_entry_add(actor=world.users["staff"], official=world.own_official, cycle=cycle,
                                              item=ListItem.objects.get(code="N07"), note="安全生产事故")


def _tolerate(world, cycle, entry, **extra):
    return services.tolerance_decision_record(
        actor=world.users["staff"], official=world.own_official, cycle=cycle, list_entry=entry,
        grounds="先行先试中出现失误，未谋取私利", decided_by="区纪委监委", approved_on=APPROVED, **extra)


def _result(world, cycle):
    compute.cycle_compute(cycle=cycle)
    return Result.objects.get(cycle=cycle, official=world.own_official)


def test_a_tolerated_negative_entry_no_longer_vetoes_the_grade_or_outcomes(world, full_year):
    # given: without any negative entry, then vetoed by one
    clean = _result(world, full_year)
    entry = _negative(world, full_year)
    vetoed = _result(world, full_year)
    assert vetoed.veto is True and vetoed.grade == "average" and "award_ineligible" in vetoed.outcomes
    # when
    _tolerate(world, full_year, entry)
    tolerated = _result(world, full_year)
    # then: the composite is unchanged, the grade is no longer capped, award_ineligible is gone
    assert tolerated.composite == vetoed.composite == clean.composite
    assert tolerated.veto is False
    assert tolerated.grade == clean.grade == "good"
    assert "award_ineligible" not in tolerated.outcomes and tolerated.outcomes == clean.outcomes


def test_a_tolerated_entry_stays_on_record_and_in_the_audit(world, full_year):
    entry = _negative(world, full_year)
    _tolerate(world, full_year, entry)
    entry.refresh_from_db()
    assert ListEntry.objects.filter(pk=entry.pk).exists()
    assert entry.tolerated_on == APPROVED
    latest = entry.history.latest()
    assert latest.tolerated_on == APPROVED and latest.history_user == world.users["staff"]
    assert "容错" in latest.history_change_reason
    decision = ToleranceDecision.objects.get(list_entry=entry)
    assert decision.history.latest().history_user == world.users["staff"]


def test_revoking_the_decision_restores_the_veto_and_is_audited(world, full_year):
    entry = _negative(world, full_year)
    decision = _tolerate(world, full_year, entry)
    assert _result(world, full_year).veto is False
    services.tolerance_decision_revoke(actor=world.users["staff"], decision=decision, reason="复查认定不符合容错条件")
    result = _result(world, full_year)
    assert result.veto is True and result.grade == "average" and "award_ineligible" in result.outcomes
    decision.refresh_from_db()
    entry.refresh_from_db()
    assert decision.revoked_on is not None and not decision.in_force and entry.tolerated_on is None
    assert decision.history.latest().history_change_reason == "复查认定不符合容错条件"
    assert entry.history.latest().history_change_reason.startswith("撤销容错")


def test_a_revoked_decision_allows_a_new_one(world, full_year):
    entry = _negative(world, full_year)
    first = _tolerate(world, full_year, entry)
    with pytest.raises(ValidationError) as second:
        _tolerate(world, full_year, entry)
    assert "list_entry" in second.value.message_dict
    services.tolerance_decision_revoke(actor=world.users["staff"], decision=first, reason="撤销")
    _tolerate(world, full_year, entry)
    assert _result(world, full_year).veto is False


def test_clearing_of_name_needs_its_note(world, full_year):
    entry = _negative(world, full_year)
    with pytest.raises(ValidationError) as refused:
        _tolerate(world, full_year, entry, clears_name=True)
    assert "note" in refused.value.message_dict
    assert not ToleranceDecision.objects.exists()


def test_a_decision_concerns_exactly_one_entry(world, full_year):
    with pytest.raises(ValidationError) as refused:
        services.tolerance_decision_record(actor=world.users["staff"], official=world.own_official, cycle=full_year,
                                           grounds="g", decided_by="d", approved_on=APPROVED)
    assert "list_entry" in refused.value.message_dict


def test_a_positive_entry_cannot_be_tolerated(world, full_year):
    entry = evaluation_services.list_entry_add(actor=world.users["staff"], official=world.own_official,
                                               cycle=full_year, item=ListItem.objects.get(code="P01"))
    with pytest.raises(ValidationError) as refused:
        _tolerate(world, full_year, entry)
    assert "list_entry" in refused.value.message_dict


def test_another_officials_entry_is_refused(world, full_year):
    entry = evaluation_services.list_entry_add(actor=world.users["staff"], official=world.other_official,
                                               cycle=full_year, item=ListItem.objects.get(code="N07"))
    with pytest.raises(ValidationError) as refused:
        _tolerate(world, full_year, entry)
    assert "list_entry" in refused.value.message_dict
    assert ListEntry.objects.get(pk=entry.pk).tolerated_on is None


def test_tolerance_is_refused_after_finalize_and_nothing_is_written(world, full_year):
    from cycles.models import Cycle

    entry = _negative(world, full_year)
    Cycle.objects.filter(pk=full_year.pk).update(state="finalized")
    full_year.refresh_from_db()
    with pytest.raises(ValidationError):
        _tolerate(world, full_year, entry)
    assert not ToleranceDecision.objects.exists()
    assert ListEntry.objects.get(pk=entry.pk).tolerated_on is None


def test_the_api_records_and_revokes_a_decision(api, world, full_year):
    entry = _negative(world, full_year)
    client = api.as_(world.users["staff"])
    response = client.post("/api/v1/tolerance-decisions/", {
        "official": world.own_official.pk, "cycle": full_year.pk, "list_entry": entry.pk,
        "grounds": "因公失误", "decided_by": "区纪委监委", "approved_on": "2026-10-09", "clears_name": True,
        "note": "经查，反映问题不属实，予以澄清正名"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    for field in ["id", "official", "cycle", "list_entry", "supervision_entry", "grounds", "decided_by",
                  "approved_on", "clears_name", "note"]:
        assert field in body
    assert ListEntry.objects.get(pk=entry.pk).tolerated_on == APPROVED
    refused = client.post(f"/api/v1/tolerance-decisions/{body['id']}/revoke/", {}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    revoked = client.post(f"/api/v1/tolerance-decisions/{body['id']}/revoke/", {"reason": "复查"}, format="json")
    assert revoked.status_code == 200 and revoked.json()["in_force"] is False
    assert ListEntry.objects.get(pk=entry.pk).tolerated_on is None


def test_leaders_and_officials_cannot_record_decisions(api, world, full_year):
    entry = _negative(world, full_year)
    for role in ("leader", "official"):
        response = api.as_(world.users[role]).post("/api/v1/tolerance-decisions/", {
            "official": world.own_official.pk, "cycle": full_year.pk, "list_entry": entry.pk, "grounds": "g",
            "decided_by": "d", "approved_on": "2026-10-09"}, format="json")
        assert response.status_code == 403, role


def test_a_decision_with_both_or_neither_entry_is_a_400_naming_the_field(api, world, full_year):
    response = api.as_(world.users["staff"]).post("/api/v1/tolerance-decisions/", {
        "official": world.own_official.pk, "cycle": full_year.pk, "grounds": "g", "decided_by": "d",
        "approved_on": "2026-10-09"}, format="json")
    assert response.status_code == 400 and "list_entry" in response.json()["errors"]
