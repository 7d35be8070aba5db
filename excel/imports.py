"""The imports (SPEC section 7): officials roster, pledges, quarterly scores, unit scores, survey
scores and political reviews, each reading the sheet its export writes.

The sheet is found by the name its export gives it (layouts), wherever it is in the workbook.
An import is all-or-nothing. Every row is parsed and checked with the rules the API applies
(the same services, or for quarterly scores the same rule function in bulk); any problem in any
row → nothing is written and every problem is reported as (sheet, row, column, message). A valid
file is written in one transaction, audited (django-simple-history, the reason naming the file)
and recorded (ImportRecord). Rows equal to what is stored are left alone, so importing the same
file twice changes nothing the second time.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from accounts.scoping import CHANGE, scoped
from cycles.models import Cycle
from evaluations import services as evaluation_services
from evaluations.models import Method, QuarterlyScore, RaterGroup, SurveyScore, UnitScore
from org import services as org_services
from org.models import Official, RankLevel, Unit
from pledges import services as pledge_services
from pledges.models import Pledge
from pledges.rules import spanned_quarters

from . import layouts
from .models import ImportRecord
from .reader import Invalid, Problem, Sheet, choice, date, integer, listed, number, text

# Header texts below are the Chinese keys of a row's values (excel.reader maps English headers
# to them); messages translate them when they name a column.
NAMES = {
    "officials": gettext_noop("干部名册"), "pledges": gettext_noop("履职践诺目标"),
    "quarterly-scores": gettext_noop("季度评分"), "unit-scores": gettext_noop("单位综合绩效"),
    "survey-scores": gettext_noop("多维测评"), "political-reviews": gettext_noop("政治素质测评"),
}
# What a row names, inside a sentence ("no unit numbered 5").
WHAT = {"单位": pgettext_lazy("a row names it", "单位"), "干部": pgettext_lazy("a row names it", "干部")}
LETTERS = {"A": "A", "B": "B", "C": "C", "A 级": "A", "B 级": "B", "C 级": "C", "a": "A", "b": "B", "c": "C"}
METHODS = {str(label): code for code, label in Method.choices}
RANKS = {str(label): code for code, label in RankLevel.choices}
KINDS = {str(label): code for code, label in Pledge.Kind.choices}
CATEGORIES = {str(label): code for code, label in Pledge.Category.choices}
YES_NO = {"是": True, "否": False}
REVIEW_RESULTS = {"合格": True, "不合格": False}
QUARTER_HEADERS = ("第一季度节点", "第二季度节点", "第三季度节点", "第四季度节点")


class UnknownImport(LookupError):
    pass


class ImportFailed(Exception):
    """Nothing was written; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass
class Context:
    cycle: Cycle
    user: object
    sheet: Sheet
    reason: str
    created: int = 0
    updated: int = 0
    rows: int = 0

    def cell(self, number: int, header: str, parse: Callable, value_of: dict, **options):
        """Parse one cell; on a problem record it and return the sentinel INVALID."""
        try:
            return parse(value_of.get(header), **options)
        except Invalid as exc:
            self.sheet.problem(number, header, str(exc))
            return INVALID

    def service(self, number: int, fields: dict[str, str], call: Callable) -> bool:
        """Run one service call in a savepoint; its ValidationError becomes row problems (the
        savepoint is rolled back, and the whole import after it). True when it succeeded."""
        try:
            with transaction.atomic():
                call()
        except ValidationError as exc:
            items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
            for field, messages in items:
                header = fields.get(field)
                for message in messages:
                    self.sheet.problem(number, header, message if header else _prefixed(field, message))
            return False
        return True


INVALID = object()


def _prefixed(field: str, message: str) -> str:
    """A service message for a field the sheet has no column for: named, unless it speaks for
    the whole row."""
    return message if field in ("", "__all__", "cycle", "pledges", "kind", "status") else _("{column}：").format(
        column=field) + message


def _state_allows(ctx: Context, layout: layouts.Layout) -> bool:
    """The cycle's state takes this import; else one problem for the whole file."""
    refusal = layout.import_refusal(ctx.cycle)
    if refusal:
        ctx.sheet.problems.append(Problem(ctx.sheet.name, None, "", refusal))
    return not refusal


