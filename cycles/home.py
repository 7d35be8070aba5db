"""cycles' part of the home page (accounts.selectors.home_for): the cycles, and each district's
current one."""
from accounts.scoping import scoped
from accounts.selectors import home_part

from .models import Cycle


@home_part
def cycles_of_districts(user, context: dict) -> None:
    cycles = list(scoped(Cycle.objects.select_related("district"), user).order_by("district__code", "-year"))
    latest = {}
    for cycle in cycles:
        latest.setdefault(cycle.district_id, cycle)
    for district in context["districts"]:
        district.current_cycle = latest.get(district.pk)
    context["cycles"] = cycles
