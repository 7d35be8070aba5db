"""Walks every URL pattern the project has, as every role of one district and of another, plus
anonymous, and fails when a response shows the other district's data, when a foreign object is
readable or writable, when anything answers 5xx, or when a pattern cannot be exercised.

Nothing is hand-listed: patterns come from the resolver, and each URL parameter is filled from
its name and the view's model. A new pattern whose parameter this file cannot fill fails
`test_every_pattern_can_be_filled`, so no view escapes the walk.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.scoping import scope_for
from appeals.models import Appeal
from boards.models import Board, BoardVersion, Feedback
from cycles.models import Cycle, TaskRecord
from development.models import DueTalk, MentorPair, Placement, ReserveCategory, Talk
from evaluations.models import (
    Exemption,
    GradeOverride,
    ListEntry,
    ListItem,
    OutcomeExecution,
    PoliticalReview,
    QuarterlyScore,
    QuarterRelease,
    Result,
    SurveyScore,
    UnitScore,
)
from excel.models import ExportFile, ImportRecord
from growth.models import (
    Competency,
    CompetencyAssessment,
    CompetencyRequirement,
    ContestEvent,
    ContestParticipant,
    JudgeQuestion,
    JudgeScore,
    LearningActivity,
)
from notifications.models import Notification
from org.models import District, Official, Unit
from pledges.models import Evidence, Pledge, PledgeRevision, ProgressUpdate, Reminder
from records.models import Attachment, SupervisionEntry, ToleranceDecision
from surveys.models import BallotCode, Survey
from tests.factories import CycleFactory, DistrictFactory, OfficialFactory, UnitFactory, UserFactory
from tests.test_security import script_src

MARK = {"a": "【甲区数据】", "b": "【乙区数据】"}
ROLES = [Role.STAFF, Role.LEADER, Role.OFFICIAL]


# --- the patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    template: str  # the full pattern text, regex and route segments joined
    name: str | None  # namespaced name, e.g. "admin:org_unit_change"
    callback: object

    @property
    def id(self) -> str:
        return self.template


def _leaves(patterns, prefix="", namespace="") -> list[Leaf]:
    found = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            found += _leaves(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            found.append(Leaf(prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else None, p.callback))
    return found


LEAVES = _leaves(get_resolver().url_patterns)


def _model_of(leaf: Leaf):
    """The model whose objects fill this pattern's object parameters."""
    view_class = getattr(leaf.callback, "cls", None)
    if view_class is not None and getattr(view_class, "queryset", None) is not None:
        return view_class.queryset.model
    if view_class is not None and getattr(view_class, "model", None) is not None:
        return view_class.model
    if getattr(leaf.callback, "model", None) is not None:
        return leaf.callback.model  # a page view (accounts.access.about)
    model_admin = getattr(leaf.callback, "model_admin", None)
    if model_admin is not None:
        return model_admin.model
    if "content_type_id" in leaf.template:
        return Official  # admin "view on site": the content type we fill in is Official's
    # Admin views not wrapped by their ModelAdmin (the `<object_id>/` → change redirect,
    # simple-history's version view, the password form): the model from the path.
    match = re.match(r"admin/(\w+)/(\w+)/.*[<(]", leaf.template)
    if match:
        try:
            return apps.get_model(match.group(1), match.group(2))
        except LookupError:
            return None
    return None


def _is_system_model(model) -> bool:
    """Models outside district scoping (task results, schedules, lockout records, tokens):
    only system administrators may open them."""
    try:
        scope_for(model)
    except ImproperlyConfigured:
        return True
    return False


class Unfillable(Exception):
    pass