# --- quarterly scores: in bulk, for tens of thousands of rows -----------------------------------


def _quarterly_scores(ctx: Context) -> None:
    cycle, user = ctx.cycle, ctx.user
    if not _state_allows(ctx, layouts.QUARTERLY_SCORES):
        return
    pledges = {
        pk: (status == Pledge.Status.APPROVED, spanned_quarters(kind=kind, cycle_year=cycle.year, appointed_on=day))
        for pk, status, kind, day in scoped(Pledge.objects.filter(cycle=cycle), user)
        .values_list("id", "status", "kind", "official__appointed_on").iterator(chunk_size=5000)
    }
    existing = {
        (pledge_id, quarter): (pk, score, letter, method, note)
        for pk, pledge_id, quarter, score, letter, method, note in
        QuarterlyScore.objects.filter(pledge__cycle=cycle)
        .values_list("id", "pledge_id", "quarter", "score", "letter", "method", "note").iterator(chunk_size=5000)
    }
    released = evaluation_services.released_quarters(cycle)
    fields = {"pledge": "目标编号", "quarter": "季度", "score": "得分", "letter": "季度评级", "reason": "修改理由",
              "method": "信息采集方式", "note": "评分说明"}
    seen: dict[tuple, int] = {}
    now = timezone.now()
    creates, updates = [], []
    for row, values in ctx.sheet.rows():
        ctx.rows += 1
        pledge_id = ctx.cell(row, "目标编号", integer, values)
        quarter = ctx.cell(row, "季度", integer, values)
        score = ctx.cell(row, "得分", number, values, places=1)
        letter = ctx.cell(row, "季度评级", choice, values, options=LETTERS, required=False, what="")
        method = ctx.cell(row, "信息采集方式", choice, values, options=METHODS, required=False)
        note = ctx.cell(row, "评分说明", text, values, max_length=1000)
        reason = ctx.cell(row, "修改理由", text, values, max_length=1000)
        if INVALID in (pledge_id, quarter, score, letter, method, note, reason):
            continue
        if score is None and letter is None:
            continue  # a template row not scored yet
        key = (pledge_id, quarter)
        if key in seen:
            ctx.sheet.problem(row, "目标编号", _("与第 {row} 行重复（同一目标同一季度）。").format(row=seen[key]))
            continue
        seen[key] = row
        if pledge_id not in pledges:
            ctx.sheet.problem(row, "目标编号",
                              _("找不到编号为 {pk} 的目标，或它不属于本考核年度。").format(pk=pledge_id))
            continue
        current = existing.get(key)
        method = method or (current[3] if current else Method.INVESTIGATION)
        new = (None if letter else score, letter or "", method, note)
        if current and (current[1], current[2], current[3], current[4].strip()) == new:
            continue
        approved, spanned = pledges[pledge_id]
        problems = evaluation_services.score_entry_problems(
            approved=approved, quarter=quarter, score=score if not letter else None, letter=letter, spanned=spanned,
            released=quarter in released, reason=reason)
        if score is not None and letter:
            problems["score"] = _("得分和季度评级只能填写一项。")
        for field, message in problems.items():
            ctx.sheet.problem(row, fields.get(field), message)
        if problems:
            continue
        obj = QuarterlyScore(pk=current[0] if current else None, pledge_id=pledge_id, quarter=quarter, score=new[0],
                             letter=new[1], method=method, note=note, entered_by=user, updated_at=now)
        obj._change_reason = reason or ctx.reason
        (updates if current else creates).append(obj)
        if len(creates) + len(updates) >= FLUSH_ROWS and not ctx.sheet.problems:
            # Written in batches while the file is clean, to keep memory flat; a problem found
            # later still undoes them (the import's transaction is rolled back).
            _write_scores(ctx, creates, updates)
    if not ctx.sheet.problems:
        _write_scores(ctx, creates, updates)


FLUSH_ROWS = 5000


