"""Template tags of the pages about one cycle (evaluations, Excel, boards, the review queue)."""
from django import template

from cycles.web import year_switch as other_years_of_page

register = template.Library()


@register.inclusion_tag("cycles/_year_switch.html", takes_context=True)
def year_switch(context, cycle):
    """`{% year_switch cycle %}`: this page for each other year of the cycle's district
    (cycles.web.year_switch), as the "其他年度" switch."""
    request = context.get("request")
    # A page may include the head without a cycle (a new cycle's form): no switch then.
    return {"years": other_years_of_page(request, cycle) if request is not None and cycle else []}
