"""Paper ballots (光电扫描): the template a scanner fills, and its import (SPEC sections 7, 10).

Each paper ballot carries its one-time code (printed on the slip with its QR code), so a scanned
ballot spends its code exactly like one submitted online, and turnout keeps counting the codes
issued. The sheet 纸质测评票 has one row per ballot and official: 票码, 干部编号 (干部姓名 and 单位
are there for people and not read), then one column per item holding the mark read from the
paper: a label of the survey's scale (好 / 较好 / 一般 / 差 …) or 是 / 否 for a reverse item;
不了解 or an empty cell is no answer. An official the ballot covers but the sheet has no row for
is 不了解 on every item.

The rules are the online ballot's (surveys.rules): a ballot is valid when at least
`valid_answer_share` of its answers (every item about every official it covers) are not 不了解;
a code that is unknown, spent, or of another survey is refused; the survey must be open.
All or nothing, like every other import (excel.imports): every row is checked, any problem →
nothing is written and every problem is listed as (sheet, row, column, message). A valid file is
written in one transaction: the ballots and answers (no link to their codes, the day only), the
codes spent, an ImportRecord and an audit event naming the file.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from excel.guard import FileRejected
from excel.imports import ImportFailed
from excel.models import ImportRecord
from excel.reader import Invalid, Problem, Sheet, integer, listed, text
from excel.writer import Column, SheetWriter, heading, new_workbook

from . import rules
from .models import Answer, Ballot, BallotCode, Survey, SurveyItem
from .services import code_hash, code_normalize

SHEET = gettext_noop("纸质测评票")
CODE, OFFICIAL = gettext_noop("票码"), gettext_noop("干部编号")
NAME, UNIT = gettext_noop("干部姓名"), gettext_noop("单位")
IMPORT_NAME = "ballots"  # ImportRecord.name
TEMPLATE_BALLOTS = 1  # blank ballots (a block of rows, one per official) in the template


@dataclass(frozen=True)
class ItemColumn:
    item: SurveyItem
    header: str
    options: dict  # {label: ("points", n) | ("choice", "yes"/"no") | ("unknown", None)}


def item_header(item: SurveyItem) -> str:
    """An item's column header: its code and text (the code makes it unique)."""
    return f"{item.code} {item.text}"[:120]


def item_columns(survey: Survey, items: list[SurveyItem]) -> list[ItemColumn]:
    unknown = {_(rules.UNKNOWN_LABEL): ("unknown", None), rules.UNKNOWN_LABEL: ("unknown", None)}
    scale = {}
    for choice in survey.scale:
        if choice.get("points") is not None:
            scale[str(choice["label"])] = ("points", int(choice["points"]))
            scale[_(str(choice["label"]))] = ("points", int(choice["points"]))
    reverse = {}
    for code, label in rules.REVERSE_CHOICES:
        if code:
            reverse[label] = ("choice", code)
            reverse[_(label)] = ("choice", code)
    return [ItemColumn(item, item_header(item), {**(reverse if item.reverse else scale), **unknown}) for item in items]


def _labels(column: ItemColumn) -> tuple[str, ...]:
    """The labels offered in the template's drop-down, in the scale's order, 不了解 last."""
    return tuple(dict.fromkeys(label for label, (kind, _v) in column.options.items() if kind != "unknown")) + (
        _(rules.UNKNOWN_LABEL),)


# --- the template ----------------------------------------------------------------------------


def template_filename(survey: Survey) -> str:
    return _("{title}纸质测评票模板.xlsx").format(title=survey.title)


def template_write(*, survey: Survey, destination, officials=None) -> int:
    """The template of the survey's paper ballots: a block of rows per blank ballot, one row per
    official (票码 left for the scanner), each item a column with a drop-down of the marks; then
    a sheet listing the marks. Returns the rows written."""
    items = list(survey.items.order_by("order", "id"))
    columns = item_columns(survey, items)
    officials = list(survey.officials.select_related("unit").order_by("unit__sort_order", "unit__name", "name", "id")
                     if officials is None else officials)
    workbook = new_workbook()
    sheet = SheetWriter(workbook, title=_(SHEET), heading=heading(
        district=survey.cycle.district.name, year=survey.cycle.year, what=survey.title, today=timezone.localdate()),
        columns=[Column(CODE, 22), Column(OFFICIAL, 9), Column(NAME, 10), Column(UNIT, 22)]
        + [Column(c.header, 14, choices=_labels(c)) for c in columns])
    for _ballot in range(TEMPLATE_BALLOTS):
        for official in officials:
            sheet.append([None, official.pk, official.name, official.unit.name] + [None] * len(columns))
    notes = SheetWriter(workbook, title=_("填写说明"), heading=survey.title,
                        columns=[Column(gettext_noop("项目"), 24), Column(gettext_noop("说明"), 80, wrap=True)])
    notes.append([_(CODE), _("每张纸质票上印制的一次性票码；同一张票的各行填写同一票码。")])
    notes.append([_(OFFICIAL), _("被测评干部的编号（勿修改）；每张票每名干部一行。")])
    for column in columns:
        notes.append([column.header, _("可填：{labels}；空白视为不了解。").format(labels=listed(_labels(column)))])
    workbook.save(destination)
    return sheet.rows


