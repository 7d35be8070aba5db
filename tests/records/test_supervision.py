"""Supervision information: recording through the service, the API and the pages; the proposal
of a negative list entry; scoping, including an official who moved to another district."""
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cycles.models import Cycle
from evaluations.models import ListEntry, ListItem
from records import services
from records.models import SupervisionEntry
from records.signals import supervision_entry_recorded
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def record(world, official=None, **extra):
    values = dict(kind="petition", occurred_on=datetime.date(2026, 3, 2), source="区信访局",
                  summary="群众反映拆迁补偿问题", severity="attention")
    values.update(extra)
    return services.supervision_entry_record(actor=world.users["staff"], official=official or world.own_official,
                                             **values)


def test_an_entry_belongs_to_the_district_where_it_was_recorded(world):
    entry = record(world)
    assert entry.district == world.own
    assert entry.history.latest().history_user == world.users["staff"]


def test_the_signal_is_sent_on_commit_with_the_entry(world, django_capture_on_commit_callbacks):
    seen = []

    def receiver(sender, entry, **kwargs):
        seen.append(entry)

    supervision_entry_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            entry = record(world, severity="warning")
        assert seen == []  # not before the commit
        for callback in callbacks:
            callback()
    finally:
        supervision_entry_recorded.disconnect(receiver)
    assert seen == [entry]


def test_a_proposed_negative_entry_is_recorded_when_staff_confirm(world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="in_progress")
    world.own_cycle.refresh_from_db()
    entry = record(world, proposed_item=ListItem.objects.get(code="N07"), proposed_cycle=world.own_cycle)
    assert not ListEntry.objects.exists()
    list_entry = services.supervision_proposal_confirm(actor=world.users["staff"], entry=entry)
    entry.refresh_from_db()
    assert entry.list_entry == list_entry and list_entry.item_id == "N07" and list_entry.cycle == world.own_cycle
    assert list_entry.history.latest().history_user == world.users["staff"]
    assert not entry.proposal_open


def test_a_proposal_in_a_cycle_that_takes_no_list_entries_is_refused_and_nothing_written(world):
    from django.core.exceptions import ValidationError

    entry = record(world, proposed_item=ListItem.objects.get(code="N07"), proposed_cycle=world.own_cycle)  # planning
    with pytest.raises(ValidationError):
        services.supervision_proposal_confirm(actor=world.users["staff"], entry=entry)
    entry.refresh_from_db()
    assert entry.list_entry is None and not ListEntry.objects.exists()