def _fill(leaf: Leaf, objects: dict) -> str:
    """Turn the pattern text into a concrete URL, filling each parameter from `objects`."""
    model = _model_of(leaf)

    def value(name: str | None) -> str:
        obj = objects["by_model"].get(model)
        if obj is None and model is not None and _is_system_model(model):
            return "1"  # a system row; what matters is that only the admin role gets in
        if name in ("pk", "object_id", "id", None) and obj is not None:
            return str(obj.pk)
        if name == "code" and model is ListItem:
            return "P01"
        if name == "code" and model is BallotCode:  # a plain ballot code (only its hash is stored)
            return objects["ballot_code"]
        if name == "version_id" and obj is not None:
            return str(obj.history.latest().history_id)
        if name == "format":
            return "json"
        if name == "app_label":
            return "org"
        if name == "content_type_id":
            return str(ContentType.objects.get_for_model(Official).pk)
        if name == "url":
            return "no-such-page/"
        if name == "task_id":
            return objects["by_model"][TaskRecord].task_id
        if name == "group_id":  # a group of tasks (compute all): none by that id, for anyone
            return objects["by_model"][TaskRecord].task_id
        if name == "district_code":
            return objects["district"].code
        if name == "year":
            return "2026"
        if name == "number":
            return str(objects["by_model"][BoardVersion].number)
        if name == "model":  # the old admin address of a model that moved to cycles (a redirect)
            return "cycle"
        if name == "rest":
            return f"{objects['by_model'][Cycle].pk}/change/"
        if name == "name":  # an export or import of a cycle
            return "results" if "export" in leaf.template else "quarterly-scores"
        raise Unfillable(f"{leaf.template}: no value for parameter {name!r} (model {model})")

    text = leaf.template
    out, i = [], 0
    positional = iter([None, "version_id"])  # simple-history: (object_id)/history/(version_id)
    while i < len(text):
        ch = text[i]
        if ch == "<":  # route converter <conv:name>
            end = text.index(">", i)
            out.append(value(text[i + 1 : end].split(":")[-1]))
            i = end + 1
        elif ch == "(":  # regex group, possibly named; skip to its balanced end
            depth, j = 0, i
            while True:
                depth += {"(": 1, ")": -1}.get(text[j], 0) if text[j - 1] != "\\" or j == i else 0
                if depth == 0:
                    break
                j += 1
            named = re.match(r"\(\?P<(\w+)>", text[i:])
            out.append(value(named.group(1) if named else next(positional)))
            i = j + 1
        elif ch == "\\":
            out.append(text[i + 1])
            i += 2
        elif ch in "^$":
            i += 1
        elif ch == "?" and out and out[-1] == "/":
            i += 1  # an optional trailing slash
        else:
            out.append(ch)
            i += 1
    return "/" + "".join(out)


# --- the world: two districts whose every name carries its marker ------------------------------


def _year_rows(*, official, unit, cycle, board, mark: str, key: str) -> dict:
    """An official's and its unit's rows of one cycle, every text carrying `mark`: an approved
    pledge with a revision, progress, evidence, a score and public feedback; a reminder; the
    year-end inputs; an override, a result and its consequence. Each with a history row."""
    pledge = Pledge.objects.create(
        official=official, cycle=cycle, category="key_work", title=f"目标{mark}", content=f"内容{mark}",
        target=f"量化{mark}", milestones=[{"quarter": q, "description": f"节点{mark}"} for q in (1, 2, 3, 4)],
        status="approved", due_on=cycle.pledge_deadline, difficulty=3, innovation=3, contribution=2, grade="A",
    )
    revision = PledgeRevision.objects.create(
        pledge=pledge, number=2, category="key_work", title=f"调整{mark}", content="c", target="t",
        milestones=pledge.milestones, reason=f"理由{mark}",
    )
    progress = ProgressUpdate.objects.create(pledge=pledge, text=f"进展{mark}", percent=40)
    evidence = Evidence(progress=progress, original_name=f"佐证{key}.png", content_type="image/png", size=8)
    evidence.file.save(f"walk-{key}.png", ContentFile(b"\x89PNG\r\n\x1a\n" + mark.encode()), save=True)
    reminder = Reminder.objects.create(
        official=official, cycle=cycle, pledge_kind="annual", kind="overdue", due_on=cycle.pledge_deadline,
        message=f"提醒{mark}",
    )
    result = Result.objects.create(cycle=cycle, official=official, unit=unit, composite=90, rank=1,
                                   computed_grade="good", grade="good", outcomes=["commendation"],
                                   computed_at=timezone.now())
    score = QuarterlyScore.objects.create(pledge=pledge, quarter=1, score=88, note=f"评分{mark}")
    # Supervision information recorded in the cycle's district (it stays there), with a file and a
    # tolerance decision.
    supervision = SupervisionEntry.objects.create(
        official=official, district=cycle.district, kind="petition", occurred_on=cycle.pledge_deadline,
        source=f"来源{mark}", summary=f"监督{mark}", severity="warning")
    attachment = Attachment(entry=supervision, original_name=f"附件{key}.png", content_type="image/png", size=8)
    attachment.file.save(f"walk-sup-{key}.png", ContentFile(b"\x89PNG\r\n\x1a\n" + mark.encode()), save=True)
    tolerance = ToleranceDecision.objects.create(
        official=official, cycle=cycle, supervision_entry=supervision, grounds=f"容错{mark}", decided_by=f"机关{mark}",
        approved_on=cycle.pledge_deadline)
    rows = {
        SupervisionEntry: supervision, Attachment: attachment, ToleranceDecision: tolerance,
        Pledge: pledge, PledgeRevision: revision, ProgressUpdate: progress, Evidence: evidence, Reminder: reminder,
        QuarterlyScore: score,
        Appeal: Appeal.objects.create(official=official, cycle=cycle, subject="quarterly_score", quarterly_score=score,
                                      contested_value="88", reason=f"申诉{mark}", due_on=cycle.pledge_deadline),
        UnitScore: UnitScore.objects.create(unit=unit, cycle=cycle, score=90),
        SurveyScore: SurveyScore.objects.create(official=official, cycle=cycle, rater_group="peer", score=80),
        PoliticalReview: PoliticalReview.objects.create(official=official, cycle=cycle, qualified=True,
                                                        note=f"测评{mark}"),
        ListEntry: ListEntry.objects.create(official=official, cycle=cycle, item_id="P02", note=f"事实{mark}"),
        Exemption: Exemption.objects.create(official=official, cycle=cycle, reason="other", note=f"不确定{mark}"),
        GradeOverride: GradeOverride.objects.create(cycle=cycle, official=official, grade="good",
                                                    reason=f"理由{mark}"),
        Result: result,
        OutcomeExecution: OutcomeExecution.objects.create(result=result, code="commendation", note=f"落实{mark}"),
        Feedback: Feedback.objects.create(board=board, pledge=pledge, content=f"留言{mark}", client_key=key),
    }
    for model, obj in rows.items():
        if model not in (Evidence, Reminder, Result, Attachment):  # these keep no history
            obj.save()
    return rows


