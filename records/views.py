"""Pages: supervision information (list per district with filters, add, edit, detail with its
proposal and history, import and template) and tolerance decisions (list, add, detail, revoke).
Staff write; leaders read; an official reads its own entries on its profile (profiles app)."""
from __future__ import annotations

import tempfile
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import about, roles, signed_in
from accounts.audit import audit_event
from accounts.models import Role
from accounts.scoping import CHANGE, CREATE, DELETE, may
from core.web import back, errors_onto_form, report, report_form
from excel.guard import FileRejected
from excel.imports import ImportFailed
from excel.reader import Problem
from excel.responses import XLSX, upload_problem
from org import selectors as org_selectors

from . import imports, selectors, services
from .forms import EntryFilterForm, EntryForm, ImportForm, NoteForm, ReasonForm, ToleranceForm
from .models import Attachment, SupervisionEntry, ToleranceDecision

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
WRITERS = (Role.ADMIN, Role.STAFF)
PAGE_SIZE = 30


def _district_filter(request, districts) -> int | None:
    raw = request.GET.get("district", "")
    ids = [d.pk for d in districts]
    if raw.isdigit() and int(raw) in ids:
        return int(raw)
    return ids[0] if len(ids) == 1 else None


def _officials(user):
    return org_selectors.official_list(user).select_related("unit").order_by("unit__name", "name")


@roles(*READERS)
def entries(request):
    """The supervision entries of a district, filtered by kind, severity, official and dates."""
    user = request.user
    districts = org_selectors.page_districts(user)
    district_id = _district_filter(request, districts)
    officials = list(org_selectors.official_list(user, district_id=district_id).select_related("unit"))
    filters = EntryFilterForm(request.GET or None, districts=districts, officials=officials)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.supervision_entries(
        user, district_id=district_id, kind=chosen.get("kind", ""), severity=chosen.get("severity", ""),
        official=chosen.get("official"), start=chosen.get("start"), end=chosen.get("end"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/entries.html", {
        "page": page, "entries": page.object_list, "filters": filters, "districts": districts,
        "district_id": district_id, "can_create": may(user, CREATE, SupervisionEntry),
        "filtered": any(chosen.get(k) for k in ("kind", "severity", "official", "start", "end")),
    })


def _entry_form(request, user, *, data=None, files=None, initial=None, editing=False):
    return EntryForm(data, files, initial=initial, officials=_officials(user), items=selectors.negative_items(),
                     cycles=selectors.open_cycles(user), editing=editing)


