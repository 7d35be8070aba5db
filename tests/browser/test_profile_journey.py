"""The official's profile in the system Chromium: staff find an official through the search (a
street experience condition), open the profile, filter it by year and kind without JavaScript,
on a phone and a desktop; the official opens its own growth record from the navigation; and the
profile prints on A4 as 干部成长纪实 (a PDF rendered from the page: the name and the section
headings, the page address, no navigation, buttons or filters)."""
import os
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import DESKTOP, PHONE, sign_in
from tests.fixtures.profiles import build_history
from tests.fixtures.world import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    world = build_world()
    build_history(world, world.own_official, years=4)
    return world


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_find_an_official_and_read_the_profile(visit, world, screenshots, viewport):
    name = "desktop" if viewport is DESKTOP else "phone"
    v = visit(viewport)
    sign_in(v, "staff1")
    page = v.page
    v.goto("/org/officials/")
    page.locator(".page-head").get_by_role("link", name="干部查询").click()
    page.get_by_label("街道任职经历").select_option("yes")
    page.get_by_label("近 N 个已定档年度有“一般”或“较差”").fill("1")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("table")).to_contain_text("张建国")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=screenshots / f"profiles-search-{name}.png", full_page=True)

    page.get_by_role("link", name="张建国").click()
    expect(page.get_by_role("heading", name="张建国", level=1)).to_be_visible()
    for heading in ("任职经历", "履职践诺", "季度评分", "年度评定", "结果运用", "记实备注"):
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    expect(page.locator("#section-posts")).to_contain_text("街道·一线")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=screenshots / f"profiles-profile-{name}.png", full_page=True)
    page.screenshot(path=screenshots / f"profiles-profile-{name}-top.png")
    for key in ("posts", "scores", "results"):
        page.locator(f"#section-{key}").screenshot(path=screenshots / f"profiles-profile-{name}-{key}.png")

    # Filters are a plain GET form.
    page.locator(".pr-filters").get_by_label("2025").check()
    page.locator(".pr-filters").get_by_label("履职践诺").check()
    page.locator(".pr-filters").get_by_role("button", name="筛选").click()
    expect(page.locator("#section-pledges")).to_contain_text("2025年目标1")
    expect(page.locator("#section-pledges")).not_to_contain_text("2026年目标1")
    expect(page.locator("#section-results")).to_have_count(0)


def test_the_official_opens_its_own_growth_record(visit, world, screenshots):
    v = visit(PHONE)
    sign_in(v, "official1")
    page = v.page
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的成长纪实").click()
    expect(page.get_by_role("heading", name="张建国", level=1)).to_be_visible()
    expect(page.locator("#section-scores")).not_to_contain_text("未发布")
    expect(page.locator("#section-notes")).to_have_count(0)
    page.screenshot(path=screenshots / "profiles-own-phone.png", full_page=True)


def test_the_profile_prints_on_a4_as_a_growth_record(visit, world, screenshots, tmp_path):
    if not shutil.which("pdftotext"):  # poppler-utils; .ci/run installs it
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("poppler-utils (pdfinfo, pdftotext) is not installed; .ci/run installs it")
        pytest.skip("poppler-utils (pdfinfo, pdftotext) is not installed")
    v = visit(DESKTOP)
    sign_in(v, "staff1")
    path = f"/profiles/officials/{world.own_official.pk}/"
    v.goto(path)
    pdf = tmp_path / "profile.pdf"
    v.page.emulate_media(media="print")
    v.page.screenshot(path=screenshots / "profiles-print-media.png", full_page=True)
    v.page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert "(A4)" in info
    # A page per section at least (page breaks between sections).
    assert pages >= 6
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    compact = "".join(text.split())
    assert "张建国" in compact and "干部成长纪实" in compact
    for heading in ("任职经历", "季度评分", "年度评定", "结果运用", "记实备注"):
        assert heading in compact
    assert path in compact  # the page address is printed
    for screen_only in ("单位与干部", "考核评价", "退出登录", "修改密码", "筛选", "打印：", "跳到正文"):
        assert screen_only not in compact
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf),
                    str(screenshots / "profiles-print")], check=True)