# --- the import ------------------------------------------------------------------------------


@dataclass
class Parsed:
    """The rows of one code in the file: {official id: {item id: (points, choice)}}, with the first
    row number (for messages)."""

    first_row: int
    answers: dict


def import_ballots(*, survey: Survey, user, upload, filename: str, today=None) -> ImportRecord:
    """Check and import the scanned ballots of `upload` into `survey`. Raises FileRejected (the
    file cannot be read) or ImportFailed (every problem); in both cases nothing was written."""
    today = today or timezone.localdate()
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    items = list(survey.items.order_by("order", "id"))
    columns = item_columns(survey, items)
    headers = [CODE, OFFICIAL, NAME, UNIT] + [c.header for c in columns]
    sheet = Sheet(upload, name=SHEET, headers=headers, required=[CODE, OFFICIAL] + [c.header for c in columns])
    with transaction.atomic():
        # One change of the survey at a time: its state and its codes are read, then written.
        locked = Survey.objects.select_for_update().filter(pk=survey.pk).values_list("state", flat=True).first()
        if locked != Survey.State.OPEN:
            raise FileRejected(_("测评不在进行中（状态：{state}），不能导入纸质票。").format(
                state=Survey.State(locked).label if locked else "—"))
        by_code, rows = _read(sheet, survey, columns)
        ballots, answers, spent = _check(sheet, survey, items, by_code, today)
        if not rows and not sheet.problems:
            sheet.problems.append(Problem(sheet.name, None, "", _("表中没有数据行。")))
        if sheet.problems:
            raise ImportFailed(sorted(sheet.problems, key=lambda p: (p.row or 0, p.column)))
        Ballot.objects.bulk_create(ballots, batch_size=2000)
        Answer.objects.bulk_create(answers, batch_size=5000)
        # Spend only codes still unspent: a code spent online meanwhile makes the count differ.
        changed = BallotCode.objects.filter(pk__in=spent, spent=False).update(spent=True)
        if changed != len(spent):
            raise FileRejected(_("导入期间有票码已被使用，请重新导入。"))
        return ImportRecord.objects.create(cycle=survey.cycle, name=IMPORT_NAME, filename=filename[:255],
                                           sha256=digest.hexdigest(), rows=rows, created=len(ballots), updated=0,
                                           imported_by=user)


def _cell(sheet: Sheet, row: int, header: str, parse, value, **options):
    try:
        return parse(value, **options), True
    except Invalid as exc:
        sheet.problem(row, header, str(exc))
        return None, False


def _read(sheet: Sheet, survey: Survey, columns: list[ItemColumn]) -> tuple[dict[str, Parsed], int]:
    """Every row parsed, grouped by code; problems of single cells recorded on the sheet."""
    officials = set(survey.officials.values_list("pk", flat=True))
    by_code: dict[str, Parsed] = {}
    seen: dict[tuple[str, int], int] = {}
    count = 0
    for row, values in sheet.rows():
        count += 1
        marks, ok = [], True
        for column in columns:
            raw = values.get(column.header)
            key = str(raw).strip() if raw is not None else None
            if key is None:
                marks.append((column.item.pk, None, ""))
            elif key in column.options:
                kind, value = column.options[key]
                marks.append((column.item.pk, value if kind == "points" else None, value if kind == "choice" else ""))
            else:
                labels = listed(_labels(column))
                sheet.problem(row, column.header, _("只能填写{labels}之一，现为“{value}”。").format(labels=labels,
                                                                                            value=key[:30]))
                ok = False
        # Each cell is checked on its own, so that a row shows every one of its problems.
        code, code_ok = _cell(sheet, row, CODE, text, values.get(CODE), max_length=64, required=False)
        code = code_normalize(code) if code_ok else code  # as typed or scanned: case, spaces, dashes
        official, official_ok = _cell(sheet, row, OFFICIAL, integer, values.get(OFFICIAL))
        if official_ok and official not in officials:
            sheet.problem(row, OFFICIAL, _("编号为 {pk} 的干部不在本次测评的被测评干部中。").format(pk=official))
            official_ok = False
        if code_ok and not code:
            if any(points is not None or choice for _i, points, choice in marks) or not ok:
                sheet.problem(row, CODE, _("有评价的行须填写票码。"))
            continue  # else a template row no ballot was scanned into
        if not code_ok:
            continue
        parsed = by_code.setdefault(code, Parsed(first_row=row, answers={}))  # the code is checked in any case
        if not (official_ok and ok):
            continue
        key = (code, official)
        if key in seen:
            sheet.problem(row, OFFICIAL, _("与第 {row} 行重复（同一票码同一干部）。").format(row=seen[key]))
            continue
        seen[key] = row
        parsed.answers[official] = {item_id: (points, choice) for item_id, points, choice in marks}
    return by_code, count


