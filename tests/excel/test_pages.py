"""The Excel page: exports to download, imports with their templates, the table of problems of
a refused file, and background exports with a progress bar and a download only the requester's
role and district can open."""
import io

import pytest

from accounts.models import Role
from evaluations.models import QuarterlyScore
from excel import layouts
from excel.models import ExportFile, ImportRecord
from tests.factories import UserFactory
from tests.fixtures.excel import workbook_of, xlsx

pytestmark = pytest.mark.django_db


def _url(cycle):
    return f"/excel/cycles/{cycle.pk}/"


def test_staff_page_offers_every_export_and_import(world, scored_year, staff_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = staff_client.get(_url(world.own_cycle))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("考评结果报告", "季度评分表", "履职践诺目标登记表", "干部名册", "单位综合绩效考核得分表",
                  "多维测评得分表", "政治素质测评表"):
        assert title in html
    # in_progress: officials, pledges and quarterly scores; the year-end sheets say why not yet
    assert html.count('type="file"') == 3
    assert html.count("不能录入单位综合绩效") == 1 and html.count("不能录入多维测评") == 1
    assert html.count("不能录入政治素质测评") == 1
    assert f"/excel/cycles/{world.own_cycle.pk}/exports/quarterly-scores.xlsx" in html
    assert "外区机密" not in html


def test_a_finalized_cycle_offers_only_the_roster_import(world, full_year, staff_client):
    from cycles.models import Cycle

    Cycle.objects.filter(pk=full_year.pk).update(state="finalized")
    html = staff_client.get(_url(full_year)).content.decode()
    assert html.count('type="file"') == 1 and 'id="file-officials"' in html
    assert "“已定档”阶段" in html


def test_page_queries_do_not_grow_with_the_data(world, scored_year, staff_client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        staff_client.get(_url(world.own_cycle))
    from tests.factories import OfficialFactory
    for n in range(5):
        OfficialFactory(unit=world.own_unit, name=f"新干部{n}")
    with django_assert_num_queries(len(few)):
        staff_client.get(_url(world.own_cycle))


def test_leader_exports_but_does_not_import_official_and_foreign_are_kept_out(world, scored_year, client):
    client.force_login(world.users["leader"])
    response = client.get(_url(world.own_cycle))
    assert response.status_code == 200 and 'type="file"' not in response.content.decode()
    book = workbook_of(client.get(f"/excel/cycles/{world.own_cycle.pk}/exports/pledges.xlsx"))
    assert book.worksheets[0].title == "履职践诺目标"
    upload = xlsx([[1]], header_row=["目标编号"])
    assert client.post(f"/excel/cycles/{world.own_cycle.pk}/imports/quarterly-scores/",
                       {"file": upload}).status_code == 403
    client.force_login(world.users["official"])
    assert client.get(_url(world.own_cycle)).status_code == 403
    assert client.get(f"/excel/cycles/{world.own_cycle.pk}/exports/results.xlsx").status_code == 403
    client.force_login(world.users["foreign_staff"])
    assert client.get(_url(world.own_cycle)).status_code == 404
    assert client.get(f"/excel/cycles/{world.own_cycle.pk}/exports/results.xlsx").status_code == 404


def test_a_refused_file_shows_every_problem_in_a_table(world, scored_year, staff_client):
    pledge = scored_year[world.own_official.pk][0]
    rows = [[pledge.pk, "", "", "", "", 1, "", 130, None, None, None, None],
            [pledge.pk, "", "", "", "", 2, "", None, "Z", None, None, None]]
    upload = xlsx(rows, title="季度评分", header_row=layouts.QUARTERLY_SCORES.headers)
    response = staff_client.post(f"/excel/cycles/{world.own_cycle.pk}/imports/quarterly-scores/", {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "导入失败" in html and "共 2 处问题" in html and "未写入任何数据" in html
    assert "<td>季度评分</td><td class=\"num\">3</td><td>H</td>" in html
    assert "<td class=\"num\">4</td><td>I</td>" in html
    assert QuarterlyScore.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_explained_on_the_page(world, scored_year, staff_client):
    upload = io.BytesIO(b"name,score\n")
    upload.name = "scores.xlsx"
    response = staff_client.post(f"/excel/cycles/{world.own_cycle.pk}/imports/quarterly-scores/", {"file": upload})
    assert response.status_code == 400 and "不是有效的 Excel 文件" in response.content.decode()


def test_a_good_file_imports_and_says_how_many_rows(world, scored_year, staff_client):
    rows = [[p.pk, "", "", "", "", 1, "", 88, None, None, None, None] for p in scored_year[world.own_official.pk]]
    upload = xlsx(rows, header_row=layouts.QUARTERLY_SCORES.headers)
    response = staff_client.post(f"/excel/cycles/{world.own_cycle.pk}/imports/quarterly-scores/", {"file": upload},
                                 follow=True)
    html = response.content.decode()
    assert "导入完成：3 行，新增 3 条，修改 0 条" in html
    assert "upload.xlsx" in html  # the recent imports table
    assert ImportRecord.objects.get().rows == 3


def test_political_reviews_import_on_the_page_lists_the_problems_then_imports(world, scored_year, staff_client):
    from cycles.models import Cycle
    from evaluations.models import PoliticalReview

    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    url = f"/excel/cycles/{world.own_cycle.pk}/imports/political-reviews/"
    rows = [[world.own_official.pk, "张建国", "区人社局", "合格", None],
            [world.other_official.pk, "李红梅", "辽宁路街道", "不合格", None]]
    upload = xlsx(rows, title="政治素质测评", header_row=layouts.POLITICAL_REVIEWS.headers)
    refused = staff_client.post(url, {"file": upload})
    assert refused.status_code == 400
    assert "<td>政治素质测评</td><td class=\"num\">4</td><td>E</td>" in refused.content.decode()
    assert not PoliticalReview.objects.exists()

    rows[1][4] = "经查不合格"
    upload = xlsx(rows, title="政治素质测评", header_row=layouts.POLITICAL_REVIEWS.headers)
    done = staff_client.post(url, {"file": upload}, follow=True)
    assert "“政治素质测评表”导入完成：2 行，新增 2 条，修改 0 条" in done.content.decode()
    assert PoliticalReview.objects.get(official=world.other_official).note == "经查不合格"


def test_a_large_export_runs_in_the_background_with_a_download_for_its_role(world, scored_year, staff_client, client,
                                                                            settings, api):
    settings.EXPORT_INLINE_MAX_ROWS = 5
    cycle = world.own_cycle
    page = staff_client.get(_url(cycle)).content.decode()
    assert "后台生成" in page
    response = staff_client.post(f"/excel/cycles/{cycle.pk}/exports/quarterly-scores/start/", {"quarter": "2"})
    assert response.status_code == 302
    record = ExportFile.objects.get()
    assert response["Location"].endswith(f"?export={record.pk}#exports")
    page = staff_client.get(response["Location"]).content.decode()
    assert "ev-task" in page and "已生成" in page and f"/excel/downloads/{record.pk}/" in page
    status = api.as_(world.users["staff"]).get(f"/api/v1/tasks/{record.task_id}/").json()
    assert status["state"] == "success" and status["result"]["download"] == f"/excel/downloads/{record.pk}/"
    book = workbook_of(staff_client.get(f"/excel/downloads/{record.pk}/"))
    assert {r[5] for r in book.worksheets[0].iter_rows(min_row=3, values_only=True)} == {2}
    # another staff member of the district may take it; a leader of it, or foreign staff, may not
    colleague = UserFactory(username="staff2", role=Role.STAFF, districts=[world.own])
    client.force_login(colleague)
    assert client.get(f"/excel/downloads/{record.pk}/").status_code == 200
    for user in (world.users["leader"], world.users["foreign_staff"]):
        client.force_login(user)
        assert client.get(f"/excel/downloads/{record.pk}/").status_code == 404
        assert api.as_(user).get(f"/api/v1/exports/{record.pk}/download/").status_code == 404
    client.force_login(world.users["official"])
    assert client.get(f"/excel/downloads/{record.pk}/").status_code == 403
    assert api.as_(world.users["staff"]).get(f"/api/v1/exports/{record.pk}/download/").status_code == 200


def test_background_export_over_the_api(world, scored_year, api):
    staff = api.as_(world.users["staff"])
    response = staff.post(f"/api/v1/cycles/{world.own_cycle.pk}/exports/results/")
    assert response.status_code == 202
    assert staff.get(f"/api/v1/tasks/{response.json()['task_id']}/").json()["state"] == "success"
    official = api.as_(world.users["official"])
    assert official.post(f"/api/v1/cycles/{world.own_cycle.pk}/exports/results/").status_code == 403


def test_old_background_exports_are_pruned_with_their_files(world, scored_year, api):
    import datetime

    from django.utils import timezone

    from excel.tasks import prune_export_files_task

    staff = api.as_(world.users["staff"])
    staff.post(f"/api/v1/cycles/{world.own_cycle.pk}/exports/pledges/")
    staff.post(f"/api/v1/cycles/{world.own_cycle.pk}/exports/officials/")
    old, fresh = ExportFile.objects.order_by("pk")
    ExportFile.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    path = old.file.path
    assert prune_export_files_task.delay().get() == 1
    assert list(ExportFile.objects.all()) == [fresh]
    import os
    assert not os.path.exists(path) and os.path.exists(fresh.file.path)
    assert prune_export_files_task.delay().get() == 0


def test_exports_downloads_and_imports_are_in_the_audit_log(world, scored_year, staff_client, settings):
    from accounts.models import AuditEvent

    cycle = world.own_cycle
    staff_client.get(f"/excel/cycles/{cycle.pk}/exports/results.xlsx", {"protect": "1"})
    staff_client.post(f"/excel/cycles/{cycle.pk}/exports/pledges/start/")
    record = ExportFile.objects.get()
    staff_client.get(f"/excel/downloads/{record.pk}/")
    rows = [[p.pk, "", "", "", "", 1, "", 88, None, None, None, None] for p in scored_year[world.own_official.pk]]
    staff_client.post(f"/excel/cycles/{cycle.pk}/imports/quarterly-scores/",
                      {"file": xlsx(rows, header_row=layouts.QUARTERLY_SCORES.headers)})
    bad = io.BytesIO(b"a,b\n")
    bad.name = "evil.xlsx"
    staff_client.post(f"/excel/cycles/{cycle.pk}/imports/quarterly-scores/", {"file": bad})
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "actor_username", "target", "detail"))
    actions = [e[0] for e in events]
    assert actions == ["export", "export", "export_download", "import", "import_refused"]
    assert all(e[1] == "staff1" for e in events)
    assert events[0][2] == f"cycle {cycle.pk} results.xlsx" and "protect" in events[0][3]
    assert "upload.xlsx" in events[3][3] and "新增 3" in events[3][3]
    assert "evil.xlsx" in events[4][3] and "CSV" in events[4][3]


@pytest.mark.parametrize("export", ["²", "٣", "9" * 30, "-1", "x"])
def test_an_odd_export_parameter_shows_the_page_without_a_panel(world, scored_year, staff_client, export):
    response = staff_client.get(f"/excel/cycles/{world.own_cycle.pk}/", {"export": export})
    assert response.status_code == 200
