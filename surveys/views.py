"""Survey pages. Staff (leaders read): a cycle's surveys, define one, issue codes (printable
slips with QR codes), open / close / confirm, the results with the political proposals. Public:
the phone ballot /ballots/<code>/ — no account, no JavaScript, one form."""
from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import about, public, roles
from accounts.models import Role
from accounts.scoping import CHANGE, CREATE, may, scoped
from boards import qr
from cycles import selectors as cycle_selectors
from cycles.models import Cycle
from evaluations.models import RaterGroup
from org.models import Unit

from . import rules, selectors, services
from .forms import CodesForm, ProposalForm, SurveyForm
from .models import BallotCode, Survey
from .throttling import BallotThrottle

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)


def _problems(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [message for messages_ in exc.message_dict.values() for message in messages_]
    return exc.messages


# --- staff pages ---------------------------------------------------------------------------------
@about(Cycle)
@roles(*READERS)
@require_safe
def cycle_surveys(request, pk: int):
    """The cycle's surveys with their state and a link to each."""
    cycle = cycle_selectors.cycle_for(request.user, pk)
    surveys = list(selectors.survey_list(request.user, cycle))
    return render(request, "surveys/cycle.html", {
        "cycle": cycle, "surveys": surveys, "can_create": may(request.user, CREATE, Survey)})


def _form_errors_onto(form, exc: ValidationError) -> None:
    for field, messages_ in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@about(Cycle)
@roles(Role.ADMIN, Role.STAFF)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_new(request, pk: int):
    """A new survey of the cycle (a draft): items, scale, settings."""
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(actor=request.user, cycle=cycle, kind=data["kind"], title=data["title"],
                                            items=data["items"], scale=data["scale"], settings=form.settings())
        except ValidationError as exc:
            _form_errors_onto(form, exc)
        else:
            messages.success(request, _("已新建测评“%(title)s”。") % {"title": survey.title})
            return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/form.html", {"cycle": cycle, "form": form, "survey": None},
                  status=400 if form.errors else 200)


@about(Survey)
@roles(Role.ADMIN, Role.STAFF)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_edit(request, pk: int):
    """Change a draft survey."""
    survey = selectors.survey_for(request.user, pk, CHANGE)
    form = SurveyForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.survey_update(actor=request.user, survey=survey, title=data["title"], items=data["items"],
                                   scale=data["scale"], settings=form.settings(), reason=data.get("reason", ""))
        except ValidationError as exc:
            _form_errors_onto(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/form.html", {"cycle": survey.cycle, "form": form, "survey": survey},
                  status=400 if form.errors else 200)


def _units(user, survey: Survey):
    return scoped(Unit.objects.filter(district_id=survey.cycle.district_id), user).order_by("sort_order", "name")


@about(Survey)
@roles(*READERS)
@require_safe
def survey_detail(request, pk: int):
    """A survey: its state, items, the codes issued per rater group, and the actions its state
    allows (issue codes, open, close, confirm)."""
    survey = selectors.survey_for(request.user, pk)
    can_change = may(request.user, CHANGE, Survey)
    return render(request, "surveys/detail.html", {
        "cycle": survey.cycle, "survey": survey, "items": list(survey.items.all()),
        "officials": survey.officials.count(), "codes": selectors.code_counts(survey),
        "ballots": survey.ballots.count(), "valid": survey.ballots.filter(valid=True).count(),
        "can_change": can_change, "settings": rules.Settings.of(survey.settings),
        "codes_form": CodesForm(units=_units(request.user, survey))
        if can_change and survey.state in (Survey.State.DRAFT, Survey.State.OPEN) else None,
    })


def _qr_data_uri(url: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr.qr_svg(url)).decode()


