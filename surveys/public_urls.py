"""The public phone ballot, no account: /ballots/<code>/ (mounted in cadreboard/urls.py)."""
from django.urls import path

from . import views

app_name = "ballots"
urlpatterns = [
    path("thanks/", views.ballot_thanks, name="thanks"),
    path("<str:code>/", views.ballot, name="ballot"),
]
