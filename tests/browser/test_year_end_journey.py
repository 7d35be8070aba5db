"""The year end of a messy year in the system Chromium (tests/fixtures/year.py): staff read the
readiness list before finalize, confirm the suggested new_in_post exemption and record one under
investigation, watch finalize refused with the missing score named, raise an official to 好 over
the quota through the second confirmation, and finalize. Screenshots at phone and desktop sizes:
readiness, exemptions, the override confirmation, the results."""
import pytest
from playwright.sync_api import expect

from cycles.models import Cycle
from evaluations import compute, services
from evaluations.models import Exemption, Result
from tests.fixtures.browser import DESKTOP, PHONE, sign_in
from tests.fixtures.year import PLAN

pytestmark = pytest.mark.browser
PHONE_OPTIONS = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _to_year_end(year):
    """Scores for every approved pledge but D's innovation Q3, Q1/Q2/Q4 released, the cycle at
    year end with every year-end input, B's late pledge approved and scored."""
    staff, cycle = year.staff, year.cycle
    Cycle.objects.filter(pk=cycle.pk).update(state="in_progress")
    cycle.refresh_from_db()
    for key, pledge in year.scored_pledges():
        for quarter in (1, 2, 3, 4):
            if (key, pledge.category, quarter) != ("D", "innovation", 3):
                services.quarterly_score_record(actor=staff, pledge=pledge, quarter=quarter, score=PLAN[key][0])
    for quarter in (1, 2, 4):
        services.quarter_release(actor=staff, cycle=cycle, quarter=quarter)
    Cycle.objects.filter(pk=cycle.pk).update(state="evaluating")
    cycle.refresh_from_db()
    for key, (_points, unit, survey) in PLAN.items():
        services.unit_score_record(actor=staff, unit=year.units[key], cycle=cycle, score=unit)
        services.survey_score_record(actor=staff, official=year.officials[key], cycle=cycle,
                                     rater_group="superior", score=survey)
        services.political_review_record(actor=staff, official=year.officials[key], cycle=cycle, qualified=True)
    from pledges import services as pledge_services

    late = next(p for p in year.pledges["B"] if p.category == "key_work")
    late = pledge_services.pledge_approve(actor=staff, pledge=late, difficulty=2, innovation=2, contribution=2)
    for quarter in (1, 2, 3, 4):
        services.quarterly_score_record(actor=staff, pledge=late, quarter=quarter, score=92,
                                        reason="" if quarter == 3 else "12 月补充审核通过，补录评分")
    return cycle


def _shot(page, screenshots, name):
    page.screenshot(path=screenshots / f"year-end-{name}.png", full_page=True)


def test_staff_close_a_messy_year(messy_year, visit, screenshots):
    year = messy_year
    cycle = _to_year_end(year)
    d_pledge = next(p for p in year.pledges["D"] if p.category == "innovation")

    staff = visit(DESKTOP)
    page = staff.page
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(staff, "nanstaff")

    # The cycle page lists what finalize would refuse, with links to the pledge.
    staff.goto(f"/evaluations/cycles/{cycle.pk}/")
    card = page.locator("#readiness")
    expect(card.get_by_role("heading", name="定档前检查")).to_be_visible()
    expect(card).to_contain_text("干部D：“D的innovation”缺少第 3 季度评分")
    expect(card).to_contain_text("第 3 季度评分尚未发布")
    page.get_by_role("link", name="查看完整清单").click()
    expect(page.get_by_role("heading", name="推进与定档前检查")).to_be_visible()
    expect(page.locator("#readiness")).to_contain_text("干部H于 2026-11-10 任现职")
    _shot(page, screenshots, "readiness-desktop")

    # Exemptions: confirm the suggestion for H, record G under investigation with a note.
    page.get_by_role("link", name="不确定等次").first.click()
    expect(page.get_by_role("heading", name="建议确认：任职时间较短")).to_be_visible()
    page.get_by_role("button", name="确认为不确定等次").click()
    expect(page.locator(".message-success")).to_contain_text("已将干部H记为不确定等次（任职时间较短）")
    page.get_by_label("干部", exact=True).select_option(label="干部G（单位G）")
    page.get_by_label("原因").select_option(label="立案审查调查期间")
    page.get_by_label("说明").fill("经区纪委监委通报，正在接受立案审查调查")
    page.get_by_role("button", name="记录", exact=True).click()
    expect(page.locator("#list")).to_contain_text("立案审查调查期间")
    assert set(Exemption.objects.values_list("official__name", flat=True)) == {"干部G", "干部H"}
    _shot(page, screenshots, "exemptions-desktop")

    # Finalize is refused, naming D's pledge and quarter; the score goes in and Q3 is released.
    staff.goto(f"/evaluations/cycles/{cycle.pk}/results/")
    page.get_by_role("button", name="定档").click()
    expect(page.locator(".ev-problems")).to_contain_text("干部D（单位D）：“D的innovation”缺少第 3 季度评分")
    services.quarterly_score_record(actor=year.staff, pledge=d_pledge, quarter=3, score=86)
    services.quarter_release(actor=year.staff, cycle=cycle, quarter=3)
    compute.cycle_compute(cycle=cycle)

    # The committee raises C to 好 beyond the quota: a second confirmation names the numbers.
    staff.goto(f"/evaluations/cycles/{cycle.pk}/results/")
    expect(page.locator("#quota")).to_contain_text("“好”等次：已评定 2 人 / 名额 2 人")
    row = page.locator(f"#result-{year.officials['C'].pk}")
    row.get_by_text("调整等次").click()
    row.get_by_label("调整为").select_option(label="好")
    row.get_by_label("理由").fill("经区委常委会研究决定")
    row.get_by_role("button", name="确认调整").click()
    confirm = page.locator("#confirm-override")
    expect(confirm).to_contain_text("将干部C调整为“好”后为 3 人，超出名额")
    _shot(page, screenshots, "override-confirm-desktop")
    confirm.get_by_role("button", name="确认超出名额并调整").click()
    expect(page.locator("#quota")).to_contain_text("“好”等次：已评定 3 人 / 名额 2 人")
    assert Result.objects.get(cycle=cycle, official=year.officials["C"]).grade == "good"
    page.get_by_role("button", name="定档").first.click()
    expect(page.locator(".message-success")).to_contain_text("已定档")
    expect(page.locator("#exempt")).to_contain_text("立案审查调查期间")
    _shot(page, screenshots, "results-desktop")

    # The same pages on a phone.
    phone = visit(PHONE, **PHONE_OPTIONS)
    sign_in(phone, "nanstaff")
    for name, path in (("exemptions", "exemptions"), ("results", "results")):
        phone.goto(f"/evaluations/cycles/{cycle.pk}/{path}/")
        assert phone.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"] + 1
        _shot(phone.page, screenshots, f"{name}-phone")
