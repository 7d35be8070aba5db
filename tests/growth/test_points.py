"""Learning points: recording (kind defaults), the district/year page with totals and unit ranks
(bounded queries), the import (all-or-nothing, problems by row and column) and its template."""
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from growth import services
from growth.models import LearningActivity
from tests.factories import OfficialFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 10)


def record(world, official, points=None, kind="training", day=DAY):
    return services.activity_record(actor=world.users["staff"], official=official, held_on=day, kind=kind,
                                    title="专题培训", points=points)


def test_an_activity_takes_its_kinds_default_points_and_the_officials_district(world):
    activity = record(world, world.own_official, kind="self_study_degree")
    assert activity.points == Decimal("10") and activity.district == world.own
    assert activity.history.latest().history_user == world.users["staff"]


def test_the_page_shows_totals_of_the_year_and_ranks_within_the_unit(client, world, django_assert_max_num_queries):
    colleague = OfficialFactory(unit=world.own_unit, name="赵同事")
    tied = OfficialFactory(unit=world.own_unit, name="钱并列")
    record(world, world.own_official, points=Decimal("5"))
    record(world, world.own_official, points=Decimal("3"))
    record(world, colleague, points=Decimal("4"))
    record(world, tied, points=Decimal("4"))
    record(world, colleague, points=Decimal("50"), day=datetime.date(2025, 5, 1))  # another year
    record(world, world.foreign_official, points=Decimal("99"))
    client.force_login(world.users["leader"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("growth:points"), {"year": 2026})
    assert response.status_code == 200
    rows = {r.official.name: (r.total, r.unit_rank) for r in response.context["rows"]}
    assert rows["张建国"] == (Decimal("8.0"), 1)
    assert rows["赵同事"] == (Decimal("4.0"), 2) and rows["钱并列"] == (Decimal("4.0"), 2)
    assert rows["李红梅"] == (Decimal("0"), 1)  # alone in its unit
    assert FOREIGN_MARKER not in response.content.decode()
    assert "登记学习积分" not in response.content.decode()  # leaders read only


def test_staff_add_an_activity_and_a_bad_one_names_the_field(client, world):
    client.force_login(world.users["staff"])
    bad = client.post(reverse("growth:activity_new"), {"official": world.own_official.pk, "held_on": "2026-02-30",
                                                       "kind": "training", "title": "x"})
    assert bad.status_code == 400 and bad.context["form"].errors.keys() == {"held_on"}
    foreign = client.post(reverse("growth:activity_new"), {"official": world.foreign_official.pk,
                                                           "held_on": "2026-02-03", "kind": "training", "title": "x"})
    assert foreign.status_code == 400 and "official" in foreign.context["form"].errors
    ok = client.post(reverse("growth:activity_new"), {"official": world.own_official.pk, "held_on": "2026-02-03",
                                                      "kind": "lecture", "title": "书记讲业务"})
    assert ok.status_code == 302
    assert LearningActivity.objects.get().points == Decimal("3")


def _filled_template(client, world, rows) -> io.BytesIO:
    template = client.get(reverse("growth:points_template"), {"district": world.own.pk})
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    sheet = book["学习积分"]
    names = [sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)]
    assert set(names) == {"张建国", "李红梅"}
    out = Workbook()
    ws = out.active
    ws.title = "学习积分"
    ws.append(["标题"])
    ws.append([c.value for c in sheet[2]])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    out.save(buffer)
    buffer.seek(0)
    buffer.name = "积分.xlsx"
    return buffer


def test_an_import_with_one_bad_row_writes_nothing_and_names_row_and_column(client, world):
    client.force_login(world.users["staff"])
    upload = _filled_template(client, world, [
        [world.own_official.pk, "张建国", "区人社局", datetime.date(2026, 3, 1), "培训", "党校培训", 2, ""],
        [None, "李红梅", "辽宁路街道", "2026-03-05", "授课", "书记讲业务", None, ""],
        [world.foreign_official.pk, "", "", "2026-03-05", "培训", "x", 1, ""],
        [None, "李红梅", "辽宁路街道", "2026-03-05", "游泳", "x", 500, ""],
    ])
    response = client.post(reverse("growth:points_import"), {"district": world.own.pk, "file": upload})
    assert response.status_code == 400
    problems = {(p.row, p.column) for p in response.context["problems"]}
    assert {(5, "A"), (6, "E"), (6, "G")} <= problems
    assert not LearningActivity.objects.exists()


def test_a_clean_import_records_every_row_with_default_points(client, world):
    client.force_login(world.users["staff"])
    upload = _filled_template(client, world, [
        [world.own_official.pk, "张建国", "区人社局", datetime.date(2026, 3, 1), "培训", "党校培训", 2.5, "结业证"],
        [None, "李红梅", "辽宁路街道", "2026-03-05", "授课（书记讲业务）", "书记讲业务", None, ""],
        [world.own_official.pk, "张建国", "区人社局", None, None, None, None, None],  # left empty
    ])
    response = client.post(reverse("growth:points_import"), {"district": world.own.pk, "file": upload})
    assert response.status_code == 302, response.context and response.context["problems"]
    assert sorted(LearningActivity.objects.values_list("official__name", "points")) == [
        ("张建国", Decimal("2.5")), ("李红梅", Decimal("3.0"))]
    assert "积分.xlsx" in LearningActivity.objects.first().history.latest().history_change_reason


def test_the_api_records_with_default_points_updates_with_audit_and_lists_in_few_queries(
        api, world, django_assert_max_num_queries):
    staff = api.as_(world.users["staff"])
    created = staff.post("/api/v1/learning-activities/", {
        "official": world.own_official.pk, "held_on": "2026-03-02", "kind": "qualification", "title": "注册会计师"},
        format="json")
    assert created.status_code == 201, created.content
    assert created.json()["points"] == "8.0" and created.json()["district"] == world.own.pk
    changed = staff.patch(f"/api/v1/learning-activities/{created.json()['id']}/", {"points": "6.5"}, format="json")
    assert changed.status_code == 200 and changed.json()["points"] == "6.5"
    assert LearningActivity.objects.get().history.count() == 2
    bad = staff.post("/api/v1/learning-activities/", {"official": world.foreign_official.pk, "held_on": "2026-03-02",
                                                      "kind": "nope", "title": ""}, format="json")
    assert bad.status_code == 400 and {"official", "kind", "title"} <= set(bad.json()["errors"])
    for _ in range(5):
        record(world, world.other_official)
    with django_assert_max_num_queries(6):
        listed = staff.get("/api/v1/learning-activities/")
    assert listed.json()["count"] == 6
    assert api.as_(world.users["foreign_staff"]).get("/api/v1/learning-activities/").json()["count"] == 0
    assert api.as_(world.users["official"]).get("/api/v1/learning-activities/").json()["count"] == 1
