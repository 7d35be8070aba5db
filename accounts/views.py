"""Sign-in and home; the account pages of staff and system administrators (list, open, change,
reset the password, deactivate); every user's own profile and password. Accounts are read through
the selectors (scoped: another district's account answers 404, one the user may only read 403)
and written through the services."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.web import errors_onto_form, report, report_form

from . import selectors, services
from .access import about, public, roles, signed_in
from .forms import AccountFilterForm, AccountForm, LoginForm, OwnPasswordForm, PickForm
from .models import Role, User
from .profile import profile_forms
from .scoping import CHANGE, districts_of

PAGE_SIZE = 50
MANAGERS = (Role.ADMIN, Role.STAFF)

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
logout = public(auth_views.LogoutView.as_view())


@signed_in
def home(request):
    return render(request, "accounts/home.html", selectors.home_for(request.user))


# --- every user: profile and password ------------------------------------------------------------


@signed_in
@require_http_methods(["GET", "POST"])
def profile(request):
    """The account's own page: who it is, its districts, and what the apps above let it change
    itself (an official: its phone and profile text)."""
    user = request.user
    posted = request.POST.get("part", "") if request.method == "POST" else ""
    parts = profile_forms(user, request.POST if posted else None, posted=posted)
    if request.method == "POST":
        part, form = next(((p, f) for p, f in parts if p.key == posted), (None, None))
        if part is None:
            messages.error(request, _("没有可以保存的内容。"))
        elif form.is_valid():
            try:
                part.save(user, form)
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(request, str(part.saved))
                return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {
        "account": user, "districts": districts_of(user).order_by("code") if user.role != Role.ADMIN else [],
        "parts": parts,
    }, status=400 if request.method == "POST" else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (the current password, twice the new one, the validators) in
    our page; the service clears a temporary password's mark and revokes the API tokens."""

    template_name = "accounts/password_change.html"
    form_class = OwnPasswordForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        try:
            services.password_change(user=form.user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            errors_onto_form(form, exc)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)  # stay signed in here, out everywhere else
        messages.success(self.request, _("密码已修改。接口令牌已失效，如需使用接口请重新获取。"))
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


password_change = signed_in(PasswordChangeView.as_view())


# --- staff and administrators: the accounts of their districts ---------------------------------


@roles(Role.ADMIN, Role.STAFF, Role.LEADER)
@require_http_methods(["GET", "POST"])
def account_list(request):
    """The accounts of the user's districts, searched and filtered by a GET form, 50 a page.
    Staff and administrators deactivate checked accounts at once (POST, all or nothing);
    leaders read."""
    user = request.user
    if request.method == "POST":
        return _deactivate_picked(request)
    districts = districts_of(user).order_by("code")
    filters = AccountFilterForm(request.GET or None, districts=districts)
    page = Paginator(selectors.accounts_for(user, **filters.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    managed = selectors.managed_ids(user, [account.pk for account in page]) if user.role in MANAGERS else set()
    for account in page:
        account.managed = account.pk in managed and account.pk != user.pk
    return render(request, "accounts/list.html", {
        "filters": filters, "page": page, "can_manage": user.role in MANAGERS,
        "any_managed": any(account.managed for account in page),
    })


def _deactivate_picked(request):
    user = request.user
    if user.role not in MANAGERS:
        raise PermissionDenied
    form = PickForm(request.POST)
    if not form.is_valid():
        report_form(request, form, labels=False)
        return redirect(_list_url(request))
    picked = set(form.cleaned_data["pick"])
    accounts = list(selectors.managed(user, picked))
    if len(accounts) != len(picked):
        messages.error(request, _("所选账号中有您无权停用的账号，未作任何改动。"))
        return redirect(_list_url(request))
    try:
        count = services.accounts_set_active(actor=user, users=accounts, active=False)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, ngettext(
            "已停用 %(count)s 个账号，其接口令牌已失效。", "已停用 %(count)s 个账号，其接口令牌已失效。", count
        ) % {"count": count})
    return redirect(_list_url(request))


def _list_url(request) -> str:
    query = request.GET.urlencode()
    return reverse("accounts:list") + (f"?{query}" if query else "")


def _temporary_password(request, account: User, password: str, *, opened: bool):
    """The page that shows a temporary password, once: never cached, never shown again."""
    response = render(request, "accounts/temporary_password.html",
                      {"account": account, "password": password, "opened": opened})
    response["Cache-Control"] = "no-store"
    return response


@roles(*MANAGERS)
@require_http_methods(["GET", "POST"])
def account_create(request):
    """Open a leader or official account (staff, in their districts) or any account (system
    administrator) with a temporary password shown once."""
    user = request.user
    districts, officials = selectors.account_choices(user)
    form = AccountForm(request.POST if request.method == "POST" else None, actor=user, districts=districts,
                       officials=officials)
    if request.method == "POST" and form.is_valid():
        try:
            account, password = services.account_open(actor=user, username=form.cleaned_data["username"],
                                                       **form.changes())
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            return _temporary_password(request, account, password, opened=True)
    return render(request, "accounts/form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@about(User)
@roles(Role.ADMIN, Role.STAFF, Role.LEADER)
@require_http_methods(["GET", "POST"])
def account_detail(request, pk: int):
    """An account: its details, and for those who manage it the form to change it and the
    buttons to reset its password and to deactivate or reactivate it."""
    user = request.user
    account = selectors.account_for(user, pk)
    managed = user.role in MANAGERS and bool(selectors.managed_ids(user, [account.pk]))
    form = None
    if managed:
        districts, officials = selectors.account_choices(user, account)
        form = AccountForm(request.POST if request.method == "POST" else None, actor=user, districts=districts,
                           officials=officials, account=account)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.account_update(actor=user, user=account, **form.changes())
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(request, _("已保存账号“%(username)s”。") % {"username": account.username})
                return redirect("accounts:detail", pk=account.pk)
    return render(request, "accounts/detail.html", {
        "account": account, "form": form, "managed": managed, "is_self": account.pk == user.pk,
    }, status=400 if request.method == "POST" else 200)


@about(User)
@roles(*MANAGERS)
@require_POST
def account_password_reset(request, pk: int):
    """Reset the account's password to a temporary one, shown once on the answer."""
    account = selectors.account_for(request.user, pk, CHANGE)
    try:
        password = services.account_password_reset(actor=request.user, user=account, request=request)
    except ValidationError as exc:
        report(request, exc)
        return redirect("accounts:detail", pk=account.pk)
    return _temporary_password(request, account, password, opened=False)


@about(User)
@roles(*MANAGERS)
@require_POST
def account_set_active(request, pk: int):
    """Deactivate (`active=0`) or reactivate (`active=1`) the account."""
    account = selectors.account_for(request.user, pk, CHANGE)
    active = request.POST.get("active") == "1"
    try:
        services.accounts_set_active(actor=request.user, users=[account], active=active)
    except ValidationError as exc:
        report(request, exc)
    else:
        done = _("已启用账号“%(username)s”。") if active else _("已停用账号“%(username)s”，其接口令牌已失效。")
        messages.success(request, done % {"username": account.username})
    return redirect("accounts:detail", pk=account.pk)