def _write_scores(ctx: Context, creates: list, updates: list) -> None:
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    if creates:
        bulk_create_with_history(creates, QuarterlyScore, batch_size=2000, default_user=ctx.user)
    if updates:
        bulk_update_with_history(updates, QuarterlyScore, ["score", "letter", "method", "note", "entered_by",
                                                           "updated_at"], batch_size=1000, default_user=ctx.user)
    ctx.created += len(creates)
    ctx.updated += len(updates)
    creates.clear()
    updates.clear()


# --- the year-end scores -------------------------------------------------------------------------


def _units_of_district(ctx: Context) -> tuple[dict, dict]:
    units = list(scoped(Unit.objects.filter(district_id=ctx.cycle.district_id), ctx.user))
    return {u.pk: u for u in units}, {u.name: [u] for u in units}  # names are unique in a district


def _pick(ctx: Context, row: int, values: dict, *, by_id: dict, by_name: dict, id_header: str, name_header: str,
          what: str):
    """The object a row names by its number, else by its name (unique in the district)."""
    pk = ctx.cell(row, id_header, integer, values, required=False)
    if pk is INVALID:
        return None
    if pk is not None:
        obj = by_id.get(pk)
        if obj is None:
            ctx.sheet.problem(row, id_header, _("找不到编号为 {pk} 的{what}，或它不属于本区。").format(
                pk=pk, what=WHAT.get(what, what)))
        return obj
    name = values.get(name_header)
    matches = by_name.get(str(name).strip(), []) if name is not None else []
    if len(matches) == 1:
        return matches[0]
    if not matches:
        ctx.sheet.problem(row, name_header, _("找不到{what}“{name}”；请填写{column}或正确的名称。").format(
            what=WHAT.get(what, what), name=name or "", column=_(id_header)))
    else:
        ctx.sheet.problem(row, name_header, _("本区有 {count} 个同名{what}“{name}”，请填写{column}。").format(
            count=len(matches), what=WHAT.get(what, what), name=name, column=_(id_header)))
    return None


def _unit_scores(ctx: Context) -> None:
    if not _state_allows(ctx, layouts.UNIT_SCORES):
        return
    by_id, by_name = _units_of_district(ctx)
    current = dict(UnitScore.objects.filter(cycle=ctx.cycle).values_list("unit_id", "score"))
    seen = {}
    for row, values in ctx.sheet.rows():
        ctx.rows += 1
        unit = _pick(ctx, row, values, by_id=by_id, by_name=by_name, id_header="单位编号", name_header="单位",
                     what="单位")
        score = ctx.cell(row, "综合绩效得分", number, values)
        if unit is None or score is INVALID or score is None:
            continue
        if unit.pk in seen:
            ctx.sheet.problem(row, "单位", _("与第 {row} 行重复。").format(row=seen[unit.pk]))
            continue
        seen[unit.pk] = row
        before = current.get(unit.pk)
        if before is not None and before == score:
            continue
        if ctx.service(row, {"score": "综合绩效得分", "unit": "单位"}, partial(
                evaluation_services.unit_score_record, actor=ctx.user, unit=unit, cycle=ctx.cycle, score=score,
                reason=ctx.reason)):
            ctx.created += before is None
            ctx.updated += before is not None


def _officials_of_district(ctx: Context, action: str = "read"):
    officials = list(scoped(Official.objects.filter(unit__district_id=ctx.cycle.district_id), ctx.user, action)
                     .select_related("unit"))
    by_name: dict[str, list] = {}
    for official in officials:
        by_name.setdefault(official.name, []).append(official)
    return {o.pk: o for o in officials}, by_name


