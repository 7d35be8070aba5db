"""The pages of surveys/chart_views.py (curves, overview) and surveys/ballot_views.py (paper
ballots), included in surveys.urls (the `surveys` namespace)."""
from django.urls import path

from . import ballot_views, chart_views

urlpatterns = [
    path("<int:pk>/curves/", chart_views.official_curves, name="curves"),
    path("<int:pk>/overview/", chart_views.overview, name="overview"),
    path("<int:pk>/imports/ballots/", ballot_views.ballot_import, name="ballot_import"),
    path("<int:pk>/imports/ballots/template.xlsx", ballot_views.ballot_template, name="ballot_template"),
]