def _growth_rows(*, official, district, mark: str) -> dict:
    """The official's learning activity, contest entry (score, question) and competency
    assessment, and the district's competency with its requirement, each text carrying `mark`."""
    day = timezone.localdate()
    event = ContestEvent.objects.create(district=district, kind="arena", held_on=day, title=f"擂台赛{mark}")
    entry = ContestParticipant.objects.create(event=event, official=official, topic=f"题目{mark}")
    competency = Competency.objects.create(district=district, name=f"能力{mark}")
    rows = {
        LearningActivity: LearningActivity.objects.create(district=district, official=official, held_on=day,
                                                          kind="training", title=f"培训{mark}", points=2),
        ContestEvent: event, ContestParticipant: entry, Competency: competency,
        JudgeScore: JudgeScore.objects.create(participant=entry, judge_name=f"评委{mark}", score=90),
        JudgeQuestion: JudgeQuestion.objects.create(participant=entry, asked_by="评委", question=f"提问{mark}"),
        CompetencyRequirement: CompetencyRequirement.objects.create(competency=competency, post_kind="department_head",
                                                                    level=3),
        CompetencyAssessment: CompetencyAssessment.objects.create(competency=competency, official=official, level=2,
                                                                  assessed_on=day, source=f"考察{mark}"),
    }
    for obj in rows.values():
        obj.save()  # a history row each
    return rows


def _district(key: str):
    mark = MARK[key]
    district = DistrictFactory(name=f"{key}区{mark}", code=f"walk{key}")
    unit = UnitFactory(district=district, name=f"单位{mark}")
    official = OfficialFactory(unit=unit, name=f"干部{mark}", position=f"局长{mark}")
    cycle = CycleFactory(district=district, year=2026)
    users = {
        role: UserFactory(
            username=f"{role}{mark}", role=role, districts=[district],
            official=official if role == Role.OFFICIAL else None,
        )
        for role in ROLES
    }
    release = QuarterRelease.objects.create(cycle=cycle, quarter=1)
    board = Board.objects.create(cycle=cycle)
    # A version exists but is not live: public pages answer 404 for both districts here, and
    # what the public may read is tested in tests/boards.
    version = BoardVersion.objects.create(board=board, number=1, snapshot={"officials": [], "marker": mark})
    rows = _year_rows(official=official, unit=unit, cycle=cycle, board=board, mark=mark, key=key)
    task = TaskRecord.objects.create(task_id=f"task-{key}", kind="compute", cycle=cycle,
                                     requested_by=users[Role.STAFF])
    export = ExportFile(task_id=f"export-{key}", cycle=cycle, name="results", role=Role.STAFF,
                        requested_by=users[Role.STAFF], rows=1)
    export.file.save(f"walk-{key}.xlsx", ContentFile(mark.encode()), save=True)
    imported = ImportRecord.objects.create(cycle=cycle, name="quarterly-scores", filename=f"导入{mark}.xlsx",
                                           sha256="0" * 64, imported_by=users[Role.STAFF])
    # A notification of the district's official account (each account reads only its own).
    notification = Notification.objects.create(user=users[Role.OFFICIAL], district=district, kind="returned",
                                               message=f"通知{mark}", link="/pledges/")
    item = ListItem.objects.get(code="P01")
    survey_rows, ballot_code = _survey_rows(cycle=cycle, staff=users[Role.STAFF], mark=mark)
    development = _development_rows(district=district, official=official, unit=unit, mark=mark)
    # A history row for every object, so history pages have something to show.
    for obj in (district, unit, official, cycle, item, release, board):
        obj.save()
    return {
        "district": district, "users": users,
        "by_model": {
            District: district, Unit: unit, Official: official, Cycle: cycle,
            type(users[Role.STAFF]): users[Role.STAFF], ListItem: item, QuarterRelease: release,
            TaskRecord: task, Board: board, BoardVersion: version, ExportFile: export, ImportRecord: imported,
            Notification: notification,
            **rows, **_growth_rows(official=official, district=district, mark=mark), **survey_rows,
            **development,
        },
        "ballot_code": ballot_code,
    }


