"""Excel pages: a cycle's exports (download, or for a large cycle a worker with a progress bar
and a download link), the imports with their templates, and the table of every problem of a
refused file. Every object comes through accounts.scoping; a foreign cycle answers 404."""
from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.access import about, roles
from accounts.models import Role
from accounts.scoping import CHANGE, EXPORT, may
from cycles import selectors as cycle_selectors
from cycles.models import Cycle
from cycles.services import QueueUnavailable
from cycles.web import task_panel

from . import exports, imports, selectors, services
from .models import ExportFile
from .responses import export_file_response, export_options, export_response, import_upload

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
TASK_LABELS = {"pending": gettext_lazy("排队中"), "running": gettext_lazy("生成中"), "success": gettext_lazy("已生成"),
               "failure": gettext_lazy("生成失败")}

EXPORT_TEXT = {
    "results": gettext_lazy("名次、四维得分、加分、一票否决、综合得分、等次和结果运用；"
                            "可选保护工作表，防止打印前误改。"),
    "quarterly-scores": gettext_lazy("每项已通过目标每季度一行；填写“得分”或“季度评级”后可直接作为季度评分导入模板。"),
    "pledges": gettext_lazy("全部履职践诺目标及推进节点、状态和评级；也是目标导入模板。"),
    "officials": gettext_lazy("本区干部的单位、职务、职级和任现职时间；也是干部名册导入模板。"),
    "unit-scores": gettext_lazy("各单位综合绩效考核得分；也是导入模板。"),
    "survey-scores": gettext_lazy("每名干部四类测评主体的得分；也是导入模板。"),
    "political-reviews": gettext_lazy("每名党政正职的政治素质测评结果（合格 / 不合格）和说明；也是导入模板。"),
}
IMPORT_TEXT = {
    "officials": gettext_lazy("新增或修改干部（无编号的行按“姓名 + 单位”匹配）；岗位变动请同时填写新的任现职时间。"),
    "pledges": gettext_lazy("代干部登记新的履职践诺目标（草稿）；已登记的目标不会被改写。"),
    "quarterly-scores": gettext_lazy("按“目标编号 + 季度”写入得分或季度评级；已发布季度的修改须填写修改理由。"),
    "unit-scores": gettext_lazy("年底评定阶段录入各单位综合绩效得分。"),
    "survey-scores": gettext_lazy("年底评定阶段录入多维测评得分（空格不改动已有数据）。"),
    "political-reviews": gettext_lazy("年底评定阶段录入政治素质测评：测评结果填“合格”或“不合格”，不合格须填写说明；"
                                      "测评结果为空的行不改动。"),
}


def _page(request, cycle: Cycle, *, problems=None, failed: str = "", status: int = 200):
    user = request.user
    inline_max = settings.EXPORT_INLINE_MAX_ROWS
    export_rows = [
        {"name": name, "title": _(layout.title), "text": EXPORT_TEXT[name],
         "rows": exports.export_rows(cycle=cycle, user=user, name=name),
         "url": reverse("excel:export", args=[cycle.pk, name]),
         "start_url": reverse("excel:export_start", args=[cycle.pk, name])}
        for name, (layout, _rows, _count) in exports.EXPORTS.items()
    ]
    for row in export_rows:
        row["background"] = row["rows"] > inline_max
    can_import = may(user, CHANGE, Cycle)
    import_rows = [
        {"name": name, "title": _(layout.title), "text": IMPORT_TEXT[name],
         "url": reverse("excel:import", args=[cycle.pk, name]),
         "template_url": reverse("excel:export", args=[cycle.pk, name]), "refusal": layout.import_refusal(cycle)}
        for name, (layout, _required, _run) in imports.IMPORTS.items()
    ] if can_import else []
    files = list(selectors.export_files_of(user, cycle))
    for f in files:
        f.label = _(exports.EXPORTS[f.name][0].title) if f.name in exports.EXPORTS else f.name
    done = list(selectors.imports_of(user, cycle))
    for r in done:
        r.label = _(imports.IMPORTS[r.name][0].title) if r.name in imports.IMPORTS else r.name
    task = _task_panel(request, cycle)
    return render(request, "excel/cycle.html", {
        "cycle": cycle, "task_labels": json.dumps({k: str(v) for k, v in TASK_LABELS.items()}, ensure_ascii=False),
        "export_rows": export_rows,
        "import_rows": import_rows, "files": files, "task": task,
        "imports_done": done, "problems": problems, "failed": failed,
        "max_mb": settings.IMPORT_MAX_BYTES // 1048576, "max_rows": f"{settings.IMPORT_MAX_ROWS:,}",
    }, status=status)


