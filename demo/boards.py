"""The demo's boards: publish every demo cycle that is open to publishing and has none yet."""
from __future__ import annotations

import datetime

from boards import services
from boards.models import Board
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity


def build_demo_boards(district, *, today: datetime.date) -> dict:
    """Publish the district's cycles that may be published and have no live board; returns counts."""
    published = 0
    cycles = Cycle.objects.filter(district=district, state__in=states.states_for(Activity.PUBLISH))
    for cycle in cycles.order_by("year"):
        if Board.objects.filter(cycle=cycle, live_version__isnull=False).exists():
            continue
        services.board_publish(actor=None, cycle=cycle)
        published += 1
    return {"boards": published}
