"""POST /api/v1/cycles/<id>/simulate/ against the hand-computed district of
tests/fixtures/simulations.py (its docstring has every value these tests expect)."""
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures.simulations import build_hand_district

pytestmark = pytest.mark.django_db

BEFORE = {"good": 3, "average": 2, "poor": 1, "incomplete": 1, "exempt": 1}


def simulate(api, hand, settings, user="staff", cycle=None):
    cycle = cycle or hand.cycle
    return api.as_(hand.users[user]).post(f"/api/v1/cycles/{cycle.pk}/simulate/", {"settings": settings},
                                          format="json")


def named(hand, body):
    return {hand.name(c["official"]): c for c in body["changes"]}


def test_own_settings_change_nothing(api, hand_district):
    body = simulate(api, hand_district, {}).json()
    assert body["before"] == body["after"] == BEFORE
    assert body["changes"] == [] and body["officials"] == 8


def test_a_larger_good_quota_makes_the_next_in_line_good_with_her_outcomes(api, hand_district):
    # Q = ceil(0.5 × 6) = 3: 乙 (third among the non-vetoed, 85.50 ≥ 85) becomes 好; 好 in 2024 and
    # 2025 too, so promotion_preference; exemplary among the 好 (top 10).
    response = simulate(api, hand_district, {"good_quota": 0.5})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["before"] == BEFORE
    assert body["after"] == {**BEFORE, "good": 4, "average": 1}
    assert body["changes"] == [{
        "official": hand_district.id("乙"), "official_name": "乙", "unit_name": "乙所在单位",
        "composite_before": "85.50", "composite_after": "85.50", "rank_before": 4, "rank_after": 4,
        "grade_before": "average", "grade_after": "good",
        "outcomes_added": ["commendation", "exemplary_title", "recommend_upward", "promotion_preference"],
        "outcomes_removed": ["admonishment", "promotion_freeze"],
    }]
    assert body["settings"]["good_quota"] == 0.5 and body["settings"]["weights"]["unit"] == 0.3


def test_other_weights_swap_two_officials_across_the_quota(api, hand_district):
    # weights 0.2 / 0.6 / 0.2: 乙 = 16 + 57 + 14 = 87.00, 丙 = 19 + 50.4 + 16 = 85.40; Q = 2 of the
    # non-vetoed (甲 90, 乙 87, 丙 85.4): 乙 in, 丙 out; ranks 3 and 4 swap.
    body = simulate(api, hand_district, {"weights": {"unit": 0.2, "pledge": 0.6, "survey": 0.2}}).json()
    assert body["after"] == BEFORE
    changes = named(hand_district, body)
    assert list(changes) == ["乙", "丙"]  # in the order of the results after: rank 3, then 4
    b, c = changes["乙"], changes["丙"]
    assert (b["composite_before"], b["composite_after"], b["rank_before"], b["rank_after"]) == ("85.50", "87.00", 4, 3)
    assert (b["grade_before"], b["grade_after"]) == ("average", "good")
    assert (c["composite_before"], c["composite_after"], c["rank_before"], c["rank_after"]) == ("86.50", "85.40", 3, 4)
    assert (c["grade_before"], c["grade_after"]) == ("good", "average")
    assert c["outcomes_added"] == ["admonishment", "promotion_freeze"]
    assert c["outcomes_removed"] == ["commendation", "exemplary_title", "recommend_upward"]
    # 甲 90, 己 92 unchanged; 丁 21→14 + 40→48 + 15 = 77.00, 戊 12 + 36 + 8 = 56.00: composites of 乙 丙 丁 moved
    assert (body["composites_changed"], body["ranks_changed"]) == (3, 2)


def test_the_committees_override_stands_when_the_poor_line_moves(api, hand_district):
    # poor < 80: 丁 (76.00) would be computed 较差, but the committee's 好 is the grade that counts.
    body = simulate(api, hand_district, {"poor_threshold": 80}).json()
    assert body["after"] == BEFORE and body["changes"] == []


def test_fewer_exemplary_titles_change_outcomes_only(api, hand_district):
    # exemplary_top 1: among the 好 that count (甲 90, 丙 86.5, 丁 76 by override) only 甲 keeps the title.
    body = simulate(api, hand_district, {"exemplary_top": 1}).json()
    changes = named(hand_district, body)
    assert list(changes) == ["丙", "丁"]
    for change in changes.values():
        assert change["grade_before"] == change["grade_after"] == "good"
        assert change["outcomes_added"] == [] and change["outcomes_removed"] == ["exemplary_title", "recommend_upward"]


