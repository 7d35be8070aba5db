"""Audit: every denied access is an AuditEvent (accounts.audit, the middleware, the admin),
and every change of scores, grades, list entries, cycle settings and board publications is in
django-simple-history with who and why."""
from decimal import Decimal

import pytest

from accounts.audit import audit_event
from accounts.models import AuditEvent
from cycles import services as cycle_services
from tests.fixtures.evaluations import fill_year

pytestmark = pytest.mark.django_db


def _token(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def _only_event():
    events = list(AuditEvent.objects.all())
    assert len(events) == 1, events
    return events[0]


def test_api_refusal_of_a_role_is_recorded(client, world):
    # given: a leader, who reads but never writes
    leader = world.users["leader"]
    # when
    response = client.post("/api/v1/units/", {"name": "新单位"}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {_token(leader)}", REMOTE_ADDR="10.1.2.3")
    # then
    assert response.status_code == 403
    event = _only_event()
    assert (event.action, event.status, event.actor, event.method, event.path) == (
        "denied", 403, leader, "POST", "/api/v1/units/")
    assert event.actor_username == "leader1" and event.ip == "10.1.2.3"
    assert event.target == "unit-list"


def test_a_bad_token_is_recorded_without_the_token(client, world):
    response = client.get("/api/v1/units/", HTTP_AUTHORIZATION="Token not-a-real-token-123456")
    assert response.status_code == 401
    event = _only_event()
    assert (event.action, event.status, event.actor) == ("auth_failed", 401, None)
    assert "not-a-real-token" not in f"{event.detail} {event.target} {event.path}"


def test_anonymous_api_access_is_recorded(client, db):
    assert client.get("/api/v1/officials/").status_code == 401
    assert _only_event().action == "auth_failed"


def test_another_districts_object_on_the_api_is_recorded(client, world):
    staff = world.users["staff"]
    response = client.get(f"/api/v1/officials/{world.foreign_official.pk}/",
                          HTTP_AUTHORIZATION=f"Token {_token(staff)}")
    assert response.status_code == 404
    event = _only_event()
    assert (event.action, event.status, event.actor) == ("not_found", 404, staff)
    assert event.target == f"official-detail pk={world.foreign_official.pk}"


def test_pages_record_refusals_and_foreign_objects(client, world):
    # given: an official, who has no review queue and no foreign pledges
    client.force_login(world.users["official"])
    # when
    refused = client.get("/pledges/review/")
    foreign = client.get("/pledges/999999/")
    # then
    assert (refused.status_code, foreign.status_code) == (403, 404)
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "status", "path", "target"))
    assert events == [
        ("denied", 403, "/pledges/review/", "pledges:queue"),
        ("not_found", 404, "/pledges/999999/", "pledges:detail pk=999999"),
    ]


def test_a_foreign_object_in_the_admin_is_recorded(client, world):
    client.force_login(world.users["staff"])
    response = client.get(f"/admin/org/official/{world.foreign_official.pk}/change/")
    assert response.status_code == 404  # as a missing one: foreign = missing
    event = _only_event()
    assert (event.action, event.status, event.target) == (
        "not_found", 404, f"admin:org_official_change object_id={world.foreign_official.pk}")


def test_a_path_that_exists_nowhere_is_not_an_event(client, world):
    client.force_login(world.users["staff"])
    assert client.get("/no-such-page/").status_code == 404
    assert not AuditEvent.objects.exists()


def test_audit_event_is_the_one_call_for_other_events(rf, world):
    """Exports (later issues) call it like this."""
    request = rf.get("/api/v1/cycles/1/exports/results.xlsx?page=2", REMOTE_ADDR="10.0.0.9")
    event = audit_event(actor=world.users["staff"], action="export", target="cycle 1 results", request=request,
                        status=200)
    event.refresh_from_db()
    assert (event.action, event.actor_username, event.path, event.ip, event.target) == (
        "export", "staff1", "/api/v1/cycles/1/exports/results.xlsx", "10.0.0.9", "cycle 1 results")
    assert audit_event(actor=None, action="export").actor is None


