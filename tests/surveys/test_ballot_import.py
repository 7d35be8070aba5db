"""Paper ballots (光电扫描): the template the scanner fills and its import, with real .xlsx files.
Same rules as online ballots (valid share, one use per code, the officials a code covers) and the
same all-or-nothing error list as every import: a bad file answers 400 listing every problem by
row and column, and writes nothing."""
import io

import pytest
from openpyxl import Workbook, load_workbook

from surveys import ballot_import, services
from surveys.models import Answer, Ballot, BallotCode, Survey
from tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db
HEADER_ROW = 2  # below the title row


@pytest.fixture
def opened(world, survey):
    services.survey_open(actor=world.users["staff"], survey=survey)
    survey.refresh_from_db()
    return survey


def template(survey) -> Workbook:
    buffer = io.BytesIO()
    ballot_import.template_write(survey=survey, destination=buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def filled(survey, ballots: list[tuple[str, dict]]) -> io.BytesIO:
    """The template with `ballots` scanned in: (code, {official id: [mark per item]}), a row per
    official of each ballot (the template's blank rows left as they are, as a scanner would)."""
    book = template(survey)
    sheet = book["纸质测评票"]
    for code, marks in ballots:
        for official_id, values in marks.items():
            sheet.append([code, official_id, "", ""] + list(values))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "扫描结果.xlsx"
    return out


def upload(api, user, survey, file):
    return api.as_(user).post(f"/api/v1/surveys/{survey.pk}/imports/ballots/", {"file": file}, format="multipart")


def test_template_has_a_row_per_official_and_a_column_per_item_with_the_marks(world, survey, api):
    response = api.as_(world.users["staff"]).get(f"/api/v1/surveys/{survey.pk}/exports/ballots.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["纸质测评票"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[HEADER_ROW - 1] == ("票码", "干部编号", "干部姓名", "单位", "de 德：政治品质和道德品行",
                                    "neng 能：履职能力")
    officials = {(r[1], r[2]) for r in rows[HEADER_ROW:]}
    assert officials == {(o.pk, o.name) for o in survey.officials.all()}
    choices = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert '"好,较好,一般,差,不了解"' in choices
    assert "填写说明" in book.sheetnames


def test_political_template_offers_yes_and_no_for_reverse_items(world, political):
    sheet = template(political)["纸质测评票"]
    assert '"是,否,不了解"' in [v.formula1 for v in sheet.data_validations.dataValidation]


def test_template_and_import_are_for_the_districts_staff(world, survey, api):
    url = f"/api/v1/surveys/{survey.pk}/exports/ballots.xlsx"
    assert api.as_(world.users["leader"]).get(url).status_code == 403
    assert api.as_(world.users["foreign_staff"]).get(url).status_code == 404
    assert upload(api, world.users["official"], survey, filled(survey, [])).status_code in (403, 404)


def test_scanned_ballots_are_imported_valid_or_not_and_spend_their_codes(world, opened, api):
    a, b = opened.officials.order_by("pk")
    good, blank = services.codes_issue(actor=world.users["staff"], survey=opened, rater_group="peer", count=2)
    file = filled(opened, [
        (good.upper()[:4] + "-" + good.upper()[4:], {a.pk: ["好", "较好"], b.pk: ["一般", "不了解"]}),  # 3 of 4 known
        (blank, {a.pk: ["差", None]}),  # b has no row: 不了解 on both items → 1 of 4 known: invalid
    ])
    response = upload(api, world.users["staff"], opened, file)
    assert response.status_code == 200, response.json()
    assert response.json()["ballots"] == 2
    ballots = list(Ballot.objects.filter(survey=opened))
    assert sorted(b.valid for b in ballots) == [False, True]
    assert {b.source for b in ballots} == {"paper"} and {b.rater_group for b in ballots} == {"peer"}
    assert Answer.objects.filter(ballot__survey=opened).count() == 8  # every official × item of each ballot
    assert sorted(Answer.objects.filter(ballot__valid=True, official=a).values_list("points", flat=True)) == [85, 100]
    assert BallotCode.objects.filter(survey=opened, spent=False).count() == 0
    # the same file again: both codes are spent now
    file.seek(0)
    again = upload(api, world.users["staff"], opened, file)
    assert again.status_code == 400
    assert [e["message"] for e in again.json()["errors"]] == ["票码：票码无效或已使用。"] * 2
    # closing counts them: 2 codes, 1 valid ballot → under the 2/3 turnout
    services.survey_close(actor=world.users["staff"], survey=opened)
    result = opened.results.get(official=a, rater_group="peer")
    assert (result.codes_issued, result.ballots, result.valid_ballots, result.counted) == (2, 2, 1, False)


def test_a_bad_file_lists_every_problem_by_row_and_writes_nothing(world, opened, api, survey):
    a, b = opened.officials.order_by("pk")
    stranger = OfficialFactory(unit=UnitFactory(district=world.own))
    codes = services.codes_issue(actor=world.users["staff"], survey=opened, rater_group="superior", count=3)
    file = filled(opened, [
        (codes[0], {a.pk: ["好", "优秀"]}),  # row 5: not a mark
        (codes[1], {stranger.pk: ["好", "好"]}),  # row 6: not an official of the survey
        ("nosuchcode", {a.pk: ["好", "好"]}),  # row 7: unknown code
        (codes[2], {a.pk: ["好", "好"]}),  # row 8 …
        (codes[2], {a.pk: ["一般", "一般"]}),  # row 9: the same code and official again
        ("", {b.pk: ["好", "好"]}),  # row 10: marks without a code
        ("alsonosuchcode", {stranger.pk: ["很好", "好"]}),  # row 11: three problems in one row
    ])
    response = upload(api, world.users["staff"], opened, file)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "导入失败，共 8 处问题，未写入任何数据。"
    first = 2 + opened.officials.count() + 1  # title, header, the template's blank ballot
    found = [(e["row"] - first, e["column"], e["message"]) for e in body["errors"]]
    assert found == [
        (0, "F", "neng 能：履职能力：只能填写好、较好、一般、差、不了解之一，现为“优秀”。"),
        (1, "B", "干部编号：编号为 %s 的干部不在本次测评的被测评干部中。" % stranger.pk),
        (2, "A", "票码：票码无效或已使用。"),
        (4, "B", "干部编号：与第 %s 行重复（同一票码同一干部）。" % (first + 3)),
        (5, "A", "票码：有评价的行须填写票码。"),
        (6, "A", "票码：票码无效或已使用。"),
        (6, "B", "干部编号：编号为 %s 的干部不在本次测评的被测评干部中。" % stranger.pk),
        (6, "E", "de 德：政治品质和道德品行：只能填写好、较好、一般、差、不了解之一，现为“很好”。"),
    ]
    assert {e["sheet"] for e in body["errors"]} == {"纸质测评票"}
    assert not Ballot.objects.filter(survey=opened).exists()
    assert not BallotCode.objects.filter(survey=opened, spent=True).exists()


def test_a_code_restricted_to_a_unit_cannot_rate_other_officials(world, opened, api):
    a, b = opened.officials.order_by("pk")
    code, = services.codes_issue(actor=world.users["staff"], survey=opened, rater_group="subordinate", count=1,
                                 unit=a.unit)
    response = upload(api, world.users["staff"], opened, filled(opened, [(code, {a.pk: ["好", "好"],
                                                                                 b.pk: ["好", "好"]})]))
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == f"干部编号：该票码不能评价编号为 {b.pk} 的干部。"
    ok = upload(api, world.users["staff"], opened, filled(opened, [(code, {a.pk: ["好", "好"]})]))
    assert ok.status_code == 200 and Ballot.objects.get(survey=opened).valid


def test_a_survey_that_is_not_open_takes_no_paper_ballots(world, survey, api):
    response = upload(api, world.users["staff"], survey, filled(survey, []))
    assert response.status_code == 400
    error, = response.json()["errors"]
    assert error["row"] is None and "测评不在进行中" in error["message"]


def test_an_empty_template_is_refused_as_having_no_data(world, opened, api):
    book = Workbook()
    book.active.title = "纸质测评票"
    book.active.append(["票码", "干部编号", "de 德：政治品质和道德品行", "neng 能：履职能力"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "空.xlsx"
    response = upload(api, world.users["staff"], opened, out)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "表中没有数据行。"


def test_a_file_without_the_item_columns_is_refused(world, opened, api):
    book = Workbook()
    book.active.title = "纸质测评票"
    book.active.append(["票码", "干部编号"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "x.xlsx"
    response = upload(api, world.users["staff"], opened, out)
    assert response.status_code == 400 and "找不到表头" in response.json()["errors"][0]["message"]


def test_the_page_shows_every_problem_or_reports_the_import(world, opened, client):
    client.force_login(world.users["staff"])
    page = client.get(f"/surveys/{opened.pk}/imports/ballots/")
    assert page.status_code == 200 and "下载纸质票模板" in page.content.decode()
    a, _b = opened.officials.order_by("pk")
    bad = client.post(f"/surveys/{opened.pk}/imports/ballots/", {"file": filled(opened, [("nope", {a.pk: ["好",
                                                                                                        "好"]})])})
    assert bad.status_code == 400 and "票码无效或已使用" in bad.content.decode()
    code, = services.codes_issue(actor=world.users["staff"], survey=opened, rater_group="peer", count=1)
    done = client.post(f"/surveys/{opened.pk}/imports/ballots/", {"file": filled(opened, [(code, {a.pk: ["好",
                                                                                                        "好"]})])},
                       follow=True)
    assert "纸质票导入完成：1 张票" in done.content.decode()
    assert Survey.objects.get(pk=opened.pk).ballots.count() == 1