def _check(sheet: Sheet, survey: Survey, items: list[SurveyItem], by_code: dict[str, Parsed], today):
    """The codes checked (known to this survey, unspent) and the ballots and answers to write."""
    hashes = {code: code_hash(code) for code in by_code}
    known = {}
    for start in range(0, len(hashes), 5000):
        chunk = list(hashes.values())[start:start + 5000]
        for pk, digest, survey_id, group, unit_id, spent in BallotCode.objects.filter(code_hash__in=chunk) \
                .values_list("pk", "code_hash", "survey_id", "rater_group", "unit_id", "spent"):
            known[digest] = (pk, survey_id, group, unit_id, spent)  # index 4: spent
    covered_by_unit = defaultdict(set)
    everyone = set()
    for pk, unit_id in survey.officials.values_list("pk", "unit_id"):
        covered_by_unit[unit_id].add(pk)
        everyone.add(pk)
    settings = rules.Settings.of(survey.settings)
    ballots, answers, spent_codes = [], [], []
    for code, parsed in by_code.items():
        found = known.get(hashes[code])
        if found is None or found[1] != survey.pk or found[4]:
            # Unknown and spent read the same, as online (no probing which codes exist).
            sheet.problem(parsed.first_row, CODE, _("票码无效或已使用。"))
            continue
        pk, _survey_id, group, unit_id, _spent = found
        covered = covered_by_unit[unit_id] if unit_id else everyone
        outside = sorted(set(parsed.answers) - covered)
        if outside:
            sheet.problem(parsed.first_row, OFFICIAL, _("该票码不能评价编号为 {pks} 的干部。").format(
                pks=listed(str(p) for p in outside)))
            continue
        total = len(covered) * len(items)
        known_answers = sum(1 for marks in parsed.answers.values() for points, choice in marks.values()
                            if points is not None or choice)
        ballot = Ballot(survey=survey, rater_group=group, unit_id=unit_id, source=Ballot.Source.PAPER,
                        submitted_on=today,
                        valid=rules.ballot_valid(known=known_answers, total=total,
                                                 valid_answer_share=settings.valid_answer_share))
        ballots.append(ballot)
        spent_codes.append(pk)
        for official_id in sorted(covered):
            marks = parsed.answers.get(official_id, {})
            for item in items:
                points, choice = marks.get(item.pk, (None, ""))
                answers.append(Answer(ballot=ballot, official_id=official_id, item=item, points=points, choice=choice))
    return ballots, answers, spent_codes


# --- what the page and the API share -----------------------------------------------------------


def upload_ballots(request, *, survey: Survey):
    """Check and import the request's `file` (audited, accepted or not). Returns (ImportRecord,
    []) or (None, problems); a file refused as a whole is one problem with no sheet and no row."""
    from excel.responses import audit_import, upload_problem

    upload = request.FILES.get("file")
    filename = upload.name if upload else ""
    name = f"survey {survey.pk} {IMPORT_NAME}"
    try:
        refusal = upload_problem(upload)
        if refusal:
            raise FileRejected(refusal)
        record = import_ballots(survey=survey, user=request.user, upload=upload, filename=filename)
    except FileRejected as exc:
        problems = [Problem("", None, "", str(exc))]
    except ImportFailed as exc:
        problems = exc.problems
    else:
        audit_import(request, cycle=survey.cycle, name=name, filename=filename, record=record)
        return record, []
    audit_import(request, cycle=survey.cycle, name=name, filename=filename, problems=[p.message for p in problems])
    return None, problems


def template_response(request, *, survey: Survey):
    """The template as a download (audited)."""
    import tempfile

    from django.http import FileResponse

    from accounts.audit import audit_event
    from excel.responses import XLSX

    spool = tempfile.TemporaryFile(suffix=".xlsx")
    rows = template_write(survey=survey, destination=spool)
    audit_event(actor=request.user, action="export", target=f"survey {survey.pk} ballots template",
                detail=_("{rows} 行").format(rows=rows), request=request, status=200)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=template_filename(survey), content_type=XLSX)
