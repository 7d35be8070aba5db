"""The org pages: units and officials of the user's districts."""
from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/new/", views.unit_new, name="unit_new"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("officials/", views.officials, name="officials"),
    path("officials/new/", views.official_new, name="official_new"),
    path("officials/<int:pk>/", views.official, name="official"),
    path("officials/<int:pk>/edit/", views.official_edit, name="official_edit"),
    path("officials/<int:pk>/move/", views.official_move, name="official_move"),
    path("officials/<int:pk>/leave/", views.official_leave, name="official_leave"),
]
