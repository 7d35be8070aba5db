from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("officials/<int:pk>/", views.profile, name="profile"),
    path("search/", views.search, name="search"),
]