def _survey_rows(*, cycle, staff, mark: str) -> tuple[dict, str]:
    """A closed political survey of the cycle with its aggregates, and one of its codes: the
    public ballot answers 410 for it (no district's data: what a rater reads is tested in
    tests/surveys), the staff pages show the survey."""
    from surveys import services

    survey = services.survey_create(actor=staff, cycle=cycle, kind="political", title=f"测评{mark}",
                                    items=[services.ItemInput("p1", f"题目{mark}"),
                                           services.ItemInput("r1", f"反向{mark}", reverse=True)])
    code, = services.codes_issue(actor=staff, survey=survey, rater_group="peer", count=1)
    services.survey_open(actor=staff, survey=survey)
    services.survey_close(actor=staff, survey=survey)
    return {Survey: Survey.objects.get(pk=survey.pk), BallotCode: BallotCode.objects.get(survey=survey)}, code


def _development_rows(*, district, official, unit, mark: str) -> dict:
    """A reserve category with a placement, a mentor pair (the official mentors a second official)
    with a talk, and an open due talk; every text carrying `mark`, each with a history row."""
    # a young cadre, not a principal under review (the year-end pages list only principals)
    mentee = OfficialFactory(unit=unit, name=f"徒弟{mark}", position=f"科长{mark}", is_principal=False)
    category = ReserveCategory.objects.create(district=district, name=f"类别{mark}")
    pair = MentorPair.objects.create(district=district, mentor=official, mentee=mentee,
                                     started_on=datetime.date(2026, 1, 1), note=f"结对{mark}")
    rows = {
        ReserveCategory: category,
        Placement: Placement.objects.create(district=district, official=official, category=category,
                                            placed_on=datetime.date(2026, 1, 1), grounds=f"依据{mark}"),
        MentorPair: pair,
        Talk: Talk.objects.create(district=district, official=mentee, pair=pair, held_on=datetime.date(2026, 2, 1),
                                  topic=f"主题{mark}", notes=f"记录{mark}"),
        DueTalk: DueTalk.objects.create(district=district, official=mentee, occasion="difficulty",
                                        raised_on=datetime.date(2026, 3, 1), due_on=datetime.date(2026, 3, 31),
                                        detail=f"困难{mark}", source=f"manual:{mark}"),
    }
    for obj in rows.values():
        obj.save()
    return rows


# The rows an official of district A and a unit of district A have in A's cycle, written before
# both move to district B: they stay A's for good (SPEC section 1), so no page of B may show this.
MOVED = "【调出前甲区记录】"


