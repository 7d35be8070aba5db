"""Excel pages. The cycle is always `pk`; the export or import is `name`."""
from django.urls import path

from . import views

app_name = "excel"
urlpatterns = [
    path("cycles/<int:pk>/", views.cycle, name="cycle"),
    path("cycles/<int:pk>/exports/<slug:name>.xlsx", views.export, name="export"),
    path("cycles/<int:pk>/exports/<slug:name>/start/", views.export_start, name="export_start"),
    path("cycles/<int:pk>/imports/<slug:name>/", views.import_, name="import"),
    path("downloads/<int:pk>/", views.download, name="download"),
]
