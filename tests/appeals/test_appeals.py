"""Appeals (复核申诉, SPEC section 11): the deadline, 回避, each subject's correction through the
owner's service, withdrawal, the overdue flag, notifications, scoping, and bounded queries."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from appeals import services
from appeals.models import Appeal
from boards.models import BoardVersion
from cycles import cycle_settings
from cycles.models import Cycle
from evaluations import compute
from evaluations import services as evaluation_services
from evaluations.models import OutcomeExecution, QuarterlyScore, QuarterRelease, Result
from notifications.models import Notification
from tests.factories import OfficialFactory, UserFactory


@pytest.fixture
def second_staff(world):
    """A staff account of the district that entered nothing (so it may decide)."""
    return UserFactory(username="staff2", role=Role.STAFF, districts=[world.own])


@pytest.fixture
def released_score(world, scored_year):
    """The own official's first pledge scored 80 for Q1 by the district's staff, Q1 released."""
    staff = world.users["staff"]
    for rows in scored_year.values():
        for row in rows:
            evaluation_services.quarterly_score_record(actor=staff, pledge=row, quarter=1, score=Decimal("80"))
    evaluation_services.quarter_release(actor=staff, cycle=world.own_cycle, quarter=1)
    return QuarterlyScore.objects.get(pledge=scored_year[world.own_official.pk][0], quarter=1)


def _released_on(cycle, day: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    QuarterRelease.objects.filter(cycle=cycle).update(released_at=moment)


def _file(world, score, reason="评分未计入第二次现场观摩"):
    return services.appeal_file(actor=world.users["official"], subject="quarterly_score", target=score,
                                reason=reason)


# --- the deadline ------------------------------------------------------------------------------


def test_an_appeal_filed_on_the_last_day_is_accepted(api, world, released_score):
    # given: Q1 released 30 days ago (appeal_days = 30)
    _released_on(world.own_cycle, timezone.localdate() - datetime.timedelta(days=30))
    # when
    response = api.as_(world.users["official"]).post("/api/v1/appeals/", {
        "subject": "quarterly_score", "object_id": released_score.pk, "reason": "漏计现场观摩"}, format="json")
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "official", "cycle", "subject", "object_id", "reason", "state", "decided_by",
                         "decision_reason", "new_value", "filed_at", "due_on", "decided_on"}
    assert body["state"] == "open" and body["official"] == world.own_official.pk
    assert body["due_on"] == (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def test_an_appeal_one_day_after_the_deadline_is_refused_naming_the_deadline(api, world, released_score):
    released = timezone.localdate() - datetime.timedelta(days=31)
    _released_on(world.own_cycle, released)
    response = api.as_(world.users["official"]).post("/api/v1/appeals/", {
        "subject": "quarterly_score", "object_id": released_score.pk, "reason": "漏计现场观摩"}, format="json")
    assert response.status_code == 400
    deadline = (released + datetime.timedelta(days=30)).isoformat()
    assert deadline in response.json()["errors"]["deadline"][0]
    assert not Appeal.objects.exists()


def test_the_appeal_period_is_the_cycles_setting(world, released_score):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(settings={**world.own_cycle.settings, "appeal_days": 5})
    released = timezone.localdate()
    _released_on(world.own_cycle, released)
    score = QuarterlyScore.objects.select_related("pledge__cycle").get(pk=released_score.pk)
    last = released + datetime.timedelta(days=5)
    services.appeal_file(actor=world.users["official"], subject="quarterly_score", target=score, reason="r",
                         today=last)
    Appeal.objects.all().delete()
    with pytest.raises(ValidationError) as refused:
        services.appeal_file(actor=world.users["official"], subject="quarterly_score", target=score, reason="r",
                             today=last + datetime.timedelta(days=1))
    assert last.isoformat() in str(refused.value)


def test_an_unreleased_score_cannot_be_appealed(api, world, scored_year):
    staff = world.users["staff"]
    row = evaluation_services.quarterly_score_record(actor=staff, pledge=scored_year[world.own_official.pk][0],
                                                     quarter=2, score=Decimal("70"))
    response = api.as_(world.users["official"]).post("/api/v1/appeals/", {
        "subject": "quarterly_score", "object_id": row.pk, "reason": "x"}, format="json")
    assert response.status_code == 400 and "object_id" in response.json()["errors"]


def test_the_reason_is_required(api, world, released_score):
    response = api.as_(world.users["official"]).post("/api/v1/appeals/", {
        "subject": "quarterly_score", "object_id": released_score.pk, "reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]


def test_an_official_cannot_appeal_another_officials_score(api, world, scored_year, released_score):
    other = QuarterlyScore.objects.get(pledge=scored_year[world.other_official.pk][0], quarter=1)
    response = api.as_(world.users["official"]).post("/api/v1/appeals/", {
        "subject": "quarterly_score", "object_id": other.pk, "reason": "x"}, format="json")
    assert response.status_code == 400 and "object_id" in response.json()["errors"]


def test_staff_cannot_file_an_appeal(api, world, released_score):
    response = api.as_(world.users["staff"]).post("/api/v1/appeals/", {
        "subject": "quarterly_score", "object_id": released_score.pk, "reason": "x"}, format="json")
    assert response.status_code == 403


def test_the_contested_score_stays_in_force_while_the_appeal_is_open(world, released_score):
    _file(world, released_score)
    released_score.refresh_from_db()
    assert released_score.score == Decimal("80")
    with pytest.raises(ValidationError):
        _file(world, released_score)  # one open appeal per value


# --- 回避 and deciding -------------------------------------------------------------------------


def test_the_staff_who_entered_the_score_may_not_decide_its_appeal(api, world, released_score):
    appeal = _file(world, released_score)
    response = api.as_(world.users["staff"]).post(f"/api/v1/appeals/{appeal.pk}/decide/", {
        "state": "upheld", "decision_reason": "评分有据"}, format="json")
    assert response.status_code == 400
    assert "回避" in response.json()["errors"]["decided_by"][0]
    appeal.refresh_from_db()
    assert appeal.state == "open"


def test_the_staff_who_last_changed_the_score_may_not_decide_either(world, released_score, second_staff):
    evaluation_services.quarterly_score_record(actor=second_staff, pledge=released_score.pledge, quarter=1,
                                               score=Decimal("81"), reason="更正笔误")
    appeal = _file(world, QuarterlyScore.objects.get(pk=released_score.pk))
    assert {world.users["staff"].pk, second_staff.pk} <= services.recused_accounts(appeal)


def test_upheld_keeps_the_value_and_tells_the_official(api, world, released_score, second_staff):
    appeal = _file(world, released_score)
    response = api.as_(second_staff).post(f"/api/v1/appeals/{appeal.pk}/decide/", {
        "state": "upheld", "decision_reason": "现场观摩已计入"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "upheld" and body["decided_on"] == timezone.localdate().isoformat()
    assert body["decided_by"] == str(second_staff)
    released_score.refresh_from_db()
    assert released_score.score == Decimal("80")
    notes = Notification.objects.filter(user=world.users["official"], kind="appeal")
    assert notes.count() == 2 and any("维持原结果" in n.message for n in notes)


def test_a_decision_needs_a_reason(api, world, released_score, second_staff):
    appeal = _file(world, released_score)
    response = api.as_(second_staff).post(f"/api/v1/appeals/{appeal.pk}/decide/", {
        "state": "upheld", "decision_reason": ""}, format="json")
    assert response.status_code == 400 and "decision_reason" in response.json()["errors"]


def test_a_changed_score_goes_through_the_scoring_service_and_is_audited(api, world, released_score,
                                                                           second_staff):
    appeal = _file(world, released_score)
    response = api.as_(second_staff).post(f"/api/v1/appeals/{appeal.pk}/decide/", {
        "state": "changed", "new_value": "86.5", "decision_reason": "补计第二次现场观摩"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["new_value"] == "86.5"
    released_score.refresh_from_db()
    assert released_score.score == Decimal("86.5")
    last = released_score.history.latest()
    assert last.history_user == second_staff
    assert f"复核申诉 #{appeal.pk}" in last.history_change_reason
    assert "补计第二次现场观摩" in last.history_change_reason


def test_a_changed_score_is_checked_by_the_scoring_rules(api, world, released_score, second_staff):
    appeal = _file(world, released_score)
    response = api.as_(second_staff).post(f"/api/v1/appeals/{appeal.pk}/decide/", {
        "state": "changed", "new_value": "130", "decision_reason": "r"}, format="json")
    assert response.status_code == 400 and "new_value" in response.json()["errors"]
    appeal.refresh_from_db()
    released_score.refresh_from_db()
    assert appeal.state == "open" and released_score.score == Decimal("80")


def test_changed_without_a_new_value_is_refused(api, world, released_score, second_staff):
    appeal = _file(world, released_score)
    response = api.as_(second_staff).post(f"/api/v1/appeals/{appeal.pk}/decide/", {
        "state": "changed", "decision_reason": "r"}, format="json")
    assert response.status_code == 400 and "new_value" in response.json()["errors"]


def test_a_changed_pledge_grade_is_a_regrade(api, world, scored_year, second_staff):
    pledge = scored_year[world.own_official.pk][1]  # graded B
    response = api.as_(world.users["official"]).post("/api/v1/appeals/", {
        "subject": "pledge_grade", "object_id": pledge.pk, "reason": "该目标为全区首创"}, format="json")
    assert response.status_code == 201, response.content
    appeal_id = response.json()["id"]
    refused = api.as_(world.users["staff"]).post(f"/api/v1/appeals/{appeal_id}/decide/", {
        "state": "changed", "new_value": "A", "decision_reason": "r"}, format="json")
    assert refused.status_code == 400 and "回避" in refused.json()["errors"]["decided_by"][0]  # approved it
    response = api.as_(second_staff).post(f"/api/v1/appeals/{appeal_id}/decide/", {
        "state": "changed", "new_value": "A", "decision_reason": "创新力度应为 3 分"}, format="json")
    assert response.status_code == 200, response.content
    pledge.refresh_from_db()
    assert pledge.grade == "A" and "创新力度应为 3 分" in pledge.grade_override_reason
    assert pledge.history.latest().history_user == second_staff


def test_a_pledge_grade_can_be_appealed_within_the_period_after_approval(world, scored_year):
    pledge = scored_year[world.own_official.pk][1]
    approved = timezone.localdate(pledge.approved_at)
    services.appeal_file(actor=world.users["official"], subject="pledge_grade", target=pledge, reason="r",
                         today=approved + datetime.timedelta(days=30))
    Appeal.objects.all().delete()
    with pytest.raises(ValidationError) as refused:
        services.appeal_file(actor=world.users["official"], subject="pledge_grade", target=pledge, reason="r",
                             today=approved + datetime.timedelta(days=31))
    assert (approved + datetime.timedelta(days=30)).isoformat() in str(refused.value)


@pytest.fixture
def finalized(world, full_year):
    """The own cycle finalized (by the district's staff) and its board published."""
    from boards.services import board_publish

    compute.cycle_finalize(actor=world.users["staff"], cycle=full_year)
    board_publish(actor=world.users["staff"], cycle=full_year)
    full_year.refresh_from_db()
    return full_year


def test_a_year_grade_correction_recomputes_outcomes_and_republishes_the_board(
        api, world, finalized, second_staff, django_capture_on_commit_callbacks):
    result = Result.objects.get(cycle=finalized, official=world.own_official)
    assert result.grade == "good" and "commendation" in result.outcomes
    versions = BoardVersion.objects.filter(board__cycle=finalized).count()
    response = api.as_(world.users["official"]).post("/api/v1/appeals/", {
        "subject": "year_grade", "object_id": result.pk, "reason": "请复核"}, format="json")
    assert response.status_code == 201, response.content
    appeal_id = response.json()["id"]
    # the staff who finalized the cycle decided the year grade: 回避
    refused = api.as_(world.users["staff"]).post(f"/api/v1/appeals/{appeal_id}/decide/", {
        "state": "changed", "new_value": "average", "decision_reason": "r"}, format="json")
    assert refused.status_code == 400 and "回避" in refused.json()["errors"]["decided_by"][0]
    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_(second_staff).post(f"/api/v1/appeals/{appeal_id}/decide/", {
            "state": "changed", "new_value": "average", "decision_reason": "经区委研究更正"}, format="json")
    assert response.status_code == 200, response.content
    result.refresh_from_db()
    assert result.grade == "average"
    assert {"admonishment", "promotion_freeze"} <= set(result.outcomes) and "commendation" not in result.outcomes
    codes = set(OutcomeExecution.objects.filter(result=result).values_list("code", flat=True))
    assert codes == set(result.outcomes)
    assert BoardVersion.objects.filter(board__cycle=finalized).count() == versions + 1


def test_a_year_grade_cannot_be_appealed_before_finalize(api, world, full_year):
    compute.cycle_compute(cycle=full_year)
    result = Result.objects.get(cycle=full_year, official=world.own_official)
    response = api.as_(world.users["official"]).post("/api/v1/appeals/", {
        "subject": "year_grade", "object_id": result.pk, "reason": "x"}, format="json")
    assert response.status_code == 400  # the official does not even see an unfinalized result


# --- withdraw, overdue, notifications ------------------------------------------------------------


def test_the_official_withdraws_an_open_appeal(api, world, released_score, second_staff):
    appeal = _file(world, released_score)
    response = api.as_(world.users["official"]).post(f"/api/v1/appeals/{appeal.pk}/withdraw/", {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
    again = api.as_(second_staff).post(f"/api/v1/appeals/{appeal.pk}/decide/", {
        "state": "upheld", "decision_reason": "r"}, format="json")
    assert again.status_code == 400 and "state" in again.json()["errors"]
    assert api.as_(second_staff).post(f"/api/v1/appeals/{appeal.pk}/withdraw/", {}, format="json").status_code == 403


def test_an_open_appeal_past_its_due_date_is_flagged_overdue(api, client, world, released_score, second_staff):
    late = _file(world, released_score)
    Appeal.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    staff_api = api.as_(second_staff)
    assert [a["id"] for a in staff_api.get("/api/v1/appeals/?overdue=true").json()["results"]] == [late.pk]
    client.force_login(second_staff)
    page = client.get("/appeals/queue/").content.decode()
    assert "已逾期" in page and world.own_official.name in page


def test_every_step_notifies_the_official_and_staff_hear_of_new_appeals(world, released_score, second_staff):
    appeal = _file(world, released_score)
    assert Notification.objects.filter(user=second_staff, kind="appeal").count() == 1
    services.appeal_withdraw(actor=world.users["official"], appeal=appeal)
    messages = list(Notification.objects.filter(user=world.users["official"], kind="appeal")
                    .order_by("created_at", "id").values_list("message", flat=True))
    assert len(messages) == 2 and "已受理" in messages[0] and "撤回" in messages[1]


def test_every_step_is_in_the_audit_timeline(client, world, released_score, second_staff):
    appeal = _file(world, released_score)
    services.appeal_decide(actor=second_staff, appeal=appeal, decision="changed", new_value="90",
                           reason="补计加分")
    client.force_login(world.users["official"])
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "申请复核" in page and "补计加分" in page and "更正季度评分" in page
    assert [h.history_change_reason for h in appeal.history.order_by("history_date")] == [
        "申请复核", "复核决定：更正"]


# --- scoping and pages ---------------------------------------------------------------------------


def test_officials_see_only_their_own_and_other_districts_see_nothing(api, world, released_score):
    appeal = _file(world, released_score)
    other_official = UserFactory(username="o2", role=Role.OFFICIAL, districts=[world.own],
                                 official=world.other_official)
    for user in (other_official, world.users["foreign_staff"], world.users["foreign_official"]):
        assert api.as_(user).get(f"/api/v1/appeals/{appeal.pk}/").status_code == 404
        assert api.as_(user).get("/api/v1/appeals/").json()["count"] == 0
    for user in (world.users["official"], world.users["staff"], world.users["leader"]):
        assert api.as_(user).get(f"/api/v1/appeals/{appeal.pk}/").status_code == 200
    leader = api.as_(world.users["leader"]).post(f"/api/v1/appeals/{appeal.pk}/decide/", {
        "state": "upheld", "decision_reason": "r"}, format="json")
    assert leader.status_code == 403


def test_appeals_stay_with_the_cycles_district_when_the_official_moves(api, world, released_score):
    appeal = _file(world, released_score)
    moved_to = OfficialFactory(unit__district=world.foreign)
    world.own_official.unit = moved_to.unit
    world.own_official.save()
    assert api.as_(world.users["foreign_staff"]).get(f"/api/v1/appeals/{appeal.pk}/").status_code == 404
    assert api.as_(world.users["staff"]).get(f"/api/v1/appeals/{appeal.pk}/").status_code == 200


def test_the_official_files_from_the_score_page(client, world, released_score, second_staff):
    client.force_login(world.users["official"])
    mine = client.get("/evaluations/mine/").content.decode()
    link = f"/appeals/new/?subject=quarterly_score&amp;object={released_score.pk}"
    assert link in mine
    form = client.get(link.replace("&amp;", "&"))
    assert form.status_code == 200
    response = client.post("/appeals/new/", {"subject": "quarterly_score", "object_id": released_score.pk,
                                             "reason": "漏计"})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/appeals/{appeal.pk}/"
    # with an appeal open, the link is gone
    assert link not in client.get("/evaluations/mine/").content.decode()
    assert client.get("/appeals/").content.decode().count(f"/appeals/{appeal.pk}/") == 1


def test_staff_decide_with_the_form_and_a_refusal_names_the_rule(client, world, released_score, second_staff):
    appeal = _file(world, released_score)
    client.force_login(world.users["staff"])
    page = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "回避规则" in page and "保存复核决定" not in page
    posted = client.post(f"/appeals/{appeal.pk}/decide/", {"state": "upheld", "decision_reason": "r"})
    assert posted.status_code == 400 and "回避规则" in posted.content.decode()
    client.force_login(second_staff)
    posted = client.post(f"/appeals/{appeal.pk}/decide/", {"state": "changed", "new_value": "",
                                                           "decision_reason": "r"})
    assert posted.status_code == 400 and "更正时须填写更正后的结果" in posted.content.decode()
    posted = client.post(f"/appeals/{appeal.pk}/decide/", {"state": "changed", "new_value": "B",
                                                           "decision_reason": "按评级更正"})
    assert posted.status_code == 302
    released_score.refresh_from_db()
    assert released_score.letter == "B" and released_score.score is None


def test_the_appeal_settings_are_validated():
    settings = cycle_settings.defaults()
    assert settings["appeal_days"] == 30 and settings["appeal_decide_days"] == 30
    with pytest.raises(cycle_settings.SettingsError) as refused:
        cycle_settings.validate({**settings, "appeal_days": 0, "appeal_decide_days": 1.5})
    assert set(refused.value.errors) == {"appeal_days", "appeal_decide_days"}


# --- query counts ----------------------------------------------------------------------------------


def _many(world, scored_year, n_officials: int):
    """An open appeal of each of `n_officials` new officials' released Q1 scores."""
    from pledges import services as pledge_services
    from tests.fixtures.pledges import pledge_body

    staff = world.users["staff"]
    cycle = world.own_cycle
    for i in range(n_officials):
        official = OfficialFactory(unit=world.own_official.unit, name=f"干部{i}")
        account = UserFactory(username=f"of{i}", role=Role.OFFICIAL, districts=[world.own],
                              official=official)
        pledge = pledge_services.pledge_create(actor=account, official=official, cycle=cycle, **pledge_body())
        Cycle.objects.filter(pk=cycle.pk).update(state="in_progress")
        pledge.status, pledge.difficulty, pledge.innovation, pledge.contribution, pledge.grade = \
            "approved", 2, 2, 2, "B"
        pledge.approved_at = timezone.now()
        pledge.save()
        score = QuarterlyScore.objects.create(pledge=pledge, quarter=1, score=70, entered_by=staff)
        services.appeal_file(actor=account, subject="quarterly_score", target=score, reason="r")


@pytest.mark.parametrize("n", [2, 8])
def test_the_queue_and_the_api_list_cost_a_fixed_number_of_queries(
        n, api, client, world, released_score, django_assert_max_num_queries):
    _many(world, None, n)
    client.force_login(world.users["staff"])
    staff_api = api.as_(world.users["staff"])
    with django_assert_max_num_queries(12):
        assert client.get("/appeals/queue/").status_code == 200
    with django_assert_max_num_queries(6):
        assert staff_api.get("/api/v1/appeals/").json()["count"] == n