def _moved(a: dict, b: dict, admin) -> dict:
    """An official of district A with pledges (approved, draft, returned), scores, surveys,
    reviews, list entries, an override, a result and feedback in A's cycle, and a unit with a
    unit score there; then both move to district B through the API. Names stay neutral (they
    are B's now and B may show them); every row of A's cycle carries MOVED."""
    cycle = a["by_model"][Cycle]
    origin = UnitFactory(district=a["district"], name="原单位")
    moving = UnitFactory(district=a["district"], name="调动单位")
    destination = UnitFactory(district=b["district"], name="接收单位")
    official = OfficialFactory(unit=origin, name="调动干部", position="主任")
    rows = _year_rows(official=official, unit=origin, cycle=cycle, board=a["by_model"][Board], mark=MOVED, key="moved")
    # The unit's score moves with the unit, not with the official.
    UnitScore.objects.filter(pk=rows[UnitScore].pk).update(unit=moving)
    for status in ("draft", "returned"):
        Pledge.objects.create(
            official=official, cycle=cycle, category="innovation", title=f"{status}{MOVED}", content=f"内容{MOVED}",
            target=f"量化{MOVED}", milestones=rows[Pledge].milestones, status=status, due_on=cycle.pledge_deadline,
            return_reason=f"退回{MOVED}" if status == "returned" else "",
        )
    client = _token(admin)
    moved = client.patch(f"/api/v1/officials/{official.pk}/", {"unit": destination.pk, "appointed_on": "2026-07-01",
                                                              "reason": "调任"}, format="json")
    assert moved.status_code == 200, moved.content
    moved = client.patch(f"/api/v1/units/{moving.pk}/", {"district": b["district"].pk}, format="json")
    assert moved.status_code == 200, moved.content
    official.refresh_from_db()
    assert official.unit.district == b["district"]
    return {
        "district": a["district"], "users": a["users"],
        "by_model": {
            **a["by_model"], Official: official, Unit: Unit.objects.get(pk=moving.pk),
            **rows, UnitScore: UnitScore.objects.get(pk=rows[UnitScore].pk),
        },
    }


# The models whose rows of A's cycle the moved official and unit have (the rest of `_moved`'s
# objects are district A's own rows, filled in so that every URL parameter has a value).
MOVED_ROWS = (Pledge, PledgeRevision, ProgressUpdate, Evidence, Reminder, QuarterlyScore, UnitScore, SurveyScore,
              PoliticalReview, ListEntry, Exemption, GradeOverride, Result, OutcomeExecution, Feedback, Appeal,
              ToleranceDecision)
# Rows of district A about the mover that belong to no cycle but stay with A all the same: the
# supervision information recorded there (SPEC section 12).
STAYING_ROWS = (SupervisionEntry, Attachment)


@pytest.fixture
def two_districts(db):
    world = {"a": _district("a"), "b": _district("b"), "admin": UserFactory(username="walk-admin", role=Role.ADMIN)}
    world["moved"] = _moved(world["a"], world["b"], world["admin"])
    return world