@roles(*WRITERS)
def entry_new(request):
    user = request.user
    if not may(user, CREATE, SupervisionEntry):
        raise Http404
    initial = {"occurred_on": None}
    if request.GET.get("official", "").isdigit():
        initial["official"] = int(request.GET["official"])
    form = _entry_form(request, user, data=request.POST or None, files=request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.supervision_entry_record(
                actor=user, official=data["official"], kind=data["kind"], occurred_on=data["occurred_on"],
                source=data["source"], summary=data["summary"], severity=data["severity"], internal=data["internal"],
                proposed_item=data.get("proposed_item"), proposed_cycle=data.get("proposed_cycle"),
                files=data.get("files") or [])
        except ValidationError as exc:
            errors_onto_form(form, exc, field_map={"attachments": "files"})
        else:
            messages.success(request, _("已记录%(name)s的监督信息。") % {"name": entry.official.name})
            return redirect(entry.get_absolute_url())
    return render(request, "records/entry_form.html", {
        "form": form, "title": _("记录监督信息"), "back": reverse("records:entries")})


@about(SupervisionEntry)
@roles(*WRITERS)
def entry_edit(request, pk: int):
    user = request.user
    entry = selectors.supervision_entry_for(user, pk, CHANGE)
    initial = {f: getattr(entry, f) for f in services.ENTRY_FIELDS}
    initial["official"] = entry.official
    form = _entry_form(request, user, data=request.POST or None, files=request.FILES or None, initial=initial,
                       editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {f: data.get(f) for f in services.ENTRY_FIELDS}
        try:
            services.supervision_entry_update(actor=user, entry=entry, files=data.get("files") or [], **changes)
        except ValidationError as exc:
            errors_onto_form(form, exc, field_map={"attachments": "files"})
        else:
            messages.success(request, _("已保存。"))
            return redirect(entry.get_absolute_url())
    return render(request, "records/entry_form.html", {
        "form": form, "title": _("修改监督信息"), "entry": entry, "back": entry.get_absolute_url()})


@about(SupervisionEntry)
@roles(*READERS)
def entry(request, pk: int):
    user = request.user
    row = selectors.supervision_entry_for(user, pk)
    can_change = may(user, CHANGE, SupervisionEntry)
    decisions = list(selectors.tolerance_decisions(user).filter(supervision_entry=row))
    return render(request, "records/entry.html", {
        "entry": row, "attachments": selectors.attachments_of(user, row), "history": selectors.history_of(row),
        "decisions": decisions, "tolerated": any(d.in_force for d in decisions),
        "can_change": can_change, "can_delete": may(user, DELETE, SupervisionEntry),
        "can_tolerate": may(user, CREATE, ToleranceDecision),
        "note_form": NoteForm(), "reason_form": ReasonForm(),
    })


def _act(request, row, form, call, *, missing: str, done: str, after: str | None = None):
    """A POST action on `row`: the form checked (`missing` when it is not valid), the service
    called with its cleaned data, its refusal or `done` as a message; back to the row's page
    (or to `after` once it succeeded)."""
    if not form.is_valid():
        if missing:
            messages.error(request, missing)
        else:
            report_form(request, form)
        return back(request, row.get_absolute_url())
    try:
        call(**form.cleaned_data)
    except ValidationError as exc:
        report(request, exc)
        return back(request, row.get_absolute_url())
    messages.success(request, done)
    return redirect(after) if after else back(request, row.get_absolute_url())


@about(SupervisionEntry)
@roles(*WRITERS)
@require_POST
def entry_confirm(request, pk: int):
    """Confirm the proposed negative list entry (recorded through evaluations' service)."""
    row = selectors.supervision_entry_for(request.user, pk, CHANGE)
    return _act(request, row, NoteForm(request.POST), partial(
        services.supervision_proposal_confirm, actor=request.user, entry=row), missing="",
        done=_("已记入负面清单。"))


@about(SupervisionEntry)
@roles(*WRITERS)
@require_POST
def entry_dismiss(request, pk: int):
    row = selectors.supervision_entry_for(request.user, pk, CHANGE)
    return _act(request, row, ReasonForm(request.POST), partial(
        services.supervision_proposal_dismiss, actor=request.user, entry=row),
        missing=_("不予记入须说明理由。"), done=_("已不予记入负面清单。"))


@about(SupervisionEntry)
@roles(*WRITERS)
@require_POST
def entry_delete(request, pk: int):
    row = selectors.supervision_entry_for(request.user, pk, DELETE)
    return _act(request, row, ReasonForm(request.POST), partial(
        services.supervision_entry_delete, actor=request.user, entry=row),
        missing=_("删除监督信息须说明理由。"), done=_("已删除这条监督信息。"), after=reverse("records:entries"))


@about(Attachment)
@signed_in
def attachment(request, pk: int):
    """An attachment, to those who may read its entry; always as a download, never inline."""
    row = selectors.attachment_for(request.user, pk)
    if row is None:
        raise Http404
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=row.original_name, content_type=row.content_type)


@about(Attachment)
@roles(*WRITERS)
@require_POST
def attachment_remove(request, pk: int):
    row = selectors.attachment_for(request.user, pk, DELETE)
    if row is None:
        raise Http404
    services.attachment_remove(actor=request.user, attachment=row)
    messages.success(request, _("已删除附件“%(name)s”。") % {"name": row.original_name})
    return back(request, row.entry.get_absolute_url())


# --- import and template ---------------------------------------------------------------------------


@roles(*WRITERS)
def entry_import(request):
    """Upload the workbook; all-or-nothing, every problem listed by row, column and reason."""
    user = request.user
    districts = [d for d in org_selectors.page_districts(user)]
    form = ImportForm(request.POST or None, request.FILES or None, districts=districts)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        district = next(d for d in districts if d.pk == form.cleaned_data["district"])
        upload = form.cleaned_data["file"]
        try:
            refusal = upload_problem(upload)
            if refusal:
                raise FileRejected(refusal)
            done = imports.supervision_import(user=user, district=district, upload=upload, filename=upload.name)
        except FileRejected as exc:
            problems = [Problem("", None, "", str(exc))]
        except ImportFailed as exc:
            problems = exc.problems
        else:
            audit_event(actor=user, action="import", target=f"district {district.pk} supervision-entries",
                        detail=_("{file}：{rows} 行，新增 {created}").format(file=upload.name, rows=done.rows,
                                                                         created=done.created),
                        request=request, status=200)
            messages.success(request, _("已导入 %(n)s 条监督信息。") % {"n": done.created})
            return redirect(reverse("records:entries") + f"?district={district.pk}")
        audit_event(actor=user, action="import_refused", target=f"district {district.pk} supervision-entries",
                    detail=(_("{file}：{count} 处问题").format(file=upload.name, count=len(problems))), request=request,
                    status=400)
    status = 400 if problems or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "records/import.html", {"form": form, "problems": problems}, status=status)


