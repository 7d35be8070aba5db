"""The admin's account pages as a system administrator and as a leader would use them."""
import pytest
from playwright.sync_api import expect

from tests.factories import DistrictFactory, UserFactory
from tests.fixtures.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def test_the_administrator_changes_a_password_through_the_password_form(visit, screenshots):
    district = DistrictFactory()
    UserFactory(username="root-admin", role="admin")
    leader = UserFactory(username="lead1", role="leader", districts=[district])
    v = visit(DESKTOP)
    sign_in(v, "root-admin")
    v.goto(f"/admin/accounts/user/{leader.pk}/change/")
    page = v.page
    expect(page.get_by_text(leader.password)).to_have_count(0)
    page.screenshot(path=screenshots / "admin-account-desktop.png", full_page=True)
    page.locator("a[href='../password/']").first.click()
    page.locator("#id_password1").fill("Another-Secret-2026")
    page.locator("#id_password2").fill("Another-Secret-2026")
    page.locator("input[type=submit]").first.click()
    expect(page.locator(".messagelist")).to_be_visible()
    leader.refresh_from_db()
    assert leader.check_password("Another-Secret-2026")


def test_a_leader_reads_its_account_and_history_without_a_password_or_a_revert(visit, screenshots):
    district = DistrictFactory()
    leader = UserFactory(username="lead2", role="leader", districts=[district])
    leader.save()
    v = visit(DESKTOP)
    sign_in(v, "lead2")
    v.goto(f"/admin/accounts/user/{leader.pk}/change/")
    expect(v.page.locator("#id_password, .field-password")).to_have_count(0)
    v.goto(f"/admin/accounts/user/{leader.pk}/history/{leader.history.latest().history_id}/")
    expect(v.page.locator("input[name=_save]")).to_have_count(0)
    v.page.screenshot(path=screenshots / "admin-history-entry-leader-desktop.png", full_page=True)