def _session(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _token(user) -> APIClient:
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _is_api(leaf: Leaf) -> bool:
    return hasattr(leaf.callback, "cls")


def _has_object(leaf: Leaf) -> bool:
    """The URL names one district object (not a list, not a shared catalog row)."""
    model = _model_of(leaf)
    if model is None or _is_system_model(model) or scope_for(model).district is None:
        return False
    return bool(re.search(r"<(\w+:)?(pk|object_id|id|code|task_id)>|\(\?P<(pk|code)>|\(\[", leaf.template))


# --- the tests ------------------------------------------------------------------------------------


def test_the_walk_finds_the_project_patterns():
    templates = {leaf.template for leaf in LEAVES}
    assert "" in templates and "admin/" in templates
    assert any(t.startswith("api/v1/^officials/(?P<pk>") for t in templates)
    assert len(LEAVES) > 50


@pytest.mark.django_db
def test_every_pattern_can_be_filled(two_districts):
    problems = []
    for leaf in LEAVES:
        try:
            url = _fill(leaf, two_districts["b"])
        except Unfillable as exc:
            problems.append(str(exc))
            continue
        if resolve(url.split("?")[0]).func is not leaf.callback:
            problems.append(f"{leaf.template}: filled as {url}, which resolves elsewhere")
    assert problems == []


def test_every_view_states_who_may_use_it():
    """DRF views name their permission classes themselves; page views carry an access decorator;
    admin views are the admin site's (role-checked in CadreboardAdminSite and ScopedAdmin)."""
    undecided = []
    for leaf in LEAVES:
        callback = leaf.callback
        if leaf.name and leaf.name.startswith("admin:") or leaf.template.startswith("admin/"):
            continue
        view_class = getattr(callback, "cls", None)
        if view_class is not None:
            own = "permission_classes" in getattr(callback, "initkwargs", {}) or any(
                "permission_classes" in vars(klass)
                for klass in view_class.__mro__
                if not klass.__module__.startswith(("rest_framework", "drf_spectacular"))
            )
            if not own:
                undecided.append(leaf.template)
        elif not getattr(callback, "access", None):
            undecided.append(leaf.template)
    assert undecided == []


@pytest.mark.django_db
@pytest.mark.parametrize("leaf", LEAVES, ids=lambda leaf: leaf.id)
def test_no_role_reads_another_districts_data(leaf, two_districts):
    """GET (JSON and HTML) as every role of district A on URLs filled with district B's objects,
    and the reverse; plus anonymous and the system administrator."""
    failures = []
    for here, there in (("a", "b"), ("b", "a")):
        url = _fill(leaf, two_districts[there])
        for role, user in two_districts[here]["users"].items():
            for accept in ("application/json", "text/html"):
                response = _session(user).get(url, HTTP_ACCEPT=accept)
                body = _body(response)
                if response.status_code >= 500:
                    failures.append(f"{role}@{here} {url} → {response.status_code}")
                if MARK[there] in body:
                    failures.append(f"{role}@{here} {url} shows {MARK[there]}")
                if here == "b" and MOVED in body:
                    failures.append(f"{role}@b {url} shows district A's rows of a moved official or unit")
                if _has_object(leaf) and response.status_code == 200:
                    failures.append(f"{role}@{here} {url} opened a foreign object (200)")
                model = _model_of(leaf)
                if model is not None and _is_system_model(model) and response.status_code == 200:
                    failures.append(f"{role}@{here} {url} opened a system page (200)")
    for user, label in ((None, "anonymous"), (two_districts["admin"], "admin")):
        url = _fill(leaf, two_districts["b"])
        response = _session(user).get(url)
        body = _body(response)
        if response.status_code >= 500:
            failures.append(f"{label} {url} → {response.status_code}")
        if script_src(response) != "'self'":  # the Content-Security-Policy: no inline script
            failures.append(f"{label} {url}: script-src {script_src(response)!r}")
        if user is None and (MARK["a"] in body or MARK["b"] in body):
            failures.append(f"anonymous {url} shows district data")
    assert failures == []


WRITE_METHODS = ["post", "put", "patch", "delete"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "leaf", [leaf for leaf in LEAVES if _has_object(leaf) and not leaf.template.endswith("history/")],
    ids=lambda leaf: leaf.id,
)
def test_no_role_writes_another_districts_data(leaf, two_districts):
    """Every write method, through the API (token) and the admin (session with CSRF off), on
    district B's objects as each role of district A: refused, and the object is unchanged."""
    _assert_writes_refused(leaf, two_districts["b"], two_districts["a"]["users"], MARK["b"])


def _assert_writes_refused(leaf: Leaf, target: dict, users: dict, marker: str) -> None:
    """Every write method on `leaf` filled with `target`'s objects, as each of `users` (another
    district's accounts): refused, nothing showing `marker`, and the object unchanged."""
    model = _model_of(leaf)
    obj = target["by_model"].get(model)
    if obj is None:
        pytest.skip(f"{leaf.template} has no district object")
    before = model_to_dict(obj)
    url = _fill(leaf, target)
    failures = []
    payload = {"name": "改写", "title": "改写", "position": "改写", "post": "yes", "year": 2031, "score": "1.0",
               "note": "改写"}
    for role, user in users.items():
        client = _token(user) if _is_api(leaf) else _session(user)
        for method in WRITE_METHODS:
            if _is_api(leaf):
                response = getattr(client, method)(url, payload, format="json")
            else:
                response = getattr(client, method)(url, payload)
            if response.status_code >= 500 or 200 <= response.status_code < 300:
                failures.append(f"{role} {method.upper()} {url} → {response.status_code}")
            if marker in _body(response):
                failures.append(f"{role} {method.upper()} {url} shows {marker}")
    if model is not ListItem:  # the shared catalog is not district data
        refreshed = model._default_manager.filter(pk=obj.pk).first()
        assert refreshed is not None, f"{url}: the object was deleted"
        assert model_to_dict(refreshed) == before, f"{url}: the object was changed"
    assert failures == []


# --- an official and a unit that moved from district A to district B ----------------------------


def _cycle_rows(model, cycle):
    from tests.accounts.test_scoping import _paths_to_cycle

    path = "__".join(_paths_to_cycle(model)[0])
    return model._default_manager.filter(**{path: cycle})


@pytest.mark.django_db
@pytest.mark.parametrize("model", MOVED_ROWS, ids=lambda m: m._meta.label)
def test_rows_of_a_cycle_stay_with_its_district_when_the_official_or_unit_moves(model, two_districts):
    """A's staff and leader still read every row of A's cycle (the moved official's and unit's
    included); B's read none of them, and B's staff may change none."""
    from accounts.scoping import CHANGE, DELETE, scoped

    moved = two_districts["moved"]["by_model"][model]
    rows = _cycle_rows(model, two_districts["a"]["by_model"][Cycle])
    assert rows.filter(pk=moved.pk).exists()
    for role in (Role.STAFF, Role.LEADER):
        assert set(scoped(rows, two_districts["a"]["users"][role])) == set(rows), role
        assert not scoped(rows, two_districts["b"]["users"][role]).exists(), role
    for action in (CHANGE, DELETE):
        assert not scoped(model._default_manager.filter(pk=moved.pk), two_districts["b"]["users"][Role.STAFF],
                          action).exists()


MOVED_LEAVES = [leaf for leaf in LEAVES
                if _has_object(leaf) and _model_of(leaf) in MOVED_ROWS + STAYING_ROWS + (Official, Unit)]


@pytest.mark.django_db
@pytest.mark.parametrize("leaf", MOVED_LEAVES, ids=lambda leaf: leaf.id)
def test_the_new_district_never_reads_the_old_districts_rows_of_a_mover(leaf, two_districts):
    """Every page and API object URL filled with the moved official's and unit's rows of A's
    cycle (and with the moved official and unit themselves, which are B's now): B's roles never
    open a row of A's cycle nor see one on any page; A's staff and leader open them through the API."""
    world = two_districts["moved"]
    url = _fill(leaf, world)
    model = _model_of(leaf)
    failures = []
    for role, user in two_districts["b"]["users"].items():
        for accept in ("application/json", "text/html"):
            response = _session(user).get(url, HTTP_ACCEPT=accept)
            if response.status_code >= 500:
                failures.append(f"{role}@b {url} → {response.status_code}")
            if MOVED in _body(response):
                failures.append(f"{role}@b {url} shows district A's rows of the mover")
            if model in MOVED_ROWS + STAYING_ROWS and response.status_code == 200:
                failures.append(f"{role}@b {url} opened a row of A's cycle (200)")
    if model in MOVED_ROWS + STAYING_ROWS and "get" in getattr(leaf.callback, "actions", {}) \
            and "format" not in leaf.template:
        for role in (Role.STAFF, Role.LEADER):
            response = _session(two_districts["a"]["users"][role]).get(url, HTTP_ACCEPT="application/json")
            if response.status_code != 200:
                failures.append(f"{role}@a {url} → {response.status_code}, its own cycle's row")
    assert failures == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "leaf", [leaf for leaf in MOVED_LEAVES
             if _model_of(leaf) in MOVED_ROWS + STAYING_ROWS and not leaf.template.endswith("history/")],
    ids=lambda leaf: leaf.id,
)
def test_the_new_district_never_writes_the_old_districts_rows_of_a_mover(leaf, two_districts):
    _assert_writes_refused(leaf, two_districts["moved"], two_districts["b"]["users"], MOVED)


