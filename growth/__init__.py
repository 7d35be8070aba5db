"""Cadre growth: learning points, contests and presentations, the competency model and person-post
fit, and the pay-and-post (绩岗薪) export (SPEC section 12)."""
