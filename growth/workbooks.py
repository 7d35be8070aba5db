"""growth's workbooks, written and read with the excel app's machinery (excel.writer's write-only
SheetWriter, excel.reader's Sheet and cell parsers, excel.layouts.Layout): the learning points
template and its import, and the 绩岗薪 (pay and post) export.

The learning points import is all-or-nothing, like every import (excel.imports): each row is
parsed and checked; any problem in any row → nothing is written and every problem is reported as
(sheet, row, column, message); a clean file is written in one transaction, each row audited with
the file's name as its reason. The template lists the district's officials (编号, 姓名, 单位) with
empty activity columns; rows left empty are skipped."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audited_save
from accounts.scoping import scoped
from evaluations.labels import grade_label, outcome_label
from excel.imports import ImportFailed
from excel.layouts import DATE, DECIMAL, Layout
from excel.reader import Invalid, Problem, Sheet, choice, date, integer, listed, number, text
from excel.writer import Column, SheetWriter, new_workbook
from org.models import District, Official, RankLevel

from . import rules, selectors, services
from .models import LearningActivity

KINDS = {str(label): code for code, label in LearningActivity.Kind.choices}

LEARNING_POINTS = Layout(gettext_noop("学习积分登记表"), gettext_noop("学习积分"), [
    Column(gettext_noop("干部编号"), 9), Column(gettext_noop("姓名"), 10), Column(gettext_noop("单位"), 24),
    Column(gettext_noop("日期"), 12, DATE),
    Column(gettext_noop("类型"), 16, choices=tuple(str(x) for x in LearningActivity.Kind.labels)),
    Column(gettext_noop("名称"), 32), Column(gettext_noop("积分"), 8, "0.0"),
    Column(gettext_noop("佐证说明"), 40, wrap=True),
])
REQUIRED = ["姓名", "日期", "类型", "名称"]


def _title(district: District, what: str, today: datetime.date) -> str:
    return _("{district} {what}（导出日期：{today}）").format(district=district.name, what=what,
                                                         today=f"{today:%Y-%m-%d}")


def points_template_write(*, user, district: District, destination, today: datetime.date) -> int:
    """The import template: one row per official of the district `user` may read."""
    with translation.override("zh-hans"):
        workbook = new_workbook()
        sheet = SheetWriter(workbook, title=_(LEARNING_POINTS.sheet), heading=_title(
            district, _(LEARNING_POINTS.title), today), columns=LEARNING_POINTS.columns)
        for o in scoped(Official.objects.filter(unit__district=district), user).select_related("unit").order_by(
                "unit__sort_order", "unit__name", "name", "pk"):
            sheet.append([o.pk, o.name, o.unit.name, None, None, None, None, None])
        workbook.save(destination)
        return sheet.rows


def points_import(*, user, district: District, upload, filename: str) -> int:
    """Import the filled template into `district`'s learning points; the number of activities
    recorded. Raises excel.guard.FileRejected (unreadable file) or excel.imports.ImportFailed
    (the problems); in both cases nothing is written."""
    sheet = Sheet(upload, name=LEARNING_POINTS.sheet, headers=LEARNING_POINTS.headers, required=REQUIRED)
    officials: dict[int, Official] = {}
    by_name: dict[tuple[str, str], list[Official]] = {}
    for o in scoped(Official.objects.filter(unit__district=district), user).select_related("unit"):
        officials.setdefault(o.pk, o)
        by_name.setdefault((o.name, o.unit.name), []).append(o)
    reason = _("Excel 导入学习积分：{file}").format(file=filename)[:100]
    pending: list[LearningActivity] = []
    rows = 0
    for row, values in sheet.rows():
        cells = {}
        for header, parse, options in (
            ("干部编号", integer, {"required": False}), ("日期", date, {"required": False}),
            ("类型", choice, {"options": KINDS, "required": False}), ("名称", text, {"max_length": 200}),
            ("积分", number, {"low": Decimal(0), "high": rules.MAX_POINTS, "places": 1}),
            ("佐证说明", text, {"max_length": 1000}),
        ):
            try:
                cells[header] = parse(values.get(header), **options)
            except Invalid as exc:
                sheet.problem(row, header, str(exc))
                cells[header] = Invalid
        if all(cells[h] in (None, "") for h in ("日期", "类型", "名称", "积分", "佐证说明")):
            continue  # a template row left empty
        rows += 1
        for header in ("日期", "类型", "名称"):
            if cells[header] in (None, ""):
                sheet.problem(row, header, _("不能为空。"))
                cells[header] = Invalid
        official = _official_of(sheet, row, values, cells["干部编号"], officials, by_name)
        if official is None or Invalid in cells.values():
            continue
        pending.append(services._activity(official=official, held_on=cells["日期"], kind=cells["类型"],
                                          title=cells["名称"], points=cells["积分"], evidence=cells["佐证说明"]))
    if not rows and not sheet.problems:
        sheet.problems.append(Problem(sheet.name, None, "", _("表中没有数据行。")))
    if sheet.problems:
        raise ImportFailed(sorted(sheet.problems, key=lambda p: (p.row or 0, p.column)))
    with transaction.atomic():
        for activity in pending:
            audited_save(activity, actor=user, reason=reason, checked_by_caller=True)
    return len(pending)


def _official_of(sheet: Sheet, row: int, values: dict, pk, officials: dict, by_name: dict) -> Official | None:
    """The row's official: by 干部编号 when given, else by 姓名 + 单位 (exactly one match)."""
    if pk is Invalid:
        return None
    if pk is not None:
        official = officials.get(pk)
        if official is None:
            sheet.problem(row, "干部编号", _("找不到编号为 {pk} 的干部，或其不属于本区。").format(pk=pk))
        return official
    name, unit = str(values.get("姓名") or "").strip(), str(values.get("单位") or "").strip()
    found = by_name.get((name, unit), [])
    if len(found) != 1:
        sheet.problem(row, "姓名", _("本区“{unit}”没有名为“{name}”的干部。").format(unit=unit, name=name) if not found
                      else _("“{unit}”有多名“{name}”，请填写干部编号。").format(unit=unit, name=name))
        return None
    return found[0]