def test_letter_points_rescore_the_letters(api, hand_district):
    # C = 80: 戊 = 18 + 40 + 8 = 66.00 → 一般 (rank 6 still); the exempt and the incomplete stay out.
    body = simulate(api, hand_district, {"letter_points": {"C": 80}}).json()
    assert body["after"] == {**BEFORE, "average": 3, "poor": 0}
    [change] = body["changes"]
    assert (hand_district.name(change["official"]), change["composite_before"], change["composite_after"]) == (
        "戊", "56.00", "66.00")
    assert (change["grade_before"], change["grade_after"]) == ("poor", "average")
    assert change["outcomes_added"] == ["admonishment", "promotion_freeze"]
    assert change["outcomes_removed"] == ["criticism", "self_report", "demotion"]


@pytest.mark.parametrize("changes, error", [
    ({"weights": {"unit": 0.5, "pledge": 0.5, "survey": 0.2}}, "weights: 各项之和必须等于 1（现为 1.2）。"),
    ({"poor_threshold": 90}, "poor_threshold: “较差”分数线必须低于“好”分数线。"),
    ({"good_quota": 0}, "good_quota: 取值须在 (0, 1]。"),
    ({"colour": "red"}, "colour: 未知的设置项。"),
])
def test_invalid_settings_are_refused_as_a_change_of_the_cycle_settings_is(api, hand_district, changes, error):
    from cycles.models import Cycle

    response = simulate(api, hand_district, changes)
    assert response.status_code == 400
    assert error in response.json()["errors"]["settings"]
    # The same answer as changing the settings of a cycle that allows it.
    Cycle.objects.filter(pk=hand_district.cycle.pk).update(state=Cycle.State.PLANNING)
    update = api.as_(hand_district.users["staff"]).patch(f"/api/v1/cycles/{hand_district.cycle.pk}/",
                                                         {"settings": changes}, format="json")
    assert update.status_code == 400 and update.json() == response.json()


def test_settings_must_be_an_object(api, hand_district):
    response = simulate(api, hand_district, [1, 2])
    assert response.status_code == 400 and "settings" in response.json()["errors"]
    response = api.as_(hand_district.users["staff"]).post(f"/api/v1/cycles/{hand_district.cycle.pk}/simulate/", {},
                                                          format="json")
    assert response.status_code == 400 and "settings" in response.json()["errors"]


def _database_state() -> dict:
    """Every table's row count and a checksum of its rows."""
    state = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT * FROM "{table}"')
            rows = sorted(repr(row) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state


def test_a_simulation_writes_nothing(api, hand_district):
    from accounts.models import AuditEvent

    clients = {role: api.as_(hand_district.users[role]) for role in ("staff", "leader")}  # tokens made first
    url = f"/api/v1/cycles/{hand_district.cycle.pk}/simulate/"
    before = _database_state()
    assert before["accounts_auditevent"][0] == AuditEvent.objects.count()
    for client in clients.values():
        for settings in ({"good_quota": 0.5}, {"weights": {"unit": 0.2, "pledge": 0.6, "survey": 0.2}},
                         {"letter_points": {"C": 80}}, {"good_quota": 2}):
            assert client.post(url, {"settings": settings}, format="json").status_code in (200, 400)
    assert _database_state() == before


def test_leaders_may_run_it_officials_never_and_other_districts_are_not_found(api, hand_district):
    assert simulate(api, hand_district, {"good_quota": 0.5}, user="leader").status_code == 200
    assert simulate(api, hand_district, {"good_quota": 0.5}, user="official").status_code == 403
    other = build_hand_district("qita", "其他区")
    assert simulate(api, hand_district, {"good_quota": 0.5}, cycle=other.cycle).status_code == 404
    assert simulate(api, other, {"good_quota": 0.5}, cycle=hand_district.cycle).status_code == 404


def test_query_count_does_not_grow_with_the_number_of_officials(api):
    small, large = build_hand_district("xiao", "小区"), build_hand_district("da", "大区", people=40)
    counts = {}
    for hand in (small, large):
        client = api.as_(hand.users["staff"])
        # Each changes someone in both districts (then the changed officials' units are read, once).
        for settings in ({"exemplary_top": 1}, {"letter_points": {"C": 80}}):
            with CaptureQueriesContext(connection) as queries:
                response = client.post(f"/api/v1/cycles/{hand.cycle.pk}/simulate/", {"settings": settings},
                                       format="json")
            assert response.status_code == 200 and response.json()["changes"]
            counts[hand.district.code, str(settings)] = len(queries)
    assert counts["xiao", "{'exemplary_top': 1}"] == counts["da", "{'exemplary_top': 1}"] <= 20
    assert counts["xiao", "{'letter_points': {'C': 80}}"] == counts["da", "{'letter_points': {'C': 80}}"] <= 30
