"""The demo's cycles: the past two years wait to be scored and finalized, the current one is under
way. New cycles are created in `planning` (so pledges can be filed into them) and advanced later,
step by step through the service, so each step is audited as in real use. An existing cycle keeps
its state: it may already hold real work."""
from __future__ import annotations

from cycles.models import Cycle
from cycles.services import cycle_advance, cycle_create
from demo.org import AUDIT_REASON
from org.models import District

# (years before the current year, state to advance a new cycle to)
CYCLES = (
    (2, Cycle.State.EVALUATING.value),
    (1, Cycle.State.EVALUATING.value),
    (0, Cycle.State.IN_PROGRESS.value),
)


def create_demo_cycles(district: District, *, year: int) -> list[tuple[Cycle, str]]:
    """Create the missing cycles in `planning`; return them with the state each is to reach."""
    created = []
    for years_back, state in CYCLES:
        cycle_year = year - years_back
        if Cycle.objects.filter(district=district, year=cycle_year).exists():
            continue
        created.append((cycle_create(actor=None, district=district, year=cycle_year), state))
    return created


def advance_demo_cycles(created: list[tuple[Cycle, str]]) -> None:
    """Advance each new cycle to the state it is to reach."""
    for cycle, state in created:
        while cycle.state != state:
            cycle = cycle_advance(actor=None, cycle=cycle, reason=AUDIT_REASON)
