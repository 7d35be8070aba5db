"""Cadre development: reserve pool, mentors and talks, front-line rules, learning points, contests
and competency (SPEC section 12)."""
