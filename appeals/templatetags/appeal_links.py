"""`{% appeal_link subject obj cycle %}`: the "申请复核" link on an official's own score, pledge or
result, shown only where the official may appeal today (its own value, shown to it, within the
cycle's appeal period, none open). The first use on a page loads what every link needs (two
queries, kept on the request), so a page of many values costs the same."""
from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def appeal_link(context, subject, target, cycle):
    request = context.get("request")
    if request is None or target is None or not getattr(request.user, "is_authenticated", False):
        return ""
    if not hasattr(request, "_appeal_links"):
        request._appeal_links = selectors.own_links(request.user)
    links = request._appeal_links
    if links is None or not links.may_appeal(subject, target, cycle):
        return ""
    url = f"{reverse('appeals:file')}?subject={subject}&object={target.pk}"
    return format_html('<a class="appeal-link" href="{}">{}</a>', url, _("申请复核"))
