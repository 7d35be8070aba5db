"""cycles' part of the home page (accounts.selectors.home_for): the cycles, and each district's
current one (selectors.current_cycle: the oldest year not yet finalized) with its other years."""
from accounts.scoping import scoped
from accounts.selectors import home_part

from .models import Cycle
from .selectors import current_cycles


@home_part
def cycles_of_districts(user, context: dict) -> None:
    cycles = list(scoped(Cycle.objects.select_related("district"), user).order_by("district__code", "-year"))
    current = current_cycles(cycles)
    for district in context["districts"]:
        district.current_cycle = current.get(district.pk)
        district.other_cycles = [c for c in cycles if c.district_id == district.pk and c != district.current_cycle]
    context["cycles"] = cycles
