"""English in the system Chromium: a district whose data is all in Latin letters, read by staff,
a leader and an official who switched to English. What the browser shows (after the scripts ran,
placeholders and titles included) has no Chinese but the switch's own name for Chinese; the
pages are photographed on a phone and a desktop."""
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.models import Role
from cycles.models import Cycle
from pledges.models import Pledge
from tests.factories import UserFactory
from tests.fixtures.browser import DESKTOP, PHONE
from tests.test_english import CJK, WORKBOOK_WORDS, latinize_typed_text
from tests.test_url_access import _district

pytestmark = pytest.mark.browser

# The text a reader meets, with what declares itself Chinese (the language switch) and what is
# hidden from readers (the brand's mark) taken out.
SHOWN_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[lang^="zh"], [aria-hidden="true"], script, style').forEach(e => e.remove());
  const attributes = [...body.querySelectorAll('[title], [placeholder], [aria-label], [alt]')]
    .flatMap(e => ['title', 'placeholder', 'aria-label', 'alt'].map(a => e.getAttribute(a) || ''));
  return [body.innerText, ...attributes].join('\\n');
}"""


@pytest.fixture
def latin_district(transactional_db):
    from evaluations.catalog import load
    from evaluations.models import ListItem

    load(ListItem)  # a test on committed data before this one flushed the list catalog
    world = _district("a")
    world["admin"] = UserFactory(username="walk-admin", role=Role.ADMIN)
    latinize_typed_text()
    users = get_user_model().objects.in_bulk([u.pk for u in world["users"].values()])
    world["users"] = {role: users[u.pk] for role, u in world["users"].items()}
    for user in world["users"].values():
        user.set_password("pw-for-tests-1")
        user.save()
    return world


def _sign_in_in_english(v, username):
    """A reader who chose English before signing in: the login page itself is English."""
    v.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": v.base}])
    v.goto("/accounts/login/")
    v.page.get_by_label("Username").fill(username)
    v.page.get_by_label("Password").fill("pw-for-tests-1")
    v.page.get_by_role("button", name="Sign in").click()
    expect(v.page.locator("html")).to_have_attribute("lang", "en")


def _chinese_left(page) -> list[str]:
    return [line for line in page.evaluate(SHOWN_TEXT).splitlines() if CJK.search(WORKBOOK_WORDS.sub("", line))]


def _pages(world, role):
    cycle = world["by_model"][Cycle]
    pledge = world["by_model"][Pledge]
    if role == "official":
        return ["/", "/pledges/", f"/pledges/{pledge.pk}/", "/notifications/", "/accounts/profile/",
                "/accounts/password/"]
    pages = ["/", "/pledges/review/", f"/evaluations/cycles/{cycle.pk}/", f"/evaluations/cycles/{cycle.pk}/scores/",
             f"/evaluations/cycles/{cycle.pk}/results/", f"/evaluations/cycles/{cycle.pk}/readiness/",
             f"/pledges/{pledge.pk}/", "/help/rules/"]
    if role == "staff":
        pages += [f"/evaluations/cycles/{cycle.pk}/exemptions/", f"/evaluations/cycles/{cycle.pk}/inputs/",
                  f"/excel/cycles/{cycle.pk}/", "/org/officials/", "/org/units/", "/accounts/users/", "/notifications/"]
    return pages


@pytest.mark.parametrize("role", ["staff", "leader", "official"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_reader_in_english_meets_no_chinese(visit, latin_district, screenshots, role, viewport):
    v = visit(viewport)
    _sign_in_in_english(v, latin_district["users"][role].username)
    shape = "desktop" if viewport is DESKTOP else "phone"
    left = {}
    for path in _pages(latin_district, role):
        response = v.goto(path)
        assert response.status == 200, path
        if path == "/help/rules/":  # the English summary, then the Chinese text marked as such
            expect(v.page.locator("section[lang=en]")).to_contain_text("English summary")
        chinese = _chinese_left(v.page)
        if chinese:
            left[path] = chinese[:5]
        assert v.page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"], path
    v.goto("/")
    v.page.screenshot(path=screenshots / f"english-home-{role}-{shape}.png", full_page=True)
    assert left == {}