def _survey_scores(ctx: Context) -> None:
    if not _state_allows(ctx, layouts.SURVEY_SCORES):
        return
    by_id, by_name = _officials_of_district(ctx)
    current = {(o, g): s for o, g, s in SurveyScore.objects.filter(cycle=ctx.cycle)
               .values_list("official_id", "rater_group", "score")}
    groups = [(str(RaterGroup(g).label), g) for g in layouts.RATER_GROUPS]
    seen = {}
    for row, values in ctx.sheet.rows():
        ctx.rows += 1
        official = _official_of_row(ctx, row, values, by_id, by_name)
        scores = [(label, group, ctx.cell(row, label, number, values)) for label, group in groups]
        if official is None:
            continue
        if official.pk in seen:
            ctx.sheet.problem(row, "干部", _("与第 {row} 行重复。").format(row=seen[official.pk]))
            continue
        seen[official.pk] = row
        for label, group, score in scores:
            if score is INVALID or score is None:
                continue
            before = current.get((official.pk, group))
            if before is not None and before == score:
                continue
            if ctx.service(row, {"score": label}, partial(
                    evaluation_services.survey_score_record, actor=ctx.user, official=official, cycle=ctx.cycle,
                    rater_group=group, score=score, reason=ctx.reason)):
                ctx.created += before is None
                ctx.updated += before is not None


def _political_reviews(ctx: Context) -> None:
    """Rows with a 测评结果 are checked here row by row (不合格 needs a 说明), then written by one
    call of the bulk service (set-based, audited with the file's name); rows without one are
    officials not reviewed yet and are left alone."""
    if not _state_allows(ctx, layouts.POLITICAL_REVIEWS):
        return
    by_id, by_name = _officials_of_district(ctx)
    seen, entries = {}, []
    for row, values in ctx.sheet.rows():
        ctx.rows += 1
        official = _official_of_row(ctx, row, values, by_id, by_name)
        qualified = ctx.cell(row, "测评结果", choice, values, options=REVIEW_RESULTS, required=False)
        note = ctx.cell(row, "说明", text, values, max_length=evaluation_services.REVIEW_NOTE_MAX)
        if official is None or qualified is INVALID or note is INVALID:
            continue
        if qualified is None:
            if note:
                ctx.sheet.problem(row, "测评结果", _("填写了说明，请同时填写测评结果（合格或不合格）。"))
            continue
        if official.pk in seen:
            ctx.sheet.problem(row, "姓名", _("与第 {row} 行是同一名干部。").format(row=seen[official.pk]))
            continue
        seen[official.pk] = row
        problems = evaluation_services.political_review_problems(qualified=qualified, note=note)
        for message in problems.values():
            ctx.sheet.problem(row, "说明", message)
        if not problems:
            entries.append(evaluation_services.ReviewEntry(official, qualified, note))
    if ctx.sheet.problems or not entries:
        return
    done = []
    if ctx.service(None, {"note": "说明", "official": "姓名"}, lambda: done.append(
            evaluation_services.political_reviews_record_bulk(actor=ctx.user, cycle=ctx.cycle, rows=entries,
                                                               reason=ctx.reason))):
        ctx.created += done[0].created
        ctx.updated += done[0].updated


def _official_of_row(ctx: Context, row: int, values: dict, by_id: dict, by_name: dict):
    """By 干部编号, else by name — and, where the name repeats, by name and unit."""
    name, unit = values.get("干部") or values.get("姓名"), values.get("单位")
    candidates = by_name
    if name is not None and unit is not None and len(by_name.get(str(name).strip(), [])) > 1:
        candidates = {str(name).strip(): [o for o in by_name[str(name).strip()] if o.unit.name == str(unit).strip()]}
    return _pick(ctx, row, values, by_id=by_id, by_name=candidates, id_header="干部编号",
                 name_header="干部" if "干部" in ctx.sheet.columns else "姓名", what="干部")


# --- officials and pledges: row by row through the services -------------------------------------


OFFICIAL_FIELDS = {"name": "姓名", "unit": "单位", "position": "职务", "rank_level": "职级", "is_principal": "党政正职",
                   "appointed_on": "任现职时间", "phone": "联系电话"}