def test_only_a_negative_item_may_be_proposed(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        record(world, proposed_item=ListItem.objects.get(code="P01"), proposed_cycle=world.own_cycle)
    assert "proposed_item" in refused.value.message_dict


# --- the API -------------------------------------------------------------------------------------------


def test_the_api_has_the_contract_fields(api, world):
    record(world)
    body = api.as_(world.users["staff"]).get("/api/v1/supervision-entries/").json()["results"][0]
    for field in ["id", "official", "district", "kind", "occurred_on", "source", "summary", "severity",
                  "attachments"]:
        assert field in body
    assert body["district"] == world.own.pk


def test_staff_record_an_entry_with_attachments_over_the_api(api, world):
    upload = SimpleUploadedFile("通报.png", PNG, content_type="image/png")
    response = api.as_(world.users["staff"]).post("/api/v1/supervision-entries/", {
        "official": world.own_official.pk, "kind": "safety_notice", "occurred_on": "2026-04-01",
        "source": "区应急局", "summary": "安全生产检查发现隐患", "severity": "warning", "files": [upload]},
        format="multipart")
    assert response.status_code == 201, response.json()
    assert [a["original_name"] for a in response.json()["attachments"]] == ["通报.png"]


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_written(api, world):
    upload = SimpleUploadedFile("通报.pdf", PNG, content_type="application/pdf")
    response = api.as_(world.users["staff"]).post("/api/v1/supervision-entries/", {
        "official": world.own_official.pk, "kind": "other", "occurred_on": "2026-04-01", "source": "s",
        "summary": "x", "files": [upload]}, format="multipart")
    assert response.status_code == 400 and "attachments" in response.json()["errors"]
    assert not SupervisionEntry.objects.exists()


@pytest.mark.parametrize("payload,field", [
    ({"kind": "rumour"}, "kind"), ({"severity": "red"}, "severity"), ({"occurred_on": "2026-13-01"}, "occurred_on"),
    ({"occurred_on": "2099-01-01"}, "occurred_on"), ({"summary": ""}, "summary"),
    ({"proposed_item": "P01", "proposed_cycle": None}, "proposed_item"), ({"official": 10**6}, "official"),
])
def test_bad_input_is_a_400_naming_the_field(api, world, payload, field):
    body = {"official": world.own_official.pk, "kind": "other", "occurred_on": "2026-04-01", "source": "s",
            "summary": "x", **payload}
    response = api.as_(world.users["staff"]).post("/api/v1/supervision-entries/", body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"], response.json()
    assert not SupervisionEntry.objects.exists()


def test_leaders_read_but_do_not_write(api, world):
    entry = record(world)
    client = api.as_(world.users["leader"])
    assert client.get("/api/v1/supervision-entries/").json()["count"] == 1
    assert client.patch(f"/api/v1/supervision-entries/{entry.pk}/", {"summary": "改"}, format="json") \
        .status_code == 403
    assert client.post("/api/v1/supervision-entries/", {}, format="json").status_code == 403


def test_the_official_sees_its_own_entries_but_not_internal_ones(api, world):
    shown = record(world)
    record(world, internal=True, summary="内部掌握的线索")
    record(world, official=world.other_official)
    rows = api.as_(world.users["official"]).get("/api/v1/supervision-entries/").json()["results"]
    assert [r["id"] for r in rows] == [shown.pk]


def test_staff_change_an_entry_and_confirm_its_proposal_over_the_api(api, world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    entry = record(world)
    client = api.as_(world.users["staff"])
    changed = client.patch(f"/api/v1/supervision-entries/{entry.pk}/", {
        "severity": "warning", "proposed_item": "N07", "proposed_cycle": world.own_cycle.pk}, format="json")
    assert changed.status_code == 200, changed.json()
    confirmed = client.post(f"/api/v1/supervision-entries/{entry.pk}/confirm-proposal/", {}, format="json")
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["list_entry"] == ListEntry.objects.get(official=world.own_official).pk
    again = client.post(f"/api/v1/supervision-entries/{entry.pk}/confirm-proposal/", {}, format="json")
    assert again.status_code == 400


def test_deleting_needs_a_reason(api, world):
    entry = record(world)
    client = api.as_(world.users["staff"])
    assert client.delete(f"/api/v1/supervision-entries/{entry.pk}/").status_code == 400
    assert client.delete(f"/api/v1/supervision-entries/{entry.pk}/?reason=录入错误").status_code == 204
    assert not SupervisionEntry.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_api_list_runs_a_bounded_number_of_queries(api, world, count, django_assert_max_num_queries):
    for n in range(count):
        entry = record(world, summary=f"第{n}条")
        services.supervision_entry_update(actor=world.users["staff"], entry=entry, files=[
            SimpleUploadedFile(f"f{n}.png", PNG, content_type="image/png")])
    client = api.as_(world.users["staff"])
    with django_assert_max_num_queries(5):  # 4 measured: token, count, rows, attachments
        response = client.get("/api/v1/supervision-entries/", {"page_size": 100})
    assert response.json()["count"] == count


# --- scoping: a moved official -------------------------------------------------------------------------


def test_entries_stay_with_the_district_where_they_were_recorded_when_the_official_moves(api, world):
    # given: an entry recorded in the own district, then the official moves to the foreign district
    old = record(world, summary="调出前的信访件")
    api.as_(world.users["admin"]).patch(f"/api/v1/officials/{world.own_official.pk}/", {
        "unit": world.foreign_unit.pk, "appointed_on": "2026-07-01", "reason": "调任"}, format="json")
    world.own_official.refresh_from_db()
    assert world.own_official.unit.district == world.foreign
    # when: the new district records one of its own
    new = services.supervision_entry_record(
        actor=world.users["foreign_staff"], official=world.own_official, kind="media_report",
        occurred_on=datetime.date(2026, 8, 1), source="新区日报", summary="调入后的报道")
    # then
    assert (old.district, new.district) == (world.own, world.foreign)
    assert [r["id"] for r in api.as_(world.users["staff"]).get("/api/v1/supervision-entries/").json()["results"]] \
        == [old.pk]
    assert [r["id"] for r in api.as_(world.users["foreign_staff"]).get("/api/v1/supervision-entries/")
            .json()["results"]] == [new.pk]
    foreign = api.as_(world.users["foreign_staff"])
    assert foreign.get(f"/api/v1/supervision-entries/{old.pk}/").status_code == 404
    assert foreign.patch(f"/api/v1/supervision-entries/{old.pk}/", {"summary": "改"}, format="json") \
        .status_code == 404
    assert api.as_(world.users["leader"]).get(f"/api/v1/supervision-entries/{old.pk}/").status_code == 200


def test_foreign_staff_cannot_record_about_another_districts_official(api, world):
    response = api.as_(world.users["foreign_staff"]).post("/api/v1/supervision-entries/", {
        "official": world.own_official.pk, "kind": "other", "occurred_on": "2026-04-01", "source": "s",
        "summary": "x"}, format="json")
    assert response.status_code == 400 and "official" in response.json()["errors"]


# --- pages ------------------------------------------------------------------------------------------


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["staff"])
    return client


@pytest.mark.parametrize("count", [3, 40])
def test_the_list_page_runs_a_bounded_number_of_queries(staff, world, count, django_assert_max_num_queries):
    for n in range(count):
        record(world, official=OfficialFactory(unit=world.own_unit, name=f"干部{n}"), summary=f"摘要{n}")
    with django_assert_max_num_queries(9):  # 8 measured, whatever the number of entries
        response = staff.get(reverse("records:entries"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/records/attachments/') == 0


def test_the_list_filters_by_kind_severity_official_and_dates(staff, world):
    record(world, kind="petition", severity="info", summary="甲条")
    record(world, kind="media_report", severity="warning", summary="乙条", occurred_on=datetime.date(2026, 6, 1))
    record(world, official=world.other_official, kind="media_report", summary="丙条")
    page = staff.get(reverse("records:entries"), {"kind": "media_report", "severity": "warning",
                                                  "official": world.own_official.pk, "start": "2026-05-01",
                                                  "end": "2026-06-30"}).content.decode()
    assert "乙条" in page and "甲条" not in page and "丙条" not in page


def test_a_bad_filter_is_ignored_not_a_500(staff, world):
    response = staff.get(reverse("records:entries"), {"start": "2026-99-01", "official": "x", "kind": "nope"})
    assert response.status_code == 200


def test_staff_add_an_entry_with_the_form(staff, world):
    upload = SimpleUploadedFile("批示.png", PNG, content_type="image/png")
    response = staff.post(reverse("records:entry_new"), {
        "official": world.own_official.pk, "kind": "superior_comment", "occurred_on": "2026-05-05",
        "severity": "info", "source": "市委领导批示", "summary": "工作成效明显", "files": [upload]})
    entry = SupervisionEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert entry.attachments.count() == 1
    detail = staff.get(entry.get_absolute_url()).content.decode()
    assert "工作成效明显" in detail and "批示.png" in detail


def test_the_form_shows_errors_on_the_fields(staff, world):
    response = staff.post(reverse("records:entry_new"), {
        "official": world.own_official.pk, "kind": "superior_comment", "occurred_on": "2099-05-05",
        "severity": "info", "source": "s", "summary": "x", "proposed_item": "N07"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "occurred_on" in form.errors or "proposed_cycle" in form.errors
    assert not SupervisionEntry.objects.exists()


def test_staff_edit_an_entry(staff, world):
    entry = record(world)
    response = staff.post(reverse("records:entry_edit", args=[entry.pk]), {
        "kind": "petition", "occurred_on": "2026-03-02", "severity": "warning", "source": "区信访局",
        "summary": "已核实"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.severity, entry.summary, entry.official) == ("warning", "已核实", world.own_official)


def test_leaders_read_the_pages_but_cannot_open_the_forms(client, world):
    entry = record(world)
    client.force_login(world.users["leader"])
    assert client.get(reverse("records:entries")).status_code == 200
    assert client.get(entry.get_absolute_url()).status_code == 200
    assert client.get(reverse("records:entry_new")).status_code == 403
    assert client.get(reverse("records:entry_edit", args=[entry.pk])).status_code == 403


def test_the_official_downloads_an_attachment_of_its_own_visible_entry_only(client, world):
    shown = record(world, files=[SimpleUploadedFile("a.png", PNG, content_type="image/png")])
    hidden = record(world, internal=True, files=[SimpleUploadedFile("b.png", PNG, content_type="image/png")])
    client.force_login(world.users["official"])
    assert client.get(reverse("records:attachment", args=[shown.attachments.get().pk])).status_code == 200
    assert client.get(reverse("records:attachment", args=[hidden.attachments.get().pk])).status_code == 404


def test_the_template_download_is_an_xlsx_with_the_columns(staff, world):
    from openpyxl import load_workbook

    response = staff.get(reverse("records:template"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    headers = [c.value for c in book["监督信息"][2]]
    assert headers[:5] == ["干部编号", "干部", "单位", "信息类别", "发生日期"]
