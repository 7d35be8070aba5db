"""Migrations work on a database that already exists: a database of the layout before the
redesign (Cycle and TaskRecord in evaluations) migrates to today's, keeping every row, id,
foreign key, history row, content type, permission and admin log entry of the moved models.
`scripts/migrate_from.sh` does the same with the whole demo built by the old code."""
import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

# The newest migrations of each app before the redesign (main at 33789cb).
BEFORE = [
    ("accounts", "0003_auditevent"), ("org", "0001_initial"), ("evaluations", "0003_scores_results"),
    ("pledges", "0002_blank_actors"), ("boards", "0002_board_withdrawn"), ("excel", "0001_initial"),
    # apps born after the redesign start empty
    ("cycles", None), ("appeals", None), ("surveys", None), ("growth", None), ("records", None),
    ("development", None),
]


def _migrate(targets):
    """Migrate to `targets` (other apps stay at their newest) and answer the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    named = {app for app, _name in targets}
    nodes = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in named] + [n for n in targets if n[1]]
    return executor.loader.project_state(nodes, at_end=True).apps


def _old_rows(old):
    """What a department's database of the old layout holds, written through its own models."""
    ContentType, Permission = old.get_model("contenttypes", "ContentType"), old.get_model("auth", "Permission")
    LogEntry = old.get_model("admin", "LogEntry")
    User = old.get_model("accounts", "User")
    District, Unit, Official = (old.get_model("org", m) for m in ("District", "Unit", "Official"))
    Cycle, HistoricalCycle = old.get_model("evaluations", "Cycle"), old.get_model("evaluations", "HistoricalCycle")
    TaskRecord, Result = old.get_model("evaluations", "TaskRecord"), old.get_model("evaluations", "Result")
    Pledge, Board = old.get_model("pledges", "Pledge"), old.get_model("boards", "Board")
    ExportFile = old.get_model("excel", "ExportFile")

    district = District.objects.create(name="市北区", code="shibei")
    unit = Unit.objects.create(district=district, name="区人社局", kind="department")
    official = Official.objects.create(unit=unit, name="张建国", position="局长", rank_level="division_chief",
                                       appointed_on=datetime.date(2024, 3, 1))
    staff = User.objects.create(username="staff", role="staff")
    staff.districts.add(district)
    cycle = Cycle.objects.create(district=district, year=2025, state="finalized", settings={"bonus_cap": 3},
                                 pledge_deadline=datetime.date(2025, 1, 31))
    HistoricalCycle.objects.create(id=cycle.pk, district=district, year=2025, state="finalized", settings={},
                                   pledge_deadline=cycle.pledge_deadline, history_date=datetime.datetime(
                                       2025, 12, 30, tzinfo=datetime.timezone.utc), history_type="~",
                                   history_user=staff, history_change_reason="定档")
    pledge = Pledge.objects.create(cycle=cycle, official=official, kind="annual", category="key_work",
                                   title="新增就业岗位", content="全年新增就业岗位", target="2000 个",
                                   milestones=[], status="draft", due_on=cycle.pledge_deadline)
    result = Result.objects.create(cycle=cycle, official=official, unit=unit, grade="good",
                                   computed_at=datetime.datetime(2025, 12, 30, tzinfo=datetime.timezone.utc))
    board = Board.objects.create(cycle=cycle)
    task = TaskRecord.objects.create(task_id="0f0e0d0c-0b0a-4908-8706-050403020100", kind="compute", cycle=cycle,
                                     requested_by=staff)
    export = ExportFile.objects.create(task_id="1f0e0d0c-0b0a-4908-8706-050403020100", cycle=cycle, name="results",
                                       requested_by=staff, role="staff")
    cycle_type = ContentType.objects.get_or_create(app_label="evaluations", model="cycle")[0]
    permission = Permission.objects.get_or_create(content_type=cycle_type, codename="change_cycle",
                                                  defaults={"name": "Can change 考核年度"})[0]
    staff.user_permissions.add(permission)
    LogEntry.objects.create(user=staff, content_type=cycle_type, object_id=str(cycle.pk), object_repr="2025",
                            action_flag=2, change_message="[]", action_time=datetime.datetime(
                                2025, 12, 30, tzinfo=datetime.timezone.utc))
    return {"cycle": cycle.pk, "pledge": pledge.pk, "result": result.pk, "board": board.pk, "task": task.task_id,
            "export": export.pk, "content_type": cycle_type.pk, "permission": permission.pk}


def test_a_database_of_the_old_layout_migrates_keeping_every_row_and_link():
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import User
    from boards.models import Board
    from cycles.models import Cycle, TaskRecord
    from evaluations.models import Result
    from excel.models import ExportFile
    from pledges.models import Pledge

    # given: the database as the old code left it
    old = _migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert "evaluations_cycle" in tables and "cycles_cycle" not in tables
        ids = _old_rows(old)
    finally:
        # when: today's migrations run over it
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    # then: the tables have the cycles app's names and hold the same rows
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert {"cycles_cycle", "cycles_historicalcycle", "cycles_taskrecord"} <= set(tables)
    assert not {"evaluations_cycle", "evaluations_historicalcycle", "evaluations_taskrecord"} & set(tables)
    cycle = Cycle.objects.get(pk=ids["cycle"])
    # the settings keep what they had; a setting added since (new_in_post_months) gets its default
    assert (cycle.year, cycle.state, cycle.settings) == (2025, "finalized", {
        "bonus_cap": 3, "new_in_post_months": 6, "appeal_days": 30, "appeal_decide_days": 30})
    assert cycle.history.get().history_change_reason == "定档"
    assert Pledge.objects.get(pk=ids["pledge"]).cycle == cycle
    assert Result.objects.get(pk=ids["result"]).cycle == cycle
    assert Board.objects.get(pk=ids["board"]).cycle == cycle
    assert ExportFile.objects.get(pk=ids["export"]).cycle == cycle
    assert TaskRecord.objects.get(task_id=ids["task"]).cycle == cycle
    # the content type is the old one, relabelled: the permission and the admin log follow it
    content_type = ContentType.objects.get(pk=ids["content_type"])
    assert (content_type.app_label, content_type.model) == ("cycles", "cycle")
    assert ContentType.objects.get_for_model(Cycle).pk == ids["content_type"]
    assert not ContentType.objects.filter(app_label="evaluations", model__in=["cycle", "taskrecord"]).exists()
    assert Permission.objects.get(pk=ids["permission"]).content_type_id == ids["content_type"]
    assert User.objects.get(username="staff").has_perm("cycles.change_cycle")
    assert LogEntry.objects.get(object_id=str(cycle.pk)).get_edited_object() == cycle
    # and new rows get fresh ids after the old ones (the sequences came along with the tables)
    assert Cycle.objects.create(district=cycle.district, year=2026,
                                pledge_deadline=datetime.date(2026, 1, 31)).pk > cycle.pk


def test_the_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
