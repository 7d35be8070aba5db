"""The development pages: the reserve pool, mentor pairs and talks, due talks."""
from django.urls import path

from . import views

app_name = "development"
urlpatterns = [
    path("pool/", views.pool, name="pool"),
    path("pool/categories/", views.categories, name="categories"),
    path("pool/categories/new/", views.category_new, name="category_new"),
    path("pool/categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("pool/categories/<int:pk>/active/", views.category_active, name="category_active"),
    path("pool/place/", views.placement_new, name="placement_new"),
    path("placements/<int:pk>/remove/", views.placement_remove, name="placement_remove"),
    path("mentors/", views.mentor_pairs, name="pairs"),
    path("mentors/new/", views.pair_new, name="pair_new"),
    path("mentors/<int:pk>/", views.mentor, name="mentor"),
    path("talks/new/", views.talk_new, name="talk_new"),
    path("talks/due/", views.due_talks, name="due_talks"),
    path("talks/due/new/", views.due_talk_new, name="due_talk_new"),
]
