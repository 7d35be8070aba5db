"""What the page views and the API views share: reading the options of an export, writing it to
a temporary file for a response, and checking an upload before it is imported."""
from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.audit import audit_event

from . import exports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_options(name: str, query) -> dict:
    """?quarter=1–4 for the quarterly score sheet, ?protect=1 for the results report, ?headers=en
    for English headers on any export (zh, the default, keeps them Chinese); anything else is
    ignored."""
    options = {}
    quarter = query.get("quarter", "")
    if name == "quarterly-scores" and quarter in ("1", "2", "3", "4"):
        options["quarter"] = int(quarter)
    if name == "results" and query.get("protect", "") in ("1", "true", "yes", "on"):
        options["protect"] = True
    if query.get("headers", "") == "en":
        options["headers"] = "en"
    return options


def export_response(*, request, cycle, name: str, options: dict) -> FileResponse:
    """The export as a download, audited. openpyxl's write-only mode streams the rows to a
    temporary file; the response then streams that file."""
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    rows = exports.export_write(cycle=cycle, user=request.user, name=name, destination=spool, options=options)
    audit_event(actor=request.user, action="export", target=f"cycle {cycle.pk} {name}.xlsx",
                detail=_("{rows} 行 {options}").format(rows=rows, options=options or "").strip(), request=request,
                status=200)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=exports.filename(cycle, name, options),
                        content_type=XLSX)


def upload_problem(upload) -> str:
    """Why an uploaded file is refused before it is even opened, or ""."""
    from .guard import max_bytes, too_large

    if upload is None:
        return _("请选择要导入的 .xlsx 文件。")
    if upload.size > max_bytes():
        return too_large(upload.size)
    return ""


def export_file_response(request, pk) -> FileResponse:
    """A finished background export as a download (audited), if the user may open it (else 404)."""
    from django.http import Http404

    from .selectors import export_file_for

    record = export_file_for(request.user, pk)
    if record is None or not record.file:
        raise Http404
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit_event(actor=request.user, action="export_download", target=f"cycle {record.cycle_id} {record.name}.xlsx",
                detail=_("{rows} 行，{account} 号账号发起").format(rows=record.rows, account=record.requested_by_id),
                request=request, status=200)
    return FileResponse(handle, as_attachment=True,
                        filename=exports.filename(record.cycle, record.name, record.options), content_type=XLSX)


def audit_import(request, *, cycle, name: str, filename: str, record=None, problems=None) -> None:
    """An accepted import (its rows are in the history) or a refused file, in the audit log."""
    if record is not None:
        audit_event(actor=request.user, action="import", target=f"cycle {cycle.pk} {name}", status=200,
                    detail=_("{file}：{rows} 行，新增 {created}，修改 {updated}").format(
                        file=filename, rows=record.rows, created=record.created, updated=record.updated),
                    request=request)
    else:
        first = problems[0] if problems else ""
        audit_event(actor=request.user, action="import_refused", target=f"cycle {cycle.pk} {name}", status=400,
                    detail=ngettext("{file}：{count} 处问题；{first}", "{file}：{count} 处问题；{first}",
                                    len(problems or [])).format(
                        file=filename, count=len(problems or []), first=first)[:1000], request=request)


def import_upload(request, *, cycle, name: str):
    """Check and import the request's `file` into `cycle` (audited, accepted or not). Returns
    (ImportRecord, []) or (None, problems); a file refused as a whole is one problem with no
    sheet and no row."""
    from . import imports
    from .guard import FileRejected
    from .reader import Problem

    upload = request.FILES.get("file")
    filename = upload.name if upload else ""
    try:
        refusal = upload_problem(upload)
        if refusal:
            raise FileRejected(refusal)
        record = imports.import_run(cycle=cycle, user=request.user, name=name, upload=upload, filename=filename)
    except FileRejected as exc:
        problems = [Problem("", None, "", str(exc))]
    except imports.ImportFailed as exc:
        problems = exc.problems
    else:
        audit_import(request, cycle=cycle, name=name, filename=filename, record=record)
        return record, []
    audit_import(request, cycle=cycle, name=name, filename=filename, problems=[p.message for p in problems])
    return None, problems