def test_audit_events_are_read_only_and_for_administrators_only(client, world):
    event = audit_event(actor=world.users["staff"], action="export", target="cycle 1")
    client.force_login(world.users["admin"])
    assert client.get("/admin/accounts/auditevent/").status_code == 200
    assert client.get(f"/admin/accounts/auditevent/{event.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    assert client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    for role in ("staff", "leader"):
        client.force_login(world.users[role])
        assert client.get("/admin/accounts/auditevent/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_changes_of_scores_grades_lists_settings_and_boards_are_in_the_history(world, scored_year):
    from boards import services as board_services
    from cycles.models import Cycle
    from evaluations import compute, services
    from evaluations.models import GradeOverride, ListEntry, ListItem, QuarterlyScore

    staff = world.users["staff"]
    cycle = world.own_cycle
    # cycle settings (only while planning)
    Cycle.objects.filter(pk=cycle.pk).update(state="planning")
    cycle_services.cycle_update(actor=staff, cycle=cycle, settings={"bonus_cap": 4}, reason="常委会决定")
    Cycle.objects.filter(pk=cycle.pk).update(state="in_progress")
    # scores, a list entry, a computed year with a grade override, a publication
    cycle = fill_year(world, scored_year, points=Decimal("90"))
    score = QuarterlyScore.objects.filter(pledge__official=world.own_official).first()
    services.quarterly_score_record(actor=staff, pledge=score.pledge, quarter=score.quarter, score=Decimal("80"),
                                    reason="复核更正")
    entry = services.list_entry_add(actor=staff, official=world.own_official, cycle=cycle,
                                    item=ListItem.objects.get(code="P01"), note="获省级表彰")
    compute.cycle_compute(cycle=cycle)
    override = compute.grade_override(actor=staff, cycle=cycle, official=world.other_official, grade="average",
                                      reason="常委会研究")
    board_services.board_publish(actor=staff, cycle=cycle)

    def last(model, **lookup):  # the newest history row (its own pk is history_id)
        return model.history.filter(**lookup).latest("history_date")

    setting = Cycle.history.filter(id=cycle.pk, history_change_reason="常委会决定").get()
    assert setting.history_user == staff and setting.settings["bonus_cap"] == 4
    corrected = last(QuarterlyScore, id=score.pk)
    assert (corrected.history_user, corrected.score, corrected.history_change_reason) == (staff, Decimal("80"),
                                                                                          "复核更正")
    assert corrected.prev_record.score == Decimal("90")  # old → new is kept
    listed = last(ListEntry, id=entry.pk)
    assert listed.history_user == staff and listed.history_type == "+"
    graded = last(GradeOverride, id=override.pk)
    assert (graded.history_user, graded.grade, graded.history_change_reason) == (staff, "average", "常委会研究")
    from boards.models import Board

    published = last(Board, cycle=cycle)
    assert published.history_user == staff and published.history_change_reason == "公示第 1 版"
    assert published.live_version_id is not None


def test_checks_left_to_database_skip_the_query_checks_only(world):
    """Inside `checks_left_to_database` (the demo build) a violated constraint still fails, at the
    database; field rules still fail as ValidationErrors; outside, both are ValidationErrors. The
    history row is written either way."""
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from accounts.audit import audited_save, checks_left_to_database
    from org.models import Unit

    staff = world.users["staff"]
    duplicate = dict(district=world.own, name=world.own_unit.name, kind="department")  # unique per district
    with pytest.raises(ValidationError):
        audited_save(Unit(**duplicate), actor=staff)
    with checks_left_to_database():
        with pytest.raises(IntegrityError), transaction.atomic():
            audited_save(Unit(**duplicate), actor=staff)
        with pytest.raises(ValidationError, match="name"):
            audited_save(Unit(district=world.own, name="长" * 500, kind="department"), actor=staff)
        unit = Unit(district=world.own, name="新单位", kind="department")
        audited_save(unit, actor=staff, reason="演示数据")
    assert unit.history.get().history_change_reason == "演示数据"
    assert unit.history.get().history_user == staff
