"""Political reviews in bulk: the service (all or none, set-based, audited, year end only) and
the district page (合格 by default, exceptions with a note, one save; read-only for leaders,
403 for officials, another district's cycle not found; bounded queries)."""
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cycles.models import Cycle
from evaluations import services
from evaluations.models import PoliticalReview
from evaluations.services import ReviewEntry
from tests.factories import OfficialFactory, UnitFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_end(world):
    """The own cycle at year end (`evaluating`), where political reviews may be recorded."""
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    world.own_cycle.refresh_from_db()
    return world.own_cycle


def page_url(cycle) -> str:
    return reverse("evaluations:political_reviews", args=[cycle.pk])


def html(response) -> str:
    return response.content.decode()


def form_data(*officials, unqualified: dict | None = None) -> dict:
    """What the page posts: every official 合格 except those in `unqualified` ({official: note})."""
    unqualified = unqualified or {}
    data = {}
    for official in officials:
        data[f"review-{official.pk}-qualified"] = "no" if official in unqualified else "yes"
        data[f"review-{official.pk}-note"] = unqualified.get(official, "")
    return data


def stored(cycle) -> dict:
    return {r.official_id: (r.qualified, r.note) for r in PoliticalReview.objects.filter(cycle=cycle)}


def more_officials(world, n):
    unit = UnitFactory(district=world.own, name="新单位")
    return [OfficialFactory(unit=unit, name=f"新干部{i}") for i in range(n)]


# --- the service -------------------------------------------------------------------------------------


def test_bulk_records_every_row_with_one_history_row_each(world, year_end):
    staff = world.users["staff"]
    outcome = services.political_reviews_record_bulk(actor=staff, cycle=year_end, rows=[
        ReviewEntry(world.own_official, True),
        ReviewEntry(world.other_official, False, "  违反政治纪律，见纪委通报  "),
    ])
    assert (outcome.created, outcome.updated, outcome.unchanged) == (2, 0, 0)
    assert stored(year_end) == {world.own_official.pk: (True, ""),
                                world.other_official.pk: (False, "违反政治纪律，见纪委通报")}
    history = list(PoliticalReview.history.order_by("official_id"))
    assert [(h.history_type, h.history_user, h.history_change_reason) for h in history] == [
        ("+", staff, "批量录入政治素质测评")] * 2


def test_bulk_updates_what_changed_and_leaves_equal_rows_alone(world, year_end):
    staff = world.users["staff"]
    services.political_review_record(actor=staff, official=world.own_official, cycle=year_end, qualified=True)
    services.political_review_record(actor=staff, official=world.other_official, cycle=year_end, qualified=True)
    before = PoliticalReview.history.count()

    outcome = services.political_reviews_record_bulk(actor=staff, cycle=year_end, reason="复核后更正", rows=[
        ReviewEntry(world.own_official, True), ReviewEntry(world.other_official, False, "复核不合格")])

    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert stored(year_end)[world.other_official.pk] == (False, "复核不合格")
    changed = PoliticalReview.history.order_by("-history_id").first()
    assert PoliticalReview.history.count() == before + 1
    assert (changed.history_type, changed.official_id, changed.qualified, changed.history_change_reason) == (
        "~", world.other_official.pk, False, "复核后更正")


def test_an_unqualified_row_without_a_note_refuses_every_row_naming_the_official(world, year_end):
    with pytest.raises(ValidationError) as refused:
        services.political_reviews_record_bulk(actor=world.users["staff"], cycle=year_end, rows=[
            ReviewEntry(world.own_official, True), ReviewEntry(world.other_official, False, "   ")])
    assert refused.value.message_dict == {"note": ["李红梅：结论为不合格时须填写说明。"]}
    assert not PoliticalReview.objects.exists() and not PoliticalReview.history.exists()


def test_an_official_of_another_district_or_twice_is_refused(world, year_end):
    with pytest.raises(ValidationError) as refused:
        services.political_reviews_record_bulk(actor=world.users["staff"], cycle=year_end, rows=[
            ReviewEntry(world.own_official, True), ReviewEntry(world.own_official, True),
            ReviewEntry(world.foreign_official, True)])
    assert refused.value.message_dict["official"] == [
        "张建国：重复录入。", f"王{FOREIGN_MARKER}：该干部不属于本年度所在的区。"]
    assert not PoliticalReview.objects.exists()


@pytest.mark.parametrize("state", ["planning", "in_progress", "finalized"])
def test_bulk_is_refused_outside_the_year_end(world, state):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state=state)
    world.own_cycle.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.political_reviews_record_bulk(actor=world.users["staff"], cycle=world.own_cycle,
                                               rows=[ReviewEntry(world.own_official, True)])
    assert "不能录入政治素质测评（仅限“年底评定”阶段）" in refused.value.messages[0]
    assert not PoliticalReview.objects.exists()


# --- the page ----------------------------------------------------------------------------------------


def test_inputs_page_links_to_the_bulk_page(client, world, year_end):
    client.force_login(world.users["staff"])
    assert page_url(year_end) in html(client.get(reverse("evaluations:inputs", args=[year_end.pk])))


