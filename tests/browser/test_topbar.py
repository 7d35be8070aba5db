"""The top bar fits, in the system Chromium: at 1440 px in English (the longest labels) no role's
bar overflows the page and no item of it is cut off or covers another; at a phone's width the
page never scrolls sideways, in either language."""
import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import PHONE
from tests.fixtures.world import build_world

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}
ROLES = ["admin", "staff", "leader", "official"]
CJK = re.compile(r"[\u4e00-\u9fff]")

# Every link and button of the bar: its box, whether its text is cut, and the text a reader sees
# (not the decorative brand mark, nor the switch to Chinese, which is named in Chinese on purpose).
MEASURE = """() => {
  const items = [...document.querySelectorAll('.topbar a, .topbar button')]
    .filter(el => el.getClientRects().length > 0);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    items: items.map(el => {
      const r = el.getBoundingClientRect();
      return {text: el.innerText.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              cut: el.scrollWidth > el.clientWidth + 1,
              inNav: !!el.closest('.nav-main')};
    }),
    text: [...document.querySelectorAll('.topbar *')]
      .filter(el => !el.closest('[aria-hidden="true"], [lang="zh-hans"]') && el.children.length === 0)
      .map(el => el.innerText).join(' '),
  };
}"""


@pytest.fixture
def world(transactional_db):
    return build_world()


def _open(visit, viewport, language, username):
    v = visit(viewport)
    v.context.add_cookies([{"name": "django_language", "value": language, "url": v.base}])
    v.goto("/accounts/login/")
    english = language == "en"
    v.page.get_by_label("Username" if english else "用户名").fill(username)
    v.page.get_by_label("Password" if english else "密码").fill("pw-for-tests-1")
    v.page.get_by_role("button", name="Sign in" if english else "登录").click()
    expect(v.page.locator(".topbar .nav-user-name")).to_be_visible()
    return v


def _overlapping(items):
    pairs = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 \
                    and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1:
                pairs.append((a["text"], b["text"]))
    return pairs


@pytest.mark.parametrize("role", ROLES)
def test_the_english_top_bar_fits_at_1440_for_each_role(world, visit, screenshots, role):
    v = _open(visit, WIDE, "en", world.users[role].username)
    bar = v.page.evaluate(MEASURE)
    v.page.screenshot(path=str(screenshots / f"topbar-1440-en-{role}.png"))
    assert bar["scrollWidth"] <= bar["innerWidth"]
    sections = [item["text"] for item in bar["items"] if item["inNav"]]
    assert sections[0] == "Home" and len(sections) >= 3
    if role != "official":
        assert "Accounts" in sections
    for item in bar["items"]:
        assert 0 <= item["left"] and item["right"] <= bar["innerWidth"], item
        assert not item["cut"], item
    assert _overlapping(bar["items"]) == []
    assert not CJK.search(bar["text"]), bar["text"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1440", "390"])
def test_the_admin_top_bar_never_widens_the_page(world, visit, screenshots, language, viewport):
    v = _open(visit, viewport, language, world.users["admin"].username)
    bar = v.page.evaluate(MEASURE)
    v.page.screenshot(path=str(screenshots / f"topbar-{viewport['width']}-{language}-admin.png"))
    assert bar["scrollWidth"] <= bar["innerWidth"]
    # The brand, the account and the actions are never cut; on a phone the sections' row
    # scrolls sideways by design.
    for item in bar["items"]:
        if not item["inNav"]:
            assert 0 <= item["left"] and item["right"] <= bar["innerWidth"] and not item["cut"], item
