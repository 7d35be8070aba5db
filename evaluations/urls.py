"""Evaluation pages. The cycle is always `pk` (the URL-walking test fills it); other choices
travel in the query string (?quarter=2) or in the POST body (the official, the unit)."""
from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("rollup/", views.rollup_page, name="rollup"),
    path("rollup/compute/", views.rollup_compute, name="rollup_compute"),
    path("cycles/new/", views.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", views.cycle, name="cycle"),
    path("cycles/<int:pk>/settings/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/advance/", views.advance, name="advance"),
    path("cycles/<int:pk>/release/", views.release, name="release"),
    path("cycles/<int:pk>/scores/", views.grid, name="grid"),
    path("pledges/<int:pk>/score/", views.score_row, name="score_row"),
    path("cycles/<int:pk>/inputs/", views.inputs, name="inputs"),
    path("cycles/<int:pk>/inputs/unit-score/", views.unit_score, name="unit_score"),
    path("cycles/<int:pk>/inputs/official/", views.official_inputs, name="official_inputs"),
    path("cycles/<int:pk>/political-reviews/", views.political_reviews, name="political_reviews"),
    path("cycles/<int:pk>/inputs/entries/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
    path("cycles/<int:pk>/exemptions/", views.exemptions, name="exemptions"),
    path("cycles/<int:pk>/exemptions/add/", views.exemption_add, name="exemption_add"),
    path("exemptions/<int:pk>/remove/", views.exemption_remove, name="exemption_remove"),
    path("cycles/<int:pk>/readiness/", views.readiness_page, name="readiness"),
    path("cycles/<int:pk>/results/", views.results, name="results"),
    path("cycles/<int:pk>/compute/", views.compute_start, name="compute"),
    path("cycles/<int:pk>/override/", views.override, name="override"),
    path("cycles/<int:pk>/finalize/", views.finalize, name="finalize"),
    path("outcomes/<int:pk>/", views.outcome, name="outcome"),
    path("officials/<int:pk>/", views.official, name="official"),
]