@pytest.mark.django_db
def test_the_old_district_still_scores_its_year_after_the_official_moved(two_districts):
    """A's staff finish A's year: they still score the moved official's pledge in A's cycle;
    B's staff cannot score it (the pledge is not theirs, like any other district's)."""
    cycle = two_districts["a"]["by_model"][Cycle]
    Cycle.objects.filter(pk=cycle.pk).update(state="in_progress")
    pledge = two_districts["moved"]["by_model"][Pledge]
    body = {"pledge": pledge.pk, "quarter": 2, "score": "81.0", "method": "investigation", "note": "第二季度"}
    refused = _token(two_districts["b"]["users"][Role.STAFF]).post("/api/v1/quarterly-scores/", body, format="json")
    assert refused.status_code == 400 and "pledge" in refused.json()["errors"]
    created = _token(two_districts["a"]["users"][Role.STAFF]).post("/api/v1/quarterly-scores/", body, format="json")
    assert created.status_code == 201, created.content
    score = two_districts["moved"]["by_model"][QuarterlyScore]
    changed = _token(two_districts["a"]["users"][Role.STAFF]).patch(
        f"/api/v1/quarterly-scores/{score.pk}/", {"score": "79.0", "reason": "复核更正"}, format="json")
    assert changed.status_code == 200, changed.content
    assert QuarterlyScore.objects.filter(pledge=pledge).count() == 2


def _names_catalog_object(leaf: Leaf) -> bool:
    """The URL names one row of a shared catalog (scope without district: every district's)."""
    model = _model_of(leaf)
    if model is None or _is_system_model(model) or scope_for(model).district is not None:
        return False
    return bool(re.search(r"<(\w+:)?(pk|object_id|id|code)>|\(\?P<(pk|code)>|\(\[", leaf.template))


