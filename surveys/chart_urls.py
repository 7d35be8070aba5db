"""The pages of surveys/chart_views.py and surveys/ballot_import.py, included in surveys.urls (the
`surveys` namespace)."""
from django.urls import path

from . import chart_views

urlpatterns = [
    path("<int:pk>/curves/", chart_views.official_curves, name="curves"),
    path("<int:pk>/overview/", chart_views.overview, name="overview"),
]