def _officials(ctx: Context) -> None:
    by_id, by_name = _officials_of_district(ctx, CHANGE)
    units = _units_of_district(ctx)[1]
    seen = {}
    for row, values in ctx.sheet.rows():
        ctx.rows += 1
        pk = ctx.cell(row, "干部编号", integer, values, required=False)
        fields = {
            "name": ctx.cell(row, "姓名", text, values, max_length=50, required=True),
            "position": ctx.cell(row, "职务", text, values, max_length=100, required=True),
            "rank_level": ctx.cell(row, "职级", choice, values, options=RANKS),
            "is_principal": ctx.cell(row, "党政正职", choice, values, options=YES_NO, required=False),
            "appointed_on": ctx.cell(row, "任现职时间", date, values),
            "phone": ctx.cell(row, "联系电话", text, values, max_length=30),
        }
        unit_name = values.get("单位")
        unit = units.get(str(unit_name).strip(), [None])[0] if unit_name is not None else None
        if unit is None:
            ctx.sheet.problem(row, "单位", _("本区没有单位“{name}”。").format(name=unit_name) if unit_name
                              else _("不能为空。"))
        if INVALID in fields.values() or pk is INVALID or unit is None:
            continue
        fields["unit"] = unit
        if fields["is_principal"] is None:
            fields["is_principal"] = True
        official = None
        if pk is not None:
            official = by_id.get(pk)
            if official is None:
                ctx.sheet.problem(row, "干部编号", _("找不到编号为 {pk} 的{what}，或它不属于本区。").format(
                    pk=pk, what=WHAT["干部"]))
                continue
        else:
            same = [o for o in by_name.get(fields["name"], []) if o.unit_id == unit.pk]
            official = same[0] if len(same) == 1 else None
        key = official.pk if official else (fields["name"], unit.pk)
        if key in seen:
            ctx.sheet.problem(row, "姓名", _("与第 {row} 行是同一名干部。").format(row=seen[key]))
            continue
        seen[key] = row
        if official is None:
            if ctx.service(row, OFFICIAL_FIELDS, partial(org_services.official_create, actor=ctx.user, **fields)):
                ctx.created += 1
            continue
        changes = {f: v for f, v in fields.items() if getattr(official, f) != v}
        if changes and ctx.service(row, OFFICIAL_FIELDS, partial(
                org_services.official_update, actor=ctx.user, official=official, reason=ctx.reason, **changes)):
            ctx.updated += 1


PLEDGE_FIELDS = {"category": "类别", "title": "目标名称", "content": "工作内容", "target": "量化目标",
                 "target_value": "目标数值", "target_unit": "计量单位", "milestones": "第一季度节点",
                     "kind": "承诺类型",
                 "official": "干部"}


def milestones_from(values: dict) -> list[dict]:
    """The four quarter columns back into milestones: a line each, "YYYY-MM-DD：text" when dated."""
    import re

    found = []
    for quarter, header in enumerate(QUARTER_HEADERS, start=1):
        cell = values.get(header)
        for line in str(cell).splitlines() if cell is not None else []:
            line = line.strip()
            if not line:
                continue
            dated = re.match(r"^(\d{4}-\d{2}-\d{2})[：:]\s*(.+)$", line)
            if dated:
                found.append({"quarter": quarter, "description": dated.group(2), "due_on": dated.group(1)})
            else:
                found.append({"quarter": quarter, "description": line})
    return found


def _same_milestones(stored: list, parsed: list) -> bool:
    def norm(items):
        return [(m.get("quarter"), (m.get("description") or "").strip(), m.get("due_on") or "") for m in items
                if isinstance(m, dict)]

    return sorted(norm(stored)) == sorted(norm(parsed))