@about(Survey)
@roles(Role.ADMIN, Role.STAFF)
@require_POST
def codes_issue(request, pk: int):
    """Issue codes and show them once, as printable slips (one per code, with the ballot's
    address and its QR code). Nothing on the server can show them again."""
    survey = selectors.survey_for(request.user, pk, CHANGE)
    form = CodesForm(request.POST, units=_units(request.user, survey))
    if not form.is_valid():
        messages.error(request, _("未发放票码：") + _("；").join(
            f"{form.fields[f].label if f in form.fields else ''}{e}" for f, errors in form.errors.items()
            for e in errors))
        return redirect("surveys:detail", survey.pk)
    try:
        codes = services.codes_issue(actor=request.user, survey=survey, rater_group=form.cleaned_data["rater_group"],
                                     count=form.cleaned_data["count"], unit=form.cleaned_data["unit"])
    except ValidationError as exc:
        messages.error(request, _("未发放票码：") + _("；").join(_problems(exc)))
        return redirect("surveys:detail", survey.pk)
    slips = []
    for code in codes:
        url = request.build_absolute_uri(reverse("ballots:ballot", args=[code]))
        slips.append({"code": code, "url": url, "qr": _qr_data_uri(url)})
    response = render(request, "surveys/slips.html", {
        "cycle": survey.cycle, "survey": survey, "slips": slips,
        "group": RaterGroup(form.cleaned_data["rater_group"]).label, "unit": form.cleaned_data["unit"]})
    response["Cache-Control"] = "no-store"
    return response


def _step(request, pk: int, service, done: str):
    survey = selectors.survey_for(request.user, pk, CHANGE)
    try:
        service(actor=request.user, survey=survey)
    except ValidationError as exc:
        messages.error(request, _("；").join(_problems(exc)))
    else:
        messages.success(request, done)
    return redirect("surveys:results" if service is not services.survey_open else "surveys:detail", survey.pk)


@about(Survey)
@roles(Role.ADMIN, Role.STAFF)
@require_POST
def survey_open(request, pk: int):
    return _step(request, pk, services.survey_open, _("测评已开始，持票码可以提交。"))


@about(Survey)
@roles(Role.ADMIN, Role.STAFF)
@require_POST
def survey_close(request, pk: int):
    return _step(request, pk, services.survey_close, _("测评已结束，汇总结果如下，请核对后确认。"))


@about(Survey)
@roles(Role.ADMIN, Role.STAFF)
@require_POST
def survey_confirm(request, pk: int):
    return _step(request, pk, services.survey_confirm, _("测评结果已确认并记入年度考核。"))


@about(Survey)
@roles(*READERS)
@require_safe
def survey_results(request, pk: int):
    """Per official and rater group: codes issued, valid ballots, counted or why not, score;
    for a political survey the score, negative shares, proposal and staff's decision."""
    survey = selectors.survey_for(request.user, pk)
    ready = survey.state in (Survey.State.CLOSED, Survey.State.CONFIRMED)
    items = list(survey.items.all())
    return render(request, "surveys/results.html", {
        "cycle": survey.cycle, "survey": survey, "rows": selectors.survey_results(survey) if ready else [],
        "ready": ready, "positive": [i for i in items if not i.reverse], "reverse": [i for i in items if i.reverse],
        "can_change": may(request.user, CHANGE, Survey) and survey.state == Survey.State.CLOSED,
        "settings": rules.Settings.of(survey.settings),
    })


@about(Survey)
@roles(Role.ADMIN, Role.STAFF)
@require_POST
def proposal_change(request, pk: int):
    """Staff change one official's political proposal, with a reason."""
    survey = selectors.survey_for(request.user, pk, CHANGE)
    form = ProposalForm(request.POST)
    proposal = survey.proposals.filter(official_id=form.data.get("official") or 0).first() \
        if str(form.data.get("official", "")).isdigit() else None
    if not form.is_valid() or proposal is None:
        messages.error(request, _("未保存：请选择认定结论并填写理由。"))
    else:
        try:
            services.proposal_change(actor=request.user, proposal=proposal, qualified=form.cleaned_data["qualified"],
                                     reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, _("；").join(_problems(exc)))
        else:
            messages.success(request, _("已保存对 %(name)s 的认定。") % {"name": proposal.official.name})
    return redirect(reverse("surveys:results", args=[survey.pk]) + f"#official-{form.data.get('official', '')}")