def _task_panel(request, cycle: Cycle) -> dict | None:
    """The background export named by ?export=, if it is the user's and this cycle's."""
    pk = request.GET.get("export", "")
    # ASCII digits, and few: str.isdigit() also takes "²", which int() refuses
    plausible = pk.isascii() and pk.isdigit() and len(pk) < 16
    record = selectors.export_file_for(request.user, int(pk)) if plausible else None
    if record is None:
        return None
    status = task_panel(request, cycle, labels=TASK_LABELS, task_id=record.task_id)
    if status is not None:
        status["record"] = record
        status["title"] = _(exports.EXPORTS[record.name][0].title)
    return status


@about(Cycle)
@roles(*READERS)
def cycle(request, pk: int):
    """The cycle's exports and imports."""
    return _page(request, cycle_selectors.cycle_for(request.user, pk))


@about(Cycle)
@roles(*READERS)
def export(request, pk: int, name: str):
    """Download an export now (write-only openpyxl, streamed from a temporary file)."""
    if name not in exports.EXPORTS:
        raise Http404
    cycle = cycle_selectors.cycle_for(request.user, pk, EXPORT)
    return export_response(request=request, cycle=cycle, name=name, options=export_options(name, request.GET))


@about(Cycle)
@roles(*READERS)
@require_POST
def export_start(request, pk: int, name: str):
    """Write a large export in a worker and follow it with a progress bar."""
    if name not in exports.EXPORTS:
        raise Http404
    cycle = cycle_selectors.cycle_for(request.user, pk, EXPORT)
    try:
        record = services.export_file_start(actor=request.user, cycle=cycle, name=name,
                                            options=export_options(name, request.POST))
    except QueueUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("excel:cycle", cycle.pk)
    title = _(exports.EXPORTS[name][0].title)
    messages.info(request, _("已开始生成“{title}”，完成后可在本页下载。").format(title=title))
    return redirect(reverse("excel:cycle", args=[cycle.pk]) + f"?export={record.pk}#exports")


@about(Cycle)
@roles(*READERS)
@require_POST
def import_(request, pk: int, name: str):
    """Import a workbook; a refused file shows every problem and writes nothing."""
    if name not in imports.IMPORTS:
        raise Http404
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    title = _(imports.IMPORTS[name][0].title)
    record, problems = import_upload(request, cycle=cycle, name=name)
    if record is None and len(problems) == 1 and not problems[0].sheet:
        failed = _("“{title}”导入失败：{problem} 未写入任何数据。").format(title=title, problem=problems[0].message)
        return _page(request, cycle, problems=[], failed=failed, status=400)
    if record is None:
        failed = ngettext("“{title}”导入失败：共 {count} 处问题，未写入任何数据。请修改后重新上传。",
                          "“{title}”导入失败：共 {count} 处问题，未写入任何数据。请修改后重新上传。",
                          len(problems)).format(title=title, count=len(problems))
        return _page(request, cycle, problems=problems, failed=failed, status=400)
    if record.created or record.updated:
        messages.success(request, ngettext("“{title}”导入完成：{rows} 行，新增 {created} 条，修改 {updated} 条。",
                                           "“{title}”导入完成：{rows} 行，新增 {created} 条，修改 {updated} 条。",
                                           record.rows).format(title=title, rows=record.rows, created=record.created,
                                                               updated=record.updated))
    else:
        messages.info(request, ngettext("“{title}”已导入：{rows} 行，与系统中的数据一致，没有变化。",
                                        "“{title}”已导入：{rows} 行，与系统中的数据一致，没有变化。",
                                        record.rows).format(title=title, rows=record.rows))
    return redirect(reverse("excel:cycle", args=[cycle.pk]) + "#imports")


@about(ExportFile)
@roles(*READERS)
def download(request, pk: int):
    """A finished background export, for accounts of the requester's role in its district."""
    return export_file_response(request, pk)
