"""Evaluation pages: the cycle dashboard, the quarterly score grid, year-end inputs, results with
compute / override / finalize / consequences, an official's years, and the official's own view.

Every object is fetched through the selectors, which scope it for the signed-in user: an object
the user may read but not act on answers 403, one it may not read 404. Views validate with forms,
call one service or selector and render; changes are POST-only and redirect (PRG) — except the
grid's row endpoint, which answers htmx with the re-rendered row, and the grid and the political
reviews page, whose forms post to themselves and come back with the errors on their rows.
Services' ValidationErrors come back as cell, form or page messages, never as a 500.
"""
from .cycle import advance, cycle, cycle_edit, cycle_new, index, readiness_page, release
from .exemptions import exemption_add, exemption_remove, exemptions
from .inputs import entry_add, entry_remove, inputs, official_inputs, unit_score
from .officials import mine, official
from .results import compute_start, finalize, outcome, override, results
from .reviews import political_reviews
from .rollup import rollup_compute, rollup_page
from .scores import grid, score_row

__all__ = [
    "advance", "compute_start", "cycle", "cycle_edit", "cycle_new", "entry_add", "entry_remove", "exemption_add",
    "exemption_remove", "exemptions", "finalize", "grid", "index", "inputs", "mine", "official", "official_inputs",
    "outcome", "override", "political_reviews", "readiness_page", "release", "results", "rollup_compute",
    "rollup_page", "score_row", "unit_score",
]
