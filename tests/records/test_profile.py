"""Records' profile sections: supervision entries (internal ones hidden from the official) and
tolerance decisions with the clearing-of-name note, in a fixed number of queries."""
import datetime

import pytest
from django.template.loader import render_to_string

from core.profile_sections import providers
from evaluations import services as evaluation_services
from evaluations.models import ListItem
from records import profile, services

pytestmark = pytest.mark.django_db


def record(world, n=0, **extra):
    values = {"summary": f"报道{n}", **extra}
    return services.supervision_entry_record(
        actor=world.users["staff"], official=world.own_official, kind="media_report",
        occurred_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n), source="报社", **values)


def test_the_sections_are_registered():
    assert profile.supervision_section in providers() and profile.tolerance_section in providers()


def test_the_official_does_not_see_internal_entries_on_its_profile(world):
    record(world, 0)
    record(world, 1, internal=True, summary="内部线索")
    for_staff = profile.supervision_section(official=world.own_official, viewer=world.users["staff"], years=None)
    for_self = profile.supervision_section(official=world.own_official, viewer=world.users["official"], years=None)
    assert len(for_staff.context["entries"]) == 2
    assert [e.summary for e in for_self.context["entries"]] == ["报道0"]


def test_years_filter_the_entries(world):
    record(world, 0)
    assert profile.supervision_section(official=world.own_official, viewer=world.users["staff"], years=[2025]) \
        is None


def test_the_clearing_of_name_note_shows(world):
    from cycles.models import Cycle

    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    world.own_cycle.refresh_from_db()
    entry = evaluation_services.list_entry_add(actor=world.users["staff"], official=world.own_official,
                                               cycle=world.own_cycle, item=ListItem.objects.get(code="N07"))
    services.tolerance_decision_record(
        actor=world.users["staff"], official=world.own_official, cycle=world.own_cycle, list_entry=entry,
        grounds="因公失误", decided_by="区纪委监委", approved_on=datetime.date(2026, 10, 1), clears_name=True,
        note="经核查，反映问题失实，予以澄清正名")
    section = profile.tolerance_section(official=world.own_official, viewer=world.users["official"], years=None)
    html = render_to_string(section.template, {"section": section, "official": world.own_official})
    assert "澄清正名" in html and "经核查，反映问题失实" in html


def test_another_districts_staff_see_nothing(world):
    record(world, 0)
    assert profile.supervision_section(official=world.own_official, viewer=world.users["foreign_staff"],
                                       years=None) is None


@pytest.mark.parametrize("count", [2, 25])
def test_the_sections_run_a_fixed_number_of_queries(world, count, django_assert_max_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for n in range(count):
        record(world, n, files=[SimpleUploadedFile(f"{n}.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32,
                                                   content_type="image/png")])
        entry = record(world, 100 + n)
        services.tolerance_decision_record(actor=world.users["staff"], official=world.own_official,
                                           cycle=world.own_cycle, supervision_entry=entry, grounds="g",
                                           decided_by="d", approved_on=datetime.date(2026, 10, 1))
    viewer = world.users["staff"]
    with django_assert_max_num_queries(4):
        s = profile.supervision_section(official=world.own_official, viewer=viewer, years=None)
        t = profile.tolerance_section(official=world.own_official, viewer=viewer, years=None)
        html = render_to_string(s.template, {"section": s}) + render_to_string(t.template, {"section": t})
    assert html.count("<li class=\"rc-profile-item\"") == 3 * count
