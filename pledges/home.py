"""pledges' part of the home page (accounts.selectors.home_for): an official's unread reminders."""
from accounts.models import Role
from accounts.scoping import scoped
from accounts.selectors import home_part

from .models import Reminder


@home_part
def unread_reminders(user, context: dict) -> None:
    if user.role == Role.OFFICIAL:
        context["reminders"] = list(
            scoped(Reminder.objects.select_related("cycle"), user).filter(read_at__isnull=True)[:5]
        )
