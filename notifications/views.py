"""The signed-in account's notifications: the list, mark one read (and open its link), mark all."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import about, signed_in
from accounts.scoping import CHANGE

from . import selectors, services
from .models import Notification

PER_PAGE = 30


@signed_in
def index(request):
    page = Paginator(selectors.notifications_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/index.html", {"page": page, "notifications": page.object_list})


@about(Notification)
@signed_in
@require_POST
def read(request, pk: int):
    """Mark one notification read; with `open`, go on to the page it links to."""
    notification = selectors.notification_for(request.user, pk, CHANGE)
    services.notification_mark_read(actor=request.user, notification=notification)
    link = notification.link
    if request.POST.get("open") and link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect(_back(request))


@signed_in
@require_POST
def read_all(request):
    count = services.notifications_mark_all_read(actor=request.user)
    message = ngettext("已将 %(n)s 条通知标为已读。", "已将 %(n)s 条通知标为已读。", count)
    messages.success(request, message % {"n": count})
    return redirect(_back(request))


def _back(request) -> str:
    page = request.POST.get("page", "")
    url = reverse("notifications:index")
    return f"{url}?page={page}" if page.isdigit() else url