@roles(*WRITERS)
def entry_template(request):
    """The import template (.xlsx): the columns, with drop-downs for the kinds and severities."""
    districts = org_selectors.page_districts(request.user)
    district_id = _district_filter(request, districts) or (districts[0].pk if districts else None)
    district = next((d for d in districts if d.pk == district_id), None)
    if district is None:
        raise Http404
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    imports.template_write(district=district, destination=spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, content_type=XLSX,
                        filename=_("{district}干部监督信息导入模板.xlsx").format(district=district.name))


# --- tolerance decisions ------------------------------------------------------------------------------


@roles(*READERS)
def tolerances(request):
    user = request.user
    districts = org_selectors.page_districts(user)
    district_id = _district_filter(request, districts)
    rows = selectors.tolerance_decisions(user, district_id=district_id)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/tolerances.html", {
        "page": page, "decisions": page.object_list, "districts": districts, "district_id": district_id,
        "officials": _officials(user) if may(user, CREATE, ToleranceDecision) else [],
        "can_create": may(user, CREATE, ToleranceDecision),
    })


@roles(*WRITERS)
def tolerance_new(request):
    """A decision for one official: choose the official (?official=), then the entry it concerns."""
    user = request.user
    raw = request.GET.get("official") or request.POST.get("official") or ""
    person = org_selectors.official_list(user).filter(pk=int(raw)).first() if raw.isdigit() else None
    if person is None:
        messages.error(request, _("请先选择干部。"))
        return redirect("records:tolerances")
    initial = {}
    if request.GET.get("entry", "").isdigit():
        initial["target"] = f"s{request.GET['entry']}"
    if request.GET.get("list_entry", "").isdigit():
        initial["target"] = f"l{request.GET['list_entry']}"
    form = ToleranceForm(request.POST or None, initial=initial,
                         list_entries=selectors.tolerable_list_entries(user, person),
                         supervision_entries=selectors.tolerable_supervision_entries(user, person),
                         cycles=selectors.cycles(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.tolerance_decision_record(
                actor=user, official=person, cycle=data["cycle"], list_entry=data["list_entry"],
                supervision_entry=data["supervision_entry"], grounds=data["grounds"], decided_by=data["decided_by"],
                approved_on=data["approved_on"], clears_name=data["clears_name"], note=data["note"])
        except ValidationError as exc:
            errors_onto_form(form, exc, field_map={"list_entry": "target", "supervision_entry": "target"})
        else:
            messages.success(request, _("已记录容错纠错认定。"))
            return redirect(decision.get_absolute_url())
    return render(request, "records/tolerance_form.html", {
        "form": form, "official": person, "title": _("记录容错纠错认定"), "back": reverse("records:tolerances")})


@about(ToleranceDecision)
@roles(*READERS)
def tolerance(request, pk: int):
    user = request.user
    decision = selectors.tolerance_decision_for(user, pk)
    return render(request, "records/tolerance.html", {
        "decision": decision, "history": selectors.history_of(decision),
        "can_revoke": decision.in_force and may(user, CHANGE, ToleranceDecision), "reason_form": ReasonForm(),
    })


@about(ToleranceDecision)
@roles(*WRITERS)
@require_POST
def tolerance_revoke(request, pk: int):
    decision = selectors.tolerance_decision_for(request.user, pk, CHANGE)
    return _act(request, decision, ReasonForm(request.POST), partial(
        services.tolerance_decision_revoke, actor=request.user, decision=decision),
        missing=_("撤销容错纠错认定须说明理由。"), done=_("已撤销容错纠错认定。"))
