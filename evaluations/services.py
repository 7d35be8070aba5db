"""Writes for cycles: creation, settings and state changes, each audited in its transaction."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from cadreboard.audit import audited_save

from . import cycle_settings
from .models import Cycle



def _settings_or_error(settings: dict) -> dict:
    try:
        return cycle_settings.validate(settings)
    except cycle_settings.SettingsError as exc:
        raise ValidationError({"settings": [f"{k}: {v}" for k, v in exc.errors.items()]}) from None


@transaction.atomic
def cycle_create(
    *, actor, district, year: int, settings: dict | None = None,
    pledge_deadline: datetime.date | None = None,
) -> Cycle:
    """Open a cycle in `planning`. Partial settings are laid over the defaults."""
    merged = cycle_settings.merge(cycle_settings.defaults(), settings or {})
    cycle = Cycle(
        district=district, year=year, settings=_settings_or_error(merged),
        pledge_deadline=pledge_deadline or Cycle.default_pledge_deadline(year),
    )
    audited_save(cycle, actor=actor, reason="新建考核年度")
    return cycle


@transaction.atomic
def cycle_update(
    *, actor, cycle: Cycle, settings: dict | None = None,
    pledge_deadline: datetime.date | None = None, reason: str = "",
) -> Cycle:
    """Change a cycle's settings or pledge deadline.

    Settings change only while the cycle is in `planning` (SPEC section 3: later states allow
    everything but settings, and a finalized cycle is frozen)."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if settings is not None:
        if cycle.state != Cycle.State.PLANNING:
            raise ValidationError(
                {"settings": [f"考核参数只能在“筹备”阶段修改，本年度当前状态为“{cycle.get_state_display()}”。"]}
            )
        cycle.settings = _settings_or_error(cycle_settings.merge(cycle.settings, settings))
    if pledge_deadline is not None:
        if cycle.state == Cycle.State.FINALIZED:
            raise ValidationError({"pledge_deadline": ["本年度已定档，不能修改。"]})
        cycle.pledge_deadline = pledge_deadline
    audited_save(cycle, actor=actor, reason=reason or "修改考核年度")
    if pledge_deadline is not None:
        from pledges.models import Pledge

        # Annual pledges are due by the cycle deadline (pledges.rules.due_date).
        Pledge.objects.filter(cycle=cycle, kind=Pledge.Kind.ANNUAL).update(due_on=pledge_deadline)
    return cycle


@transaction.atomic
def cycle_advance(*, actor, cycle: Cycle, reason: str = "") -> Cycle:
    """Move a cycle one step: planning → in_progress → evaluating. Finalizing is its own service."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    following = {
        Cycle.State.PLANNING: Cycle.State.IN_PROGRESS,
        Cycle.State.IN_PROGRESS: Cycle.State.EVALUATING,
    }
    if cycle.state not in following:
        raise ValidationError(
            {"state": [f"“{cycle.get_state_display()}”状态的考核年度不能再推进；评定结束后请使用“定档”。"]}
        )
    cycle.state = following[cycle.state]
    audited_save(cycle, actor=actor, reason=reason or f"推进至“{cycle.get_state_display()}”")
    return cycle

