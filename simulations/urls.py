from django.urls import path

from . import views

app_name = "simulations"
urlpatterns = [
    path("cycles/<int:pk>/", views.simulate, name="simulate"),
    path("cycles/<int:pk>/export.xlsx", views.simulate_export, name="export"),
]
