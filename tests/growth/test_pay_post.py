"""The 绩岗薪 workbook: each official's results of the last three finalized cycles next to the posts
it started since, its rank level then and now, learning points and fit; a page download and an
API download, both scoped."""
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluations.models import Result
from growth import services
from org.models import Official, Post
from tests.factories import CycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world):
    """Four finalized years (2022–2025, only the last three count) and 2026 in progress; 张建国
    was 正科级 until 2024-03-01, then 副处级 in a new post."""
    for year, composite, grade, outcomes in ((2022, 70, "average", []), (2023, 88, "good", ["commendation"]),
                                             (2024, 91, "good", ["commendation", "promotion_preference"]),
                                             (2025, 79, "average", [])):
        cycle = CycleFactory(district=world.own, year=year, state="finalized")
        Result.objects.create(cycle=cycle, official=world.own_official, unit=world.own_unit, composite=composite,
                              rank=1, computed_grade=grade, grade=grade, outcomes=outcomes,
                              computed_at=timezone.now())
    official = world.own_official
    Post.objects.filter(official=official).delete()
    Post.objects.create(official=official, unit=world.own_unit, position="副局长", rank_level="section_chief",
                        started_on=datetime.date(2019, 1, 1), ended_on=datetime.date(2024, 2, 29))
    Post.objects.create(official=official, unit=world.own_unit, position="局长", rank_level="deputy_division_chief",
                        started_on=datetime.date(2024, 3, 1))
    Official.objects.filter(pk=official.pk).update(rank_level="deputy_division_chief")
    services.activity_record(actor=world.users["staff"], official=official, held_on=datetime.date(2024, 6, 1),
                             kind="qualification", title="法律职业资格")
    return official


def _sheet(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))["绩岗薪联动"]


def test_the_workbook_links_three_finalized_years_to_post_and_rank_changes(client, world, history,
                                                                         django_assert_max_num_queries):
    client.force_login(world.users["leader"])
    with django_assert_max_num_queries(16):
        sheet = _sheet(client.get(reverse("growth:pay_post"), {"district": world.own.pk}))
    header = [c.value for c in sheet[2]]
    assert header[6:10] == ["2023年综合得分", "2023年名次", "2023年等次", "2023年结果运用"]
    assert "2022年综合得分" not in header and "2026年综合得分" not in header
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)}
    zhang = rows["张建国"]
    assert zhang["2023年综合得分"] == 88 and zhang["2023年等次"] == "好"
    assert zhang["2024年结果运用"].count("、") == 1
    assert zhang["2025年等次"] == "一般"
    assert "2024-03-01" in zhang["期间岗位变动"] and "局长" in zhang["期间岗位变动"]
    assert zhang["期初职级"] == "正科级" and zhang["职级变化"].startswith("晋升")
    assert zhang["期间学习积分"] == 8
    assert rows["李红梅"]["2023年综合得分"] is None and rows["李红梅"]["职级变化"] == "无变化"


def test_the_api_download_is_scoped_to_the_district(api, world, history):
    own = api.as_(world.users["staff"]).get(f"/api/v1/growth/pay-post/{world.own.pk}.xlsx")
    assert _sheet(own).max_row >= 4
    assert api.as_(world.users["foreign_staff"]).get(f"/api/v1/growth/pay-post/{world.own.pk}.xlsx").status_code == 404
    assert api.as_(world.users["official"]).get(f"/api/v1/growth/pay-post/{world.own.pk}.xlsx").status_code == 404


def test_points_in_the_workbook_match_the_window(world, history):
    from growth.selectors import pay_post_rows

    cycles, rows = pay_post_rows(world.users["staff"], world.own.pk, today=datetime.date(2026, 11, 1))
    assert [c.year for c in cycles] == [2023, 2024, 2025]
    assert {r.official.name: r.points for r in rows}["张建国"] == Decimal("8")
