"""The supervision information workbook: a template export and its import, with excel's reader,
file guard and row machinery (excel.imports.Context). The import is all-or-nothing: every row is
parsed and checked, any problem in any row → nothing is written, and every problem is reported as
(sheet, row, column, message); a valid file is written in one transaction through
`supervision_entry_record` (audited, the reason naming the file)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.scoping import scoped
from cycles.models import Cycle
from cycles.selectors import current_cycle
from evaluations.models import ListItem
from excel.imports import INVALID, Context, ImportFailed
from excel.layouts import DATE, Layout
from excel.reader import Problem, Sheet, choice, date, integer, text
from excel.writer import Column, SheetWriter, new_workbook
from org.models import District, Official

from . import services
from .models import SupervisionEntry

KINDS = {str(label): code for code, label in SupervisionEntry.Kind.choices}
SEVERITIES = {str(label): code for code, label in SupervisionEntry.Severity.choices}
YES_NO = {"是": True, "否": False}
LAYOUT = Layout(gettext_noop("干部监督信息登记表"), gettext_noop("监督信息"), [
    Column(gettext_noop("干部编号"), 9), Column(gettext_noop("干部"), 10), Column(gettext_noop("单位"), 22),
    Column(gettext_noop("信息类别"), 14, choices=tuple(KINDS)), Column(gettext_noop("发生日期"), 12, DATE),
    Column(gettext_noop("信息来源"), 22), Column(gettext_noop("内容摘要"), 48, wrap=True),
    Column(gettext_noop("程度"), 9, choices=tuple(SEVERITIES)),
    Column(gettext_noop("内部掌握"), 9, choices=("是", "否")),
    Column(gettext_noop("建议负面清单编号"), 14),
])
REQUIRED = ["干部", "信息类别", "发生日期", "信息来源", "内容摘要"]
FIELDS = {"official": "干部", "kind": "信息类别", "occurred_on": "发生日期", "source": "信息来源",
          "summary": "内容摘要", "severity": "程度", "internal": "内部掌握", "proposed_item": "建议负面清单编号",
          "proposed_cycle": "建议负面清单编号", "attachments": "内容摘要"}


@dataclass
class Imported:
    rows: int
    created: int


def template_write(*, district: District, destination) -> None:
    """The import template: the title row, the headers with drop-downs, no rows."""
    workbook = new_workbook()
    SheetWriter(workbook, title=_(LAYOUT.sheet), heading=_("{district} {what}（导出日期：{today}）").format(
        district=district.name, what=_(LAYOUT.title), today=f"{timezone.localdate():%Y-%m-%d}"),
        columns=LAYOUT.columns)
    workbook.save(destination)


def _official_of_row(ctx: Context, row: int, values: dict, by_id: dict, by_name: dict):
    """By 干部编号, else by name (and unit, where the name repeats in the district)."""
    pk = ctx.cell(row, "干部编号", integer, values, required=False)
    if pk is INVALID:
        return None
    if pk is not None:
        official = by_id.get(pk)
        if official is None:
            ctx.sheet.problem(row, "干部编号", _("找不到编号为 {pk} 的干部，或其不在本区任职。").format(pk=pk))
        return official
    name = str(values.get("干部") or "").strip()
    matches = by_name.get(name, [])
    unit = str(values.get("单位") or "").strip()
    if len(matches) > 1 and unit:
        matches = [o for o in matches if o.unit.name == unit]
    if len(matches) == 1:
        return matches[0]
    if not name:
        ctx.sheet.problem(row, "干部", _("不能为空。"))
    elif not matches:
        ctx.sheet.problem(row, "干部", _("本区没有干部“{name}”；请填写干部编号或正确的姓名。").format(name=name))
    else:
        ctx.sheet.problem(row, "干部", _("本区有 {count} 名干部叫“{name}”，请填写干部编号或单位。").format(
            count=len(matches), name=name))
    return None


def supervision_import(*, user, district: District, upload, filename: str) -> Imported:
    """Check and import the workbook into `district`'s supervision information. Raises
    excel.guard.FileRejected (the file cannot be read) or ImportFailed (rows are wrong); in both
    cases nothing was written."""
    sheet = Sheet(upload, name=LAYOUT.sheet, headers=LAYOUT.headers, required=REQUIRED)
    reason = _("Excel 导入监督信息：{file}").format(file=filename)[:100]
    ctx = Context(cycle=None, user=user, sheet=sheet, reason=reason)
    officials = list(scoped(Official.objects.filter(unit__district=district), user).select_related("unit__district"))
    by_id = {o.pk: o for o in officials}
    by_name: dict[str, list] = {}
    for official in officials:
        by_name.setdefault(official.name, []).append(official)
    items = {i.code: i for i in ListItem.objects.filter(kind=ListItem.Kind.NEGATIVE)}
    cycle = current_cycle(Cycle.objects.filter(district=district).exclude(state=Cycle.State.FINALIZED)
                          .select_related("district"))
    with transaction.atomic():
        for row, values in sheet.rows():
            ctx.rows += 1
            official = _official_of_row(ctx, row, values, by_id, by_name)
            fields = {
                "kind": ctx.cell(row, "信息类别", choice, values, options=KINDS),
                "occurred_on": ctx.cell(row, "发生日期", date, values),
                "source": ctx.cell(row, "信息来源", text, values, max_length=200, required=True),
                "summary": ctx.cell(row, "内容摘要", text, values, max_length=2000, required=True),
                "severity": ctx.cell(row, "程度", choice, values, options=SEVERITIES, required=False),
                "internal": ctx.cell(row, "内部掌握", choice, values, options=YES_NO, required=False),
            }
            code = ctx.cell(row, "建议负面清单编号", text, values, max_length=20)
            item = None
            if code and code is not INVALID:
                item = items.get(code.upper()) or items.get(code)
                if item is None:
                    ctx.sheet.problem(row, "建议负面清单编号",
                                      _("没有编号为“{code}”的负面清单条目。").format(code=code))
                    code = INVALID
                elif cycle is None:
                    ctx.sheet.problem(row, "建议负面清单编号",
                                      _("本区没有未完成评定的考核年度，不能建议记入负面清单。"))
                    code = INVALID
            if official is None or code is INVALID or INVALID in fields.values():
                continue
            fields["severity"] = fields["severity"] or SupervisionEntry.Severity.INFO
            fields["internal"] = bool(fields["internal"])
            if not ctx.sheet.problems and ctx.service(row, FIELDS, partial(
                    services.supervision_entry_record, actor=user, official=official, proposed_item=item,
                    proposed_cycle=cycle if item else None, reason=reason, **fields)):
                ctx.created += 1
            elif ctx.sheet.problems:
                # Later rows are still checked (every problem listed), but no longer written.
                _check_only(ctx, row, official, fields, item, cycle)
        if not ctx.rows and not sheet.problems:
            sheet.problems.append(Problem(sheet.name, None, "", _("表中没有数据行。")))
        if sheet.problems:
            raise ImportFailed(sorted(sheet.problems, key=lambda p: (p.row or 0, p.column)))
    return Imported(rows=ctx.rows, created=ctx.created)


def _check_only(ctx: Context, row: int, official, fields: dict, item, cycle) -> None:
    """Once a problem was found nothing more is written; a row is still checked by the service
    inside a savepoint that is always rolled back, so its problems are listed too."""
    class _Undo(Exception):
        pass

    def attempt():
        services.supervision_entry_record(actor=ctx.user, official=official, proposed_item=item,
                                          proposed_cycle=cycle if item else None, **fields)
        raise _Undo

    try:
        ctx.service(row, FIELDS, attempt)
    except _Undo:
        pass
