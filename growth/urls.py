"""The growth pages (learning points, contests, competency model, 绩岗薪 workbook); the district and
year are query parameters (?district=&year=)."""
from django.urls import path

from . import views

app_name = "growth"
urlpatterns = [
    path("", views.index, name="index"),
    path("points/", views.points, name="points"),
    path("points/new/", views.activity_new, name="activity_new"),
    path("points/template.xlsx", views.points_template, name="points_template"),
    path("points/import/", views.points_import, name="points_import"),
    path("events/", views.events, name="events"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event, name="event"),
    path("events/<int:pk>/participants/", views.event_participant, name="event_participant"),
    path("events/<int:pk>/scores/", views.event_score, name="event_score"),
    path("events/<int:pk>/questions/", views.event_question, name="event_question"),
    path("competencies/", views.competencies, name="competencies"),
    path("competencies/new/", views.competency_new, name="competency_new"),
    path("competencies/assessments/new/", views.assessment_new, name="assessment_new"),
    path("pay-post.xlsx", views.pay_post, name="pay_post"),
]
