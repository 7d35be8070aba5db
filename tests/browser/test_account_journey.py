"""Accounts without the admin, in the system Chromium: staff open an official's account and
reset its password; the official signs in with the temporary password, is made to change it,
then corrects its phone on its profile page."""
import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.fixtures.browser import DESKTOP, PHONE
from tests.fixtures.world import FOREIGN_MARKER, build_world

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Zhuanxin-Fuwu-88"


@pytest.fixture
def world(transactional_db):
    return build_world()


def _sign_in(page, username, password):
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_staff_open_and_reset_an_account_and_the_official_must_change_the_password(world, visit, screenshots):
    # given staff on a desktop
    staff = visit(DESKTOP)
    page = staff.page
    staff.goto("/accounts/login/")
    _sign_in(page, "staff1", "pw-for-tests-1")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="账号").click()
    expect(page.get_by_role("heading", name="账号管理")).to_be_visible()
    expect(page.locator(".accounts-table tbody tr")).to_have_count(3)
    expect(page.get_by_text(FOREIGN_MARKER)).to_have_count(0)
    page.screenshot(path=screenshots / "accounts-list-desktop.png", full_page=True)

    # when they open an official's account
    page.get_by_role("link", name="开设账号").click()
    page.get_by_label("用户名").fill("lihongmei")
    page.get_by_label("角色").select_option("official")
    expect(page.get_by_label("市北区")).to_be_checked()
    page.get_by_label("对应干部").select_option(label="李红梅（党工委书记）· 辽宁路街道")
    page.screenshot(path=screenshots / "accounts-create-desktop.png", full_page=True)
    page.get_by_role("button", name="开设账号").click()
    expect(page.get_by_role("heading", name="账号已开设")).to_be_visible()
    first = page.locator("#temp-password").inner_text()
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", first)

    # and reset its password (the official lost the paper)
    page.get_by_role("link", name="已转交，返回账号").click()
    expect(page.get_by_role("heading", name=re.compile("lihongmei"))).to_be_visible()
    page.screenshot(path=screenshots / "accounts-detail-desktop.png", full_page=True)
    page.get_by_role("button", name="重置密码").click()
    expect(page.get_by_role("heading", name="密码已重置")).to_be_visible()
    temporary = page.locator("#temp-password").inner_text()
    assert temporary != first
    page.screenshot(path=screenshots / "accounts-temporary-password-desktop.png", full_page=True)

    # then the official, on a phone, signs in with the temporary password
    official = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone = official.page
    official.goto("/accounts/login/")
    _sign_in(phone, "lihongmei", first)
    expect(phone.get_by_role("alert")).to_contain_text("用户名或密码错误")  # the first one is gone
    _sign_in(phone, "lihongmei", temporary)
    expect(phone).to_have_url(official.base + "/accounts/password/")
    expect(phone.get_by_text("您正在使用组织部重置的临时密码")).to_be_visible()
    _fits(phone, PHONE["width"])
    phone.screenshot(path=screenshots / "accounts-forced-change-phone.png", full_page=True)
    # every other page leads back here until the password is changed
    official.goto("/pledges/")
    expect(phone).to_have_url(official.base + "/accounts/password/")
    phone.get_by_label("当前密码").fill(temporary)
    phone.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    phone.get_by_label("再次输入新密码").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="修改密码").click()
    expect(phone.get_by_role("status")).to_contain_text("密码已修改")
    expect(phone.get_by_role("heading", name="我的账号")).to_be_visible()

    # and corrects its phone on the profile page
    expect(phone.get_by_text("辽宁路街道")).to_be_visible()
    phone.get_by_label("联系电话").fill("电话")
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".field-error")).to_contain_text("联系电话只能包含数字")
    phone.get_by_label("联系电话").fill("0532-8288 6600")
    phone.get_by_label("个人简介").fill("辽宁路街道党工委书记，分管基层党建。")
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_role("status")).to_contain_text("已保存联系电话和个人简介")
    expect(phone.get_by_label("联系电话")).to_have_value("0532-8288 6600")
    _fits(phone, PHONE["width"])
    phone.screenshot(path=screenshots / "accounts-profile-phone.png", full_page=True)
    account = User.objects.get(username="lihongmei")
    assert not account.must_change_password and account.official.phone == "0532-8288 6600"

    # the home page's "核对个人信息" leads there too
    official.goto("/")
    phone.get_by_role("link", name=re.compile("核对个人信息")).click()
    expect(phone).to_have_url(official.base + "/accounts/profile/")

    # staff see the account active, its temporary password replaced
    staff.goto("/accounts/users/?q=lihongmei")
    expect(page.locator(".accounts-table tbody tr")).to_have_count(1)
    expect(page.locator(".accounts-table")).not_to_contain_text("待修改临时密码")
    page.set_viewport_size(PHONE)
    staff.goto("/accounts/users/")
    _fits(page, PHONE["width"])
    page.screenshot(path=screenshots / "accounts-list-phone.png", full_page=True)
    official.goto("/accounts/profile/")
    phone.set_viewport_size(DESKTOP)
    phone.screenshot(path=screenshots / "accounts-profile-desktop.png", full_page=True)
