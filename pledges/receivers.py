"""Pledges own their due dates: when a cycle's deadline or an official's appointment changes
(announced by cycles and org, in the same transaction), the due dates follow."""
from django.dispatch import receiver

from cycles.signals import pledge_deadline_changed
from org.signals import appointment_changed

from . import services


@receiver(pledge_deadline_changed, dispatch_uid="pledges.follow_deadline")
def follow_deadline(sender, *, cycle, pledge_deadline, **kwargs):
    services.pledges_follow_deadline(cycle=cycle, pledge_deadline=pledge_deadline)


@receiver(appointment_changed, dispatch_uid="pledges.follow_appointment")
def follow_appointment(sender, *, official, **kwargs):
    services.pledges_follow_appointment(official=official)
