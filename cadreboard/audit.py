"""Audited writes: django-simple-history records who changed a row, when, old → new and why."""


def audited_save(obj, *, actor, reason: str = "") -> None:
    """Validate and save `obj`, recording `actor` and `reason` on the history row it writes."""
    obj._history_user = actor
    obj._change_reason = reason or None
    obj.full_clean()
    obj.save()


def audited_delete(obj, *, actor, reason: str = "") -> None:
    obj._history_user = actor
    obj._change_reason = reason or None
    obj.delete()
