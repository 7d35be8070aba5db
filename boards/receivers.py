"""Boards own publishing: when evaluations release a quarter (announced in the release's
transaction), a board that republishes itself starts a new version once the release commits."""
from django.dispatch import receiver

from evaluations.signals import quarter_released

from . import services


@receiver(quarter_released, dispatch_uid="boards.republish_after_release")
def republish_after_release(sender, *, cycle, actor, **kwargs):
    services.board_republish_after_release(actor=actor, cycle=cycle)
