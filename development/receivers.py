"""Development owns the must-talks: org announces a post change, records announces a supervision
entry, and these receivers raise the due talk (四必谈) through the service."""
from django.dispatch import receiver

from org.signals import appointment_changed
from records.signals import supervision_entry_recorded

from . import services
from .models import Occasion

WARNING = "warning"  # the supervision entry's severity that raises a must-talk


@receiver(appointment_changed, dispatch_uid="development.post_change_talk")
def post_change_talk(sender, *, official, moved=False, **kwargs):
    """A new post (not a corrected date) owes the official a talk; in org's transaction."""
    if moved:
        services.due_talk_raise(actor=None, official=official, occasion=Occasion.POST_CHANGE,
                                source=f"post:{official.appointed_on.isoformat()}",
                                detail=f"{official.unit.name} · {official.position}")


@receiver(supervision_entry_recorded, dispatch_uid="development.warning_sign_talk")
def warning_sign_talk(sender, *, entry, **kwargs):
    """A `warning` supervision entry (an early warning sign) owes the official a talk."""
    if getattr(entry, "severity", None) != WARNING:
        return
    key = getattr(entry, "pk", None) or f"{entry.occurred_on.isoformat()}:{getattr(entry, 'kind', '')}"
    services.due_talk_raise(actor=None, official=entry.official, occasion=Occasion.WARNING_SIGN,
                            source=f"supervision:{key}", detail=str(getattr(entry, "kind", ""))[:300],
                            district_id=getattr(entry, "district_id", None))
