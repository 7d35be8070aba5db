"""Appeal pages: an official's appeals and the filing form, staff's queue, one appeal with its
timeline and the decision or withdrawal."""
from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("new/", views.file, name="file"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
