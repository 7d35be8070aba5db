"""Playwright on the system Chromium (Debian's /usr/bin/chromium); never a downloaded browser.

Without the browser the tests are skipped, unless REQUIRE_BROWSER=1 (CI), where they fail.
"""
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls
# made from the test body (factories, assertions) as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium fonts-wqy-zenhei)"
        if _browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is in requirements-dev.txt
        if _browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but Playwright is missing: {exc}", pytrace=False)
        pytest.skip(f"Playwright is missing: {exc}")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class Visit:
    """One browser context on the live server that records every host the page contacts."""

    def __init__(self, browser, live_server, viewport, **options):
        self.base = live_server.url
        self.context = browser.new_context(
            viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", **options
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.requested = []
        self.page.on("request", lambda request: self.requested.append(request.url))
        # Chromium reports every Content-Security-Policy refusal on the console.
        self.csp_violations = []
        self.page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def goto(self, path):
        return self.page.goto(self.base + path)

    def foreign_requests(self):
        """Requests to any origin other than the live server's (data: URLs are in-page)."""
        own = urlsplit(self.base).netloc
        return [
            url for url in self.requested
            if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != own
        ]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, live_server):
    """`visit(viewport)` opens a fresh context (own cookies) on the live server; at the end the
    test fails if the browser refused anything under the Content-Security-Policy."""
    opened = []

    def open_(viewport=PHONE, **options):
        opened.append(Visit(browser, live_server, viewport, **options))
        return opened[-1]

    yield open_
    violations = [text for v in opened for text in v.csp_violations]
    for v in opened:
        v.close()
    assert violations == [], "the Content-Security-Policy refused something:\n" + "\n".join(violations)


def sign_in(v, username, password="pw-for-tests-1"):
    """Sign in through the login page as a person would (the factories' password)."""
    from playwright.sync_api import expect

    v.goto("/accounts/login/")
    v.page.get_by_label("用户名").fill(username)
    v.page.get_by_label("密码").fill(password)
    v.page.get_by_role("button", name="登录").click()
    expect(v.page.get_by_role("heading", name=f"您好，{username}")).to_be_visible()