def test_page_lists_each_principal_official_qualified_unless_a_review_says_otherwise(client, world, year_end):
    OfficialFactory(unit=world.own_unit, name="副职干部", is_principal=False)
    services.political_review_record(actor=world.users["staff"], official=world.other_official, cycle=year_end,
                                     qualified=False, note="群众举报属实")
    client.force_login(world.users["staff"])
    page = html(client.get(page_url(year_end)))

    assert re.findall(r'<tr id="review-(\d+)"', page) == [str(world.own_official.pk), str(world.other_official.pk)]
    assert "副职干部" not in page and FOREIGN_MARKER not in page
    own, other = world.own_official.pk, world.other_official.pk
    assert re.search(rf'name="review-{own}-qualified" value="yes"[^>]*checked', page)
    assert "未录入·默认合格" in page
    assert re.search(rf'name="review-{other}-qualified" value="no"[^>]*checked', page)
    assert re.search(rf'name="review-{other}-note"[^>]*value="群众举报属实"', page)
    assert "已录入 1 名" in page and "不合格 1 名" in page


def test_one_save_records_the_whole_district(client, world, year_end):
    client.force_login(world.users["staff"])
    data = form_data(world.own_official, world.other_official, unqualified={world.other_official: "经查不合格"})

    response = client.post(page_url(year_end), data, follow=True)

    assert response.redirect_chain == [(page_url(year_end), 302)]
    assert "已保存政治素质测评：新增 2 人，修改 0 人，0 人无变化。" in html(response)
    assert stored(year_end) == {world.own_official.pk: (True, ""), world.other_official.pk: (False, "经查不合格")}
    again = client.post(page_url(year_end), data, follow=True)
    assert "新增 0 人，修改 0 人，2 人无变化" in html(again)
    assert PoliticalReview.history.count() == 2


def test_unqualified_without_a_note_is_a_form_error_naming_the_official_and_nothing_is_written(
        client, world, year_end):
    client.force_login(world.users["staff"])
    data = form_data(world.own_official, world.other_official, unqualified={world.other_official: ""})

    response = client.post(page_url(year_end), data)

    assert response.status_code == 400
    page = html(response)
    assert "李红梅（辽宁路街道）：说明：结论为不合格时须填写说明。" in page
    assert re.search(r'<tr id="review-%d" class="ev-review-row is-error' % world.other_official.pk, page)
    # the posted choice stays on the page to be corrected
    assert re.search(rf'name="review-{world.other_official.pk}-qualified" value="no"[^>]*checked', page)
    assert not PoliticalReview.objects.exists()


def test_rows_not_on_the_posted_page_are_left_alone(client, world, year_end):
    client.force_login(world.users["staff"])
    client.post(page_url(year_end), form_data(world.own_official))
    assert stored(year_end) == {world.own_official.pk: (True, "")}
    nothing = client.post(page_url(year_end), {}, follow=True)
    assert "没有需要保存的政治素质测评" in html(nothing)


def test_outside_the_year_end_the_page_says_why_and_saves_nothing(client, world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="in_progress")
    client.force_login(world.users["staff"])
    page = html(client.get(page_url(world.own_cycle)))
    assert "当前为“年度推进”阶段，不能录入政治素质测评" in page
    assert 'type="radio"' not in page

    response = client.post(page_url(world.own_cycle), form_data(world.own_official))
    assert response.status_code == 400
    assert "不能录入政治素质测评" in html(response)
    assert not PoliticalReview.objects.exists()


def test_leader_reads_without_a_form_and_cannot_post(client, world, year_end):
    services.political_review_record(actor=world.users["staff"], official=world.other_official, cycle=year_end,
                                     qualified=False, note="群众举报属实")
    client.force_login(world.users["leader"])
    page = html(client.get(page_url(year_end)))
    assert "群众举报属实" in page and "不合格" in page
    assert 'type="radio"' not in page and "保存全部" not in page

    response = client.post(page_url(year_end), form_data(world.own_official))
    assert response.status_code == 403
    assert stored(year_end) == {world.other_official.pk: (False, "群众举报属实")}


def test_officials_are_forbidden_and_another_districts_cycle_is_not_found(client, world, year_end):
    client.force_login(world.users["official"])
    assert client.get(page_url(year_end)).status_code == 403
    assert client.post(page_url(year_end), form_data(world.own_official)).status_code == 403
    client.force_login(world.users["staff"])
    assert client.get(page_url(world.foreign_cycle)).status_code == 404
    Cycle.objects.filter(pk=world.foreign_cycle.pk).update(state="evaluating")
    assert client.post(page_url(world.foreign_cycle), form_data(world.foreign_official)).status_code == 404
    assert not PoliticalReview.objects.exists()


def test_a_posted_official_of_another_district_is_ignored(client, world, year_end):
    client.force_login(world.users["staff"])
    client.post(page_url(year_end), form_data(world.own_official, world.foreign_official))
    assert stored(year_end) == {world.own_official.pk: (True, "")}


PAGE_QUERIES = 7  # session and user, cycle, officials, reviews, the unread notifications, the 其他年度 switch
SAVE_QUERIES = 12


@pytest.mark.parametrize("extra", [0, 25])
def test_page_and_save_run_a_bounded_number_of_queries(client, world, year_end, extra,
                                                       django_assert_max_num_queries):
    officials = [world.own_official, world.other_official, *more_officials(world, extra)]
    client.force_login(world.users["staff"])
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = html(client.get(page_url(year_end)))
    assert page.count('class="ev-review-row') == 2 + extra

    with django_assert_max_num_queries(SAVE_QUERIES):
        created = client.post(page_url(year_end), form_data(*officials, unqualified={officials[-1]: "不合格"}))
    assert created.status_code == 302 and PoliticalReview.objects.count() == 2 + extra

    # every row changed: the updates are set-based too
    with django_assert_max_num_queries(SAVE_QUERIES):
        updated = client.post(page_url(year_end), form_data(*officials, unqualified={o: "复核" for o in officials}))
    assert updated.status_code == 302
    assert PoliticalReview.objects.filter(qualified=False).count() == 2 + extra