# --- 绩岗薪 (pay and post) ----------------------------------------------------------------------------

RANKS = dict(RankLevel.choices)


def pay_post_write(*, user, district: District, destination, today: datetime.date) -> int:
    """The 绩岗薪 workbook (seed 000: 考评结果与薪酬分配、职级晋升、岗位调整相挂钩): one row per official of
    the district: post kind and current rank, then for each of the last three finalized cycles
    the composite, rank, grade and outcomes, then the posts started since the oldest of those
    years, the rank level then and now, learning points since then and the person–post fit."""
    cycles, rows = selectors.pay_post_rows(user, district.pk, today=today)
    with translation.override("zh-hans"):
        columns = [Column(gettext_noop("干部编号"), 9), Column(gettext_noop("姓名"), 10),
                   Column(gettext_noop("单位"), 22), Column(gettext_noop("职务"), 20),
                   Column(gettext_noop("岗位类型"), 14), Column(gettext_noop("现职级"), 10)]
        for c in cycles:
            columns += [Column(_("{year}年综合得分").format(year=c.year), 12, DECIMAL),
                        Column(_("{year}年名次").format(year=c.year), 8),
                        Column(_("{year}年等次").format(year=c.year), 8),
                        Column(_("{year}年结果运用").format(year=c.year), 30, wrap=True)]
        columns += [Column(gettext_noop("期间岗位变动"), 40, wrap=True), Column(gettext_noop("期初职级"), 10),
                    Column(gettext_noop("职级变化"), 18), Column(gettext_noop("期间学习积分"), 12, "0.0"),
                    Column(gettext_noop("人岗适配度"), 10, "0.0")]
        workbook = new_workbook()
        sheet = SheetWriter(workbook, title=_("绩岗薪联动"), heading=_title(district, _("绩岗薪联动表"), today),
                            columns=columns)
        for r in rows:
            o = r.official
            values = [o.pk, o.name, o.unit.name, o.position, _(rules.POST_KIND_LABELS[r.post_kind]),
                      str(RANKS.get(o.rank_level, o.rank_level))]
            for result in r.results:
                if result is None:
                    values += [None, None, "", ""]
                else:
                    values += [result.composite, result.rank, grade_label(result.grade) if result.grade else "",
                               listed(outcome_label(code) for code in result.outcomes)]
            values += [
                "\n".join(_("{day} {unit} {position}（{rank}）").format(
                    day=f"{p.started_on:%Y-%m-%d}", unit=p.unit.name, position=p.position,
                    rank=RANKS.get(p.rank_level, "")) for p in r.posts),
                str(RANKS.get(r.rank_before, "")) if r.rank_before else "",
                _rank_change(r.rank_before, o.rank_level), r.points, r.fit,
            ]
            sheet.append(values)
        workbook.save(destination)
        return sheet.rows


_ORDER = [code for code, _label in RankLevel.choices]  # highest first


def _rank_change(before: str, now: str) -> str:
    if not before or before not in _ORDER or now not in _ORDER:
        return ""
    if before == now:
        return _("无变化")
    direction = _("晋升") if _ORDER.index(now) < _ORDER.index(before) else _("降低")
    return _("{direction}：{before} → {now}").format(direction=direction, before=RANKS[before], now=RANKS[now])


def pay_post_filename(district: District, today: datetime.date) -> str:
    with translation.override("zh-hans"):
        return _("{district}绩岗薪联动表{today}.xlsx").format(district=district.name, today=f"{today:%Y%m%d}")
