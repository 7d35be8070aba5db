"""The growth pages: learning points of a district and year (totals, unit ranks, the activities,
entry and import), contests and presentations (list, one event with its standings), the
competency model with each official's fit, and the 绩岗薪 workbook. Staff and leaders read; staff
write (forms POST and redirect; a bad form comes back with its errors and status 400). Objects
come through the selectors, scoped: one the user may read but not change answers 403, one it may
not read 404."""
from __future__ import annotations

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import about, roles
from accounts.audit import audit_event
from accounts.models import Role
from accounts.scoping import CHANGE, CREATE, may, scoped
from core.web import errors_onto_form
from excel.guard import FileRejected
from excel.imports import ImportFailed
from excel.reader import Problem
from excel.responses import XLSX, upload_problem
from org import selectors as org_selectors

from . import rules, selectors, services, workbooks
from .forms import (
    ActivityForm,
    AssessmentForm,
    CompetencyForm,
    EventForm,
    ImportForm,
    ParticipantForm,
    QuestionForm,
    ScoreForm,
)
from .models import Competency, ContestEvent, ContestParticipant, LearningActivity

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
WRITERS = (Role.ADMIN, Role.STAFF)


def _district(request):
    """(districts offered, the chosen one): `district` of the query or the form if it is one of
    the user's, else the first."""
    districts = org_selectors.page_districts(request.user)
    raw = request.POST.get("district") or request.GET.get("district", "")
    chosen = next((d for d in districts if raw.isascii() and raw.isdigit() and d.pk == int(raw)), None)
    return districts, chosen or (districts[0] if districts else None)


def _year(request) -> int:
    raw = request.POST.get("year") or request.GET.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else timezone.localdate().year
    return min(max(year, 2000), 2100)


def _officials(request, district):
    return scoped(org_selectors.district_officials(request.user, district.pk), request.user, CREATE) \
        if district else org_selectors.district_officials(request.user, 0)


@roles(*READERS)
def index(request):
    """What the growth pages hold, and the 绩岗薪 workbook of each district."""
    districts, district = _district(request)
    return render(request, "growth/index.html", {"districts": districts, "district": district})


# --- learning points ------------------------------------------------------------------------------


def _points_page(request, *, form=None, import_form=None, problems=None, status=200):
    user = request.user
    districts, district = _district(request)
    year = _year(request)
    rows = selectors.points_table(user, district_id=district.pk, year=year) if district else []
    can_write = may(user, CREATE, LearningActivity)
    return render(request, "growth/points.html", {
        "districts": districts, "district": district, "year": year, "rows": rows,
        "activities": selectors.activities_of_year(user, district_id=district.pk, year=year) if district else [],
        "years": sorted({year, *(selectors.activity_years(user, district.pk) if district else [])}, reverse=True),
        "can_write": can_write,
        "form": form or (ActivityForm(officials=_officials(request, district)) if can_write else None),
        "import_form": import_form or (ImportForm() if can_write else None),
        "problems": problems, "defaults": [(rules.ACTIVITY_LABELS[k], v) for k, v in rules.DEFAULT_POINTS.items()],
    }, status=status)


@roles(*READERS)
def points(request):
    """A district's learning points of a year: each official's total and rank within its unit."""
    return _points_page(request)


@require_POST
@roles(*WRITERS)
def activity_new(request):
    _districts, district = _district(request)
    form = ActivityForm(request.POST, officials=_officials(request, district))
    if form.is_valid():
        try:
            services.activity_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已登记学习积分。"))
            return redirect(reverse("growth:points") + f"?district={district.pk}&year={_year(request)}")
    return _points_page(request, form=form, status=400)


@roles(*WRITERS)
def points_template(request):
    """The learning points import template of the district (its officials, activity columns empty)."""
    _districts, district = _district(request)
    if district is None:
        return redirect("growth:points")
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    rows = workbooks.points_template_write(user=request.user, district=district, destination=spool,
                                           today=timezone.localdate())
    audit_event(actor=request.user, action="export", target=f"district {district.pk} learning-points template",
                detail=str(rows), request=request, status=200)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=_("学习积分登记表.xlsx"), content_type=XLSX)


@require_POST
@roles(*WRITERS)
def points_import(request):
    """Import a filled template: all rows or none; every problem by row and column."""
    _districts, district = _district(request)
    form = ImportForm(request.POST, request.FILES)
    upload = request.FILES.get("file")
    try:
        refusal = upload_problem(upload)
        if refusal:
            raise FileRejected(refusal)
        count = workbooks.points_import(user=request.user, district=district, upload=upload, filename=upload.name)
    except FileRejected as exc:
        problems = [Problem("", None, "", str(exc))]
    except ImportFailed as exc:
        problems = exc.problems
    else:
        audit_event(actor=request.user, action="import", target=f"district {district.pk} learning-points",
                    detail=f"{upload.name}: {count}", request=request, status=200)
        messages.success(request, _("已导入 {count} 条学习积分记录。").format(count=count))
        return redirect(reverse("growth:points") + f"?district={district.pk}&year={_year(request)}")
    audit_event(actor=request.user, action="import_refused", target=f"district {district.pk} learning-points",
                detail=(problems[0].message if problems else "")[:1000], request=request, status=400)
    return _points_page(request, import_form=form, problems=problems, status=400)


# --- contests -------------------------------------------------------------------------------------


def _events_page(request, *, form=None, status=200):
    districts, district = _district(request)
    can_write = may(request.user, CREATE, ContestEvent)
    return render(request, "growth/events.html", {
        "districts": districts, "district": district,
        "events": selectors.event_list(request.user, district.pk if district else 0),
        "form": form or (EventForm() if can_write else None),
    }, status=status)


