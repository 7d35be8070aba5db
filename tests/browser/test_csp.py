"""Pages outside the journeys — the admin and the API docs — work under the Content-Security-
Policy (the `visit` fixture fails the test on any refusal the browser reports)."""
import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import DESKTOP
from tests.fixtures.world import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_admin_and_api_docs_work_under_the_csp(world, visit):
    v = visit(DESKTOP)
    page = v.page
    v.goto("/accounts/login/?next=/admin/")
    page.get_by_label("用户名").fill("admin1")
    page.get_by_label("密码").fill("pw-for-tests-1")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#site-name")).to_be_visible()
    # a changelist with its filters and actions, a change form with its widgets
    v.goto("/admin/org/official/")
    expect(page.locator("#result_list")).to_be_visible()
    v.goto(f"/admin/org/official/{world.own_official.pk}/change/")
    expect(page.locator("input[name=name]")).to_have_value("张建国")
    v.goto("/admin/accounts/auditevent/")
    expect(page.locator("#changelist")).to_be_visible()
    # Swagger UI renders the schema from its split script
    v.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Cadreboard API")
    expect(page.locator(".opblock").first).to_be_visible()
    # ReDoc renders too (its page alone allows inline style)
    v.goto("/api/redoc/")
    expect(page.get_by_text("Cadreboard API").first).to_be_visible(timeout=20_000)
    # ReDoc's sidebar shows Redocly's logo from their CDN: the CSP refuses it (no outside host),
    # which is what it is for. Any other refusal or outside request still fails.
    outside_logo = "https://cdn.redoc.ly/"
    v.csp_violations = [text for text in v.csp_violations if outside_logo not in text]
    assert [url for url in v.foreign_requests() if not url.startswith(outside_logo)] == []