def _pledges(ctx: Context) -> None:
    cycle = ctx.cycle
    by_id, by_name = _officials_of_district(ctx)
    stored = {p.pk: p for p in scoped(Pledge.objects.filter(cycle=cycle), ctx.user)}
    by_title = {(p.official_id, p.kind, p.title): p for p in stored.values()}
    seen = {}
    for row, values in ctx.sheet.rows():
        ctx.rows += 1
        pk = ctx.cell(row, "目标编号", integer, values, required=False)
        official = _official_of_row(ctx, row, values, by_id, by_name)
        fields = {
            "kind": ctx.cell(row, "承诺类型", choice, values, options=KINDS, required=False),
            "category": ctx.cell(row, "类别", choice, values, options=CATEGORIES),
            "title": ctx.cell(row, "目标名称", text, values, max_length=100, required=True),
            "content": ctx.cell(row, "工作内容", text, values, max_length=2000, required=True),
            "target": ctx.cell(row, "量化目标", text, values, max_length=300, required=True),
            "target_value": ctx.cell(row, "目标数值", number, values, low=-10**12, high=10**12, places=2),
            "target_unit": ctx.cell(row, "计量单位", text, values, max_length=20),
        }
        if official is None or pk is INVALID or INVALID in fields.values():
            continue
        fields["kind"] = fields["kind"] or Pledge.Kind.ANNUAL
        fields["milestones"] = milestones_from(values)
        pledge = stored.get(pk) if pk is not None else by_title.get((official.pk, fields["kind"], fields["title"]))
        if pk is not None and pledge is None:
            ctx.sheet.problem(row, "目标编号", _("找不到编号为 {pk} 的目标，或它不属于本考核年度。").format(pk=pk))
            continue
        key = pledge.pk if pledge else (official.pk, fields["kind"], fields["title"])
        if key in seen:
            ctx.sheet.problem(row, "目标名称", _("与第 {row} 行是同一目标。").format(row=seen[key]))
            continue
        seen[key] = row
        if pledge is not None:
            differs = [PLEDGE_FIELDS[f] for f, v in fields.items()
                       if not (_same_milestones(pledge.milestones, v) if f == "milestones" else getattr(pledge,
                                                                                                        f) == v)]
            if pledge.official_id != official.pk:
                differs.insert(0, "干部")
            if differs:
                ctx.sheet.problem(row, "目标编号", _("已登记的目标不能通过导入修改（{columns}不同）；"
                                                  "请由干部本人在系统中修改，或删除编号作为新目标导入。").format(
                    columns=listed(_(column) for column in differs)))
            continue
        if ctx.service(row, PLEDGE_FIELDS, partial(
                pledge_services.pledge_create, actor=ctx.user, official=official, cycle=cycle, **fields)):
            ctx.created += 1


IMPORTS = {
    "officials": (layouts.OFFICIALS, ["姓名", "单位", "职务", "职级", "任现职时间"], _officials),
    "pledges": (layouts.PLEDGES, ["类别", "目标名称", "工作内容", "量化目标"], _pledges),
    "quarterly-scores": (layouts.QUARTERLY_SCORES, ["目标编号", "季度", "得分", "季度评级"], _quarterly_scores),
    "unit-scores": (layouts.UNIT_SCORES, ["单位", "综合绩效得分"], _unit_scores),
    "survey-scores": (layouts.SURVEY_SCORES, ["干部", "上级", "同级", "下级", "服务对象"], _survey_scores),
    "political-reviews": (layouts.POLITICAL_REVIEWS, ["姓名", "测评结果"], _political_reviews),
}


def import_run(*, cycle: Cycle, user, name: str, upload, filename: str) -> ImportRecord:
    """Check and import the workbook `upload` (a binary file object) into `cycle`. Raises
    FileRejected (the file cannot be read at all) or ImportFailed (rows are wrong); in both
    cases nothing was written."""
    try:
        layout, required, run = IMPORTS[name]
    except KeyError:
        raise UnknownImport(name) from None
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    sheet = Sheet(upload, name=layout.sheet, headers=layout.headers, required=required)
    reason = _("Excel 导入{what}：{file}").format(what=_(NAMES[name]), file=filename)[:100]
    ctx = Context(cycle=cycle, user=user, sheet=sheet, reason=reason)
    with transaction.atomic():
        # One import of a cycle at a time: the checks above read what the writes below change.
        Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
        run(ctx)
        if not ctx.rows and not sheet.problems:
            sheet.problems.append(Problem(sheet.name, None, "", _("表中没有数据行。")))
        if sheet.problems:
            raise ImportFailed(sorted(sheet.problems, key=lambda p: (p.row or 0, p.column)))
        return ImportRecord.objects.create(
            cycle=cycle, name=name, filename=filename[:255], sha256=digest.hexdigest(), rows=ctx.rows,
            created=ctx.created, updated=ctx.updated, imported_by=user,
        )
