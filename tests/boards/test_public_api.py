"""The public JSON, served from the snapshot, and feedback."""
import pytest

from boards import services
from boards.models import Board, Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(world, published_world):
    return services.board_publish(actor=world.users["staff"], cycle=world.own_cycle)


def test_public_board_json_needs_no_login(api, world, live):
    body = api.get("/api/v1/public/boards/shibei/2026/").json()
    assert {"version", "published_at", "officials", "honour_roll"} <= set(body)
    assert body["version"] == 1
    assert body["officials"][0]["name"] == "张建国"


def test_unknown_board_is_404(api, world, live):
    assert api.get("/api/v1/public/boards/shibei/1999/").status_code == 404
    assert api.get("/api/v1/public/boards/nowhere/2026/").status_code == 404
    assert api.get("/api/v1/public/boards/laoshan/2026/").status_code == 404  # nothing published there


def test_earlier_versions_stay_readable(api, world, live):
    services.board_publish(actor=None, cycle=world.own_cycle)
    assert api.get("/api/v1/public/boards/shibei/2026/").json()["version"] == 2
    assert api.get("/api/v1/public/boards/shibei/2026/", {"version": 1}).json()["version"] == 1
    assert api.get("/api/v1/public/boards/shibei/").json()["years"][0] == {
        "year": 2026, "version": 2,
            "published_at": api.get("/api/v1/public/boards/shibei/").json()["years"][0]["published_at"]}


def test_public_board_reads_no_live_table(api, world, live, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    # the live pointer, the snapshot and the published feedback: no live table
    with django_assert_max_num_queries(3):
        api.get("/api/v1/public/boards/shibei/2026/")


def test_public_board_survives_a_dead_cache(api, world, live, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens there
    response = api.get("/api/v1/public/boards/shibei/2026/")
    assert response.status_code == 200
    assert response.json()["version"] == 1


def test_feedback_is_hidden_until_approved_then_shown_with_the_reply(api, world, live, published_world):
    pledge = published_world["approved"][0]
    sent = api.post("/api/v1/public/boards/shibei/2026/feedback/",
                    {"pledge": pledge.pk, "content": "招聘会什么时候举办？", "contact": "138****"}, format="json")
    assert sent.status_code == 201
    assert api.get("/api/v1/public/boards/shibei/2026/").json()["feedback"] == {}
    message = Feedback.objects.get()
    staff = api.as_(world.users["staff"])
    moderated = staff.patch(f"/api/v1/feedback/{message.pk}/", {"status": "approved", "reply": "每月第一周举办。"},
                            format="json")
    assert moderated.status_code == 200, moderated.json()
    shown = api.get("/api/v1/public/boards/shibei/2026/").json()["feedback"][str(pledge.pk)]
    assert shown == [{"content": "招聘会什么时候举办？", "reply": "每月第一周举办。", "date": shown[0]["date"]}]
    assert "138" not in str(shown)  # the contact is never published


@pytest.mark.parametrize("payload,field", [
    ({"content": ""}, "content"), ({"content": "字" * 501}, "content"), ({"contact": "x" * 101}, "contact"),
    ({"pledge": 999999}, "pledge"), ({"pledge": "abc"}, "pledge"),
    ({"pledge": 10**30}, "pledge"), ({"pledge": 0}, "pledge"),  # beyond any id: a 400, not a database crash
])
def test_bad_feedback_is_refused(api, world, live, published_world, payload, field):
    body = {"pledge": published_world["approved"][0].pk, "content": "好", **payload}
    response = api.post("/api/v1/public/boards/shibei/2026/feedback/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Feedback.objects.exists()


def test_feedback_on_an_unpublished_draft_is_refused(api, world, live, published_world):
    response = api.post("/api/v1/public/boards/shibei/2026/feedback/",
                        {"pledge": published_world["draft"].pk, "content": "看看草稿"}, format="json")
    assert response.status_code == 400


def test_feedback_is_rate_limited_per_client(api, world, live, published_world):
    pledge = published_world["approved"][0].pk
    statuses = [api.post("/api/v1/public/boards/shibei/2026/feedback/", {"pledge": pledge, "content": f"第{i}条"},
                         format="json").status_code for i in range(7)]
    assert statuses == [201] * 5 + [400, 400]
    other = api.post("/api/v1/public/boards/shibei/2026/feedback/", {"pledge": pledge, "content": "别处"},
                     format="json", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 201


def test_staff_moderate_only_their_districts_feedback(api, world, live, published_world):
    services.feedback_submit(board=live.board, pledge_id=published_world["approved"][0].pk, content="问",
                             key="k")
    message = Feedback.objects.get()
    foreign = api.as_(world.users["foreign_staff"])
    assert foreign.patch(f"/api/v1/feedback/{message.pk}/", {"status": "approved"}, format="json").status_code == 404
    assert api.as_(world.users["leader"]).patch(f"/api/v1/feedback/{message.pk}/", {"status": "approved"},
                                                format="json").status_code == 403


def test_staff_publish_and_rollback_over_the_api(api, world, published_world):
    staff = api.as_(world.users["staff"])
    started = staff.post(f"/api/v1/cycles/{world.own_cycle.pk}/publish/")
    assert started.status_code == 202
    status = staff.get(f"/api/v1/tasks/{started.json()['task_id']}/").json()
    assert status["state"] == "success" and status["result"] == {"version": 1}
    staff.post(f"/api/v1/cycles/{world.own_cycle.pk}/publish/")
    board = staff.get("/api/v1/boards/").json()["results"][0]
    assert board["live_version"] == 2 and [v["number"] for v in board["versions"]] == [2, 1]
    rolled = staff.post(f"/api/v1/boards/{board['id']}/rollback/", {"number": 1}, format="json")
    assert rolled.json()["live_version"] == 1
    assert api.as_(world.users["leader"]).post(f"/api/v1/cycles/{world.own_cycle.pk}/publish/").status_code == 403


def test_a_version_withdrawn_by_a_rollback_is_404(api, world, live):
    """Security finding 5: after a rollback from 2 to 1, version 2 is no longer public."""
    services.board_publish(actor=None, cycle=world.own_cycle)
    board = Board.objects.get(cycle=world.own_cycle)
    services.board_rollback(actor=world.users["staff"], board=board, number=1)
    assert api.get("/api/v1/public/boards/shibei/2026/").json()["version"] == 1
    assert api.get("/api/v1/public/boards/shibei/2026/", {"version": 2}).status_code == 404
    assert api.get("/api/v1/public/boards/shibei/2026/", {"version": 1}).json()["version"] == 1
