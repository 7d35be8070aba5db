"""The top bar's notification link with the unread count (templates/base.html)."""
from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_badge.html", takes_context=True)
def notification_badge(context):
    """One query per page: the signed-in account's unread count."""
    user = context["user"]
    request = context.get("request")
    return {
        "unread": unread_count(user),
        "current": bool(request and request.resolver_match and request.resolver_match.app_name == "notifications"),
    }