CATALOG_LEAVES = [leaf for leaf in LEAVES if _names_catalog_object(leaf) and not leaf.template.endswith("history/")]


def test_the_catalog_walk_is_not_vacuous():
    assert any(leaf.template.startswith("api/v1/^list-items/") for leaf in CATALOG_LEAVES)
    assert any(leaf.template.startswith("admin/evaluations/listitem/") for leaf in CATALOG_LEAVES)


@pytest.mark.django_db
@pytest.mark.parametrize("leaf", CATALOG_LEAVES, ids=lambda leaf: leaf.id)
def test_no_district_role_writes_the_shared_catalog(leaf, two_districts):
    """A shared catalog (the positive/negative list) decides every district's bonus and veto:
    every write method, through the API and the admin, as every role of either district, is
    refused and the row is unchanged. Only the system administrator changes it."""
    model = _model_of(leaf)
    obj = two_districts["a"]["by_model"][model]
    before = model_to_dict(obj)
    url = _fill(leaf, two_districts["a"])
    payload = {**{k: v for k, v in before.items() if k != "id"}, "title": "改写", "points": "3"}
    failures = []
    for here in ("a", "b"):
        for role, user in two_districts[here]["users"].items():
            client = _token(user) if _is_api(leaf) else _session(user)
            # The admin renders other methods as a read (the row check below covers them).
            for method in WRITE_METHODS if _is_api(leaf) else ["post"]:
                extra = {"format": "json"} if _is_api(leaf) else {}
                response = getattr(client, method)(url, payload, **extra)
                if response.status_code >= 500 or 200 <= response.status_code < 300:
                    failures.append(f"{role}@{here} {method.upper()} {url} → {response.status_code}")
    refreshed = model._default_manager.filter(pk=obj.pk).first()
    assert refreshed is not None, f"{url}: the row was deleted"
    assert model_to_dict(refreshed) == before, f"{url}: the row was changed"
    assert failures == []


# Writes through the admin's own pages (history entries too) as roles that may not make them:
# tests/accounts/test_admin_writes.py, generated from the admin registry.


@pytest.mark.django_db
def test_own_district_is_visible_so_the_walk_is_not_vacuous(two_districts):
    """The leak checks above would pass if nobody saw anything; staff must see their own data."""
    staff = two_districts["a"]["users"][Role.STAFF]
    for path in ("/api/v1/officials/", "/api/v1/units/", "/admin/org/official/", "/"):
        body = _body(_session(staff).get(path))
        assert MARK["a"] in body, path


@pytest.mark.django_db
def test_uploaded_files_are_served_only_through_the_scoped_download(two_districts):
    """/media/ has no URL pattern (so the walk above never meets it): evidence files leave only
    through pledges:evidence, which the walk covers. Here: the raw path answers 404 to everyone,
    the download answers the own district's staff and nobody of the other district."""
    evidence = two_districts["a"]["by_model"][Evidence]
    raw = f"/media/{evidence.file.name}"
    download = f"/pledges/evidence/{evidence.pk}/"
    for user in (two_districts["admin"], two_districts["a"]["users"][Role.STAFF], None):
        assert _session(user).get(raw).status_code == 404
    own = _session(two_districts["a"]["users"][Role.STAFF]).get(download)
    assert own.status_code == 200 and "attachment" in own["Content-Disposition"]
    for user in two_districts["b"]["users"].values():
        assert _session(user).get(download).status_code == 404


@pytest.mark.django_db
def test_the_district_filter_of_cycle_rows_is_the_cycles_district(two_districts):
    """`?district=` on pledges names the district the pledges belong to: the cycle's."""
    pledge = two_districts["moved"]["by_model"][Pledge]
    admin = _token(two_districts["admin"])
    ids_of = lambda key: {row["id"] for row in admin.get(  # noqa: E731
        "/api/v1/pledges/", {"district": two_districts[key]["district"].pk, "page_size": 100}).json()["results"]}
    assert pledge.pk in ids_of("a") and pledge.pk not in ids_of("b")


@pytest.mark.django_db
def test_a_moved_official_still_finds_its_old_districts_years(two_districts):
    """The official itself keeps its own rows: its pages list the years of its old district too."""
    official = two_districts["moved"]["by_model"][Official]
    account = UserFactory(username="moved-official", role=Role.OFFICIAL, official=official,
                          districts=[two_districts["a"]["district"], two_districts["b"]["district"]])
    for path in ("/pledges/", "/evaluations/mine/"):
        assert f"目标{MOVED}" in _body(_session(account).get(path)), path
