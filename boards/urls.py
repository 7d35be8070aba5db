"""Board pages. Public: `/boards/<district_code>/<year>/…` (an official is `pk`, as the URL-walking
test fills it; an earlier version is `number`). Staff: the cycle's board is `pk` (a Cycle), a
feedback message is `pk` (a Feedback)."""
from django.urls import path

from . import views

app_name = "boards"
urlpatterns = [
    # staff (before the public patterns, whose first segment is any district code)
    path("manage/<int:pk>/", views.manage, name="manage"),
    path("manage/<int:pk>/publish/", views.publish, name="publish"),
    path("manage/<int:pk>/rollback/", views.rollback, name="rollback"),
    path("manage/<int:pk>/auto-republish/", views.auto_republish, name="auto_republish"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("language/", views.language, name="language"),  # the public pages' language switch
    # public
    path("<slug:district_code>/", views.district, name="district"),
    path("<slug:district_code>/<int:year>/", views.year, name="year"),
    path("<slug:district_code>/<int:year>/qr.svg", views.year_qr, name="year_qr"),
    path("<slug:district_code>/<int:year>/qr.png", views.year_qr, {"image": "png"}, name="year_qr_png"),
    path("<slug:district_code>/<int:year>/honour/", views.honour, name="honour"),
    path("<slug:district_code>/<int:year>/v/<int:number>/", views.version, name="version"),
    path("<slug:district_code>/<int:year>/officials/<int:pk>/", views.official, name="official"),
    path("<slug:district_code>/<int:year>/officials/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<slug:district_code>/<int:year>/officials/<int:pk>/qr.svg", views.official_qr, name="official_qr"),
    path("<slug:district_code>/<int:year>/officials/<int:pk>/qr.png", views.official_qr, {"image": "png"},
         name="official_qr_png"),
]