@roles(*READERS)
def events(request):
    """The district's 擂台赛 and 评辩会, newest first."""
    return _events_page(request)


@require_POST
@roles(*WRITERS)
def event_new(request):
    _districts, district = _district(request)
    form = EventForm(request.POST)
    if form.is_valid() and district is not None:
        event = services.event_create(actor=request.user, district=district, **form.cleaned_data)
        messages.success(request, _("已登记“{title}”。").format(title=event.title))
        return redirect("growth:event", pk=event.pk)
    return _events_page(request, form=form, status=400)


def _event_page(request, event, *, forms=None, status=200):
    user = request.user
    standings = selectors.event_standings(user, event)
    can_write = scoped(ContestEvent.objects.filter(pk=event.pk), user, CHANGE).exists()
    context = {"event": event, "standings": standings, "can_write": can_write}
    if can_write:
        participants = scoped(ContestParticipant.objects.filter(event=event), user).select_related("official")
        officials = scoped(org_selectors.district_officials(user, event.district_id), user, CREATE)
        context.update({
            "participant_form": ParticipantForm(officials=officials),
            "score_form": ScoreForm(participants=participants),
            "question_form": QuestionForm(participants=participants),
            **(forms or {}),
        })
    return render(request, "growth/event.html", context, status=status)


@about(ContestEvent)
@roles(*READERS)
def event(request, pk: int):
    """One event: its participants ranked by result (mean of the judges' scores), each with its
    topic, scores and the questions asked."""
    return _event_page(request, selectors.event_for(request.user, pk))


def _event_write(request, pk: int, form_class, name: str, save):
    event = selectors.event_for(request.user, pk, CHANGE)
    user = request.user
    kwargs = ({"officials": scoped(org_selectors.district_officials(user, event.district_id), user, CREATE)}
              if form_class is ParticipantForm else
              {"participants": scoped(ContestParticipant.objects.filter(event=event), user).select_related("official")})
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            save(event, form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("growth:event", pk=event.pk)
    return _event_page(request, event, forms={name: form}, status=400)


@about(ContestEvent)
@require_POST
@roles(*WRITERS)
def event_participant(request, pk: int):
    return _event_write(request, pk, ParticipantForm, "participant_form", lambda event, data: services.participant_add(
        actor=request.user, event=event, **data))


@about(ContestEvent)
@require_POST
@roles(*WRITERS)
def event_score(request, pk: int):
    return _event_write(request, pk, ScoreForm, "score_form", lambda event, data: services.score_record(
        actor=request.user, **data))


@about(ContestEvent)
@require_POST
@roles(*WRITERS)
def event_question(request, pk: int):
    return _event_write(request, pk, QuestionForm, "question_form", lambda event, data: services.question_record(
        actor=request.user, **data))


# --- competency model -----------------------------------------------------------------------------


def _competencies_page(request, *, forms=None, status=200):
    user = request.user
    districts, district = _district(request)
    competencies = selectors.competencies_of(user, district.pk) if district else []
    kinds = [(code, _(label)) for code, label in rules.POST_KIND_LABELS.items()]
    can_write = may(user, CREATE, Competency)
    context = {
        "districts": districts, "district": district, "kinds": kinds,
        "competencies": [(c, [c.required.get(code) for code, _label in kinds]) for c in competencies],
        "fits": [(o, _(rules.POST_KIND_LABELS[kind]), fit)
                 for o, kind, fit in (selectors.fit_table(user, district.pk) if district else [])],
        "can_write": can_write,
    }
    if can_write and district:
        context.update({
            "competency_form": CompetencyForm(),
            "assessment_form": AssessmentForm(officials=_officials(request, district), competencies=scoped(
                Competency.objects.filter(district=district), user, CREATE)),
            **(forms or {}),
        })
    return render(request, "growth/competencies.html", context, status=status)


@roles(*READERS)
def competencies(request):
    """The district's competency model (the level each post kind requires) and each official's fit."""
    return _competencies_page(request)


@require_POST
@roles(*WRITERS)
def competency_new(request):
    _districts, district = _district(request)
    form = CompetencyForm(request.POST)
    if form.is_valid() and district is not None:
        try:
            services.competency_create(actor=request.user, district=district, name=form.cleaned_data["name"],
                                       description=form.cleaned_data["description"], required=form.required_levels())
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已新建胜任力。"))
            return redirect(reverse("growth:competencies") + f"?district={district.pk}")
    return _competencies_page(request, forms={"competency_form": form}, status=400)


@require_POST
@roles(*WRITERS)
def assessment_new(request):
    _districts, district = _district(request)
    form = AssessmentForm(request.POST, officials=_officials(request, district), competencies=scoped(
        Competency.objects.filter(district=district), request.user, CREATE))
    if form.is_valid() and district is not None:
        try:
            services.assessment_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已记录胜任力评定。"))
            return redirect(reverse("growth:competencies") + f"?district={district.pk}")
    return _competencies_page(request, forms={"assessment_form": form}, status=400)


# --- 绩岗薪 ----------------------------------------------------------------------------------------


def pay_post_response(request, district) -> FileResponse:
    """The 绩岗薪 workbook of `district` as a download (audited); shared with the API view."""
    today = timezone.localdate()
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    rows = workbooks.pay_post_write(user=request.user, district=district, destination=spool, today=today)
    audit_event(actor=request.user, action="export", target=f"district {district.pk} pay-post.xlsx",
                detail=str(rows), request=request, status=200)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=workbooks.pay_post_filename(district, today),
                        content_type=XLSX)


@roles(*READERS)
def pay_post(request):
    """The 绩岗薪 workbook of the chosen district."""
    _districts, district = _district(request)
    if district is None:
        return redirect("growth:index")
    return pay_post_response(request, district)