# --- the public phone ballot ---------------------------------------------------------------------
def _private(response):
    """A ballot page is never cached and never tells another site its address (the code)."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _unavailable(request, exc: services.BallotUnavailable):
    return _private(render(request, "surveys/ballot_unavailable.html", {"message": exc.message}, status=exc.status))


def _field_name(official_id: int, item_code: str) -> str:
    return f"a-{official_id}-{item_code}"


def _posted_answers(post, context) -> tuple[list[services.AnswerInput], dict]:
    """The answers the form posted, and what was chosen (to show the form again as it was)."""
    answers, chosen = [], {}
    for official in context["officials"]:
        for item in context["items"]:
            name = _field_name(official.pk, item.code)
            value = post.get(name, "")
            chosen[name] = value
            if item.reverse:
                answers.append(services.AnswerInput(official.pk, item.code, choice=value))
            elif value.isdigit():
                answers.append(services.AnswerInput(official.pk, item.code, points=int(value)))
            elif value:
                answers.append(services.AnswerInput(official.pk, item.code, points=-1))  # refused by the service
    return answers, chosen


@about(BallotCode)
@public
@require_http_methods(["GET", "HEAD", "POST"])
def ballot(request, code: str):
    """The ballot of one code: every official the code covers, every item, the scale (or 是 /
    否 / 不了解) as radio buttons; one submit. A ballot with too many 不了解 would be invalid: the
    rater is told and asked to confirm. Unknown and spent codes get the same 404 page."""
    try:
        row = services.ballot_for_code(code)
    except services.BallotUnavailable as exc:
        return _unavailable(request, exc)
    context = selectors.ballot_context(row)
    chosen, problems, warn_invalid, status = {}, [], False, 200
    if request.method == "POST":
        if not BallotThrottle().allow_request(request, None):
            return _private(render(request, "surveys/ballot_unavailable.html", {
                "message": _("提交过于频繁，请稍后再试。")}, status=429))
        answers, chosen = _posted_answers(request.POST, context)
        total = len(context["officials"]) * len(context["items"])
        known = sum(1 for a in answers if a.points is not None or a.choice)
        settings = rules.Settings.of(context["survey"].settings)
        if not rules.ballot_valid(known=known, total=total, valid_answer_share=settings.valid_answer_share) \
                and request.POST.get("confirm_invalid") != "1":
            warn_invalid, status = True, 400
        else:
            try:
                services.ballot_submit(code=code, answers=answers)
            except services.BallotUnavailable as exc:
                return _unavailable(request, exc)
            except ValidationError as exc:
                problems, status = _problems(exc), 400
            else:
                return _private(redirect("ballots:thanks"))
    return _private(render(request, "surveys/ballot.html", {
        **context, "code": code, "chosen": chosen, "problems": problems, "warn_invalid": warn_invalid,
        "rows": _ballot_rows(context, chosen),
        "share_percent": int(rules.Settings.of(context["survey"].settings).valid_answer_share * 100),
    }, status=status))


def _ballot_rows(context, chosen) -> list[dict]:
    """The form's structure: per official, per item, the choices with their field name and whether
    each is checked."""
    survey = context["survey"]
    positive_choices = [(str(c["points"]) if c["points"] is not None else "", c["label"]) for c in survey.scale]
    reverse_choices = [(value, label) for value, label in rules.REVERSE_CHOICES]
    rows = []
    for official in context["officials"]:
        questions = []
        for item in context["items"]:
            name = _field_name(official.pk, item.code)
            picked = chosen.get(name)
            questions.append({
                "item": item, "name": name,
                "choices": [{"value": value, "label": _(label) if value in ("yes", "no", "") else label,
                             "checked": picked == value, "id": f"{name}-{value or 'x'}"}
                            for value, label in (reverse_choices if item.reverse else positive_choices)],
            })
        rows.append({"official": official, "questions": questions})
    return rows


@public
@require_safe
def ballot_thanks(request):
    return _private(render(request, "surveys/ballot_thanks.html"))

