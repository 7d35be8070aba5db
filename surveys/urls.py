"""Survey pages (staff; leaders read). A cycle's pages take the cycle as `pk`, a survey's the survey."""
from django.urls import include, path

from . import views

app_name = "surveys"
urlpatterns = [
    path("cycles/<int:pk>/", views.cycle_surveys, name="cycle"),
    path("cycles/<int:pk>/new/", views.survey_new, name="new"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/codes/", views.codes_issue, name="codes"),
    path("<int:pk>/open/", views.survey_open, name="open"),
    path("<int:pk>/close/", views.survey_close, name="close"),
    path("<int:pk>/confirm/", views.survey_confirm, name="confirm"),
    path("<int:pk>/results/", views.survey_results, name="results"),
    path("<int:pk>/proposals/", views.proposal_change, name="proposal"),
    path("", include("surveys.chart_urls")),  # curves, overview, paper ballots (surveys-more)
]
