"""The appeal pages. Thin: validate the form, call one service or selector, render."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import about, roles, signed_in
from accounts.models import Role
from accounts.scoping import scoped
from core.web import errors_onto_form, report

from . import selectors, services
from .forms import DecideForm, FileForm, WithdrawForm
from .models import Appeal
from .scopes import DECIDE, WITHDRAW

PER_PAGE = 30


def _rows(page):
    for appeal in page.object_list:
        appeal.old_label = services.display_value(appeal.subject, appeal.contested_value)
        appeal.new_label = services.display_value(appeal.subject, appeal.new_value)
    return page.object_list


@signed_in
def index(request):
    """An official's appeals, newest first; other roles go to the queue."""
    if request.user.role != Role.OFFICIAL:
        return redirect("appeals:queue")
    page = Paginator(selectors.appeal_list(request.user).order_by("-filed_at", "-id"), PER_PAGE) \
        .get_page(request.GET.get("page"))
    return render(request, "appeals/index.html", {"page": page, "appeals": _rows(page)})


@roles(Role.ADMIN, Role.STAFF, Role.LEADER)
def queue(request):
    """The district's appeals for staff and leaders: open ones by default, overdue first."""
    state = request.GET.get("state", "open")
    if state not in ("", *Appeal.State.values):
        state = "open"
    page = Paginator(selectors.appeal_queue(request.user, state=state), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "appeals/queue.html", {
        "page": page, "appeals": _rows(page), "state": state,
        "states": [("open", Appeal.State.OPEN.label), ("upheld", Appeal.State.UPHELD.label),
                   ("changed", Appeal.State.CHANGED.label), ("withdrawn", Appeal.State.WITHDRAWN.label),
                   ("", _("全部"))],
    })


@roles(Role.OFFICIAL)
def file(request):
    """The official files an appeal of one of its values (?subject=…&object=…)."""
    data = request.POST if request.method == "POST" else None
    subject = (data or request.GET).get("subject", "")
    object_id = (data or request.GET).get("object_id") or request.GET.get("object", "")
    target = selectors.target_for(request.user, subject, object_id)
    if target is None:
        raise Http404
    check = selectors.eligibility(request.user, subject, target)
    form = FileForm(data, initial={"subject": subject, "object_id": target.pk})
    if data is not None and form.is_valid():
        try:
            appeal = services.appeal_file(actor=request.user, subject=subject, target=target,
                                          reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("复核申请已提交，组织部将于 %(date)s 前作出决定。") % {
                "date": appeal.due_on.isoformat()})
            return redirect("appeals:detail", appeal.pk)
    return render(request, "appeals/file.html", {
        "form": form, "subject": Appeal.Subject(subject), "target": target, "check": check,
        "value": services.display_value(subject, services.contested_value(subject, target)),
    }, status=400 if form.errors else 200)


@about(Appeal)
@signed_in
def detail(request, pk: int):
    """One appeal: what is contested, the reason, the decision, the audit timeline, and the
    decision form (staff who may decide) or the withdraw button (the official, while open)."""
    appeal = selectors.appeal_for(request.user, pk)
    return _detail(request, appeal)


def _detail(request, appeal, *, decide_form=None, status=200):
    user = request.user
    is_open = appeal.state == Appeal.State.OPEN
    may_decide = is_open and scoped(Appeal.objects.filter(pk=appeal.pk), user, DECIDE).exists()
    recused = may_decide and user.pk in services.recused_accounts(appeal)
    may_withdraw = is_open and scoped(Appeal.objects.filter(pk=appeal.pk), user, WITHDRAW).exists()
    return render(request, "appeals/detail.html", {
        "appeal": appeal, "today": timezone.localdate(),
        "old_label": services.display_value(appeal.subject, appeal.contested_value),
        "new_label": services.display_value(appeal.subject, appeal.new_value),
        "target": services.target_of(appeal),
        "timeline": selectors.appeal_timeline(appeal),
        "decide_form": (decide_form or DecideForm()) if may_decide and not recused else None,
        "recused": recused,
        "withdraw_form": WithdrawForm() if may_withdraw else None,
    }, status=status)


@about(Appeal)
@roles(Role.ADMIN, Role.STAFF)
@require_POST
def decide(request, pk: int):
    appeal = selectors.appeal_for(request.user, pk, DECIDE)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.appeal_decide(actor=request.user, appeal=appeal, decision=data["state"],
                                   reason=data["decision_reason"], new_value=data["new_value"],
                                   confirm_over_quota=data["confirm_over_quota"])
        except ValidationError as exc:
            errors_onto_form(form, exc, field_map={"state": None})
        else:
            messages.success(request, _("复核决定已保存，已通知申请人。"))
            return redirect("appeals:detail", appeal.pk)
    return _detail(request, selectors.appeal_for(request.user, pk), decide_form=form, status=400)


@about(Appeal)
@roles(Role.OFFICIAL)
@require_POST
def withdraw(request, pk: int):
    appeal = selectors.appeal_for(request.user, pk, WITHDRAW)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("reason") or _("撤回说明不超过 100 字。"))
        services.appeal_withdraw(actor=request.user, appeal=appeal, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("复核申请已撤回。"))
    return redirect("appeals:detail", appeal.pk)
