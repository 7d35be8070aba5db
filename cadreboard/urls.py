from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from accounts.access import public

from . import views

# The API description is public: it holds no data, and other systems build against it.
schema_view = SpectacularAPIView.as_view(permission_classes=[AllowAny])
# The docs page loads its script from its own URL (?script), so the CSP needs no inline script.
docs_view = SpectacularSwaggerSplitView.as_view(
    url_name="api-schema", permission_classes=[AllowAny], template_name="api/swagger_ui.html")
# ReDoc styles itself with generated <style> elements and renders in a blob: worker: this page
# alone allows inline style and blob: workers (never inline script).
redoc_view = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(SpectacularRedocView.as_view(
    url_name="api-schema", permission_classes=[AllowAny], template_name="api/redoc.html"))

urlpatterns = [
    path("", include("accounts.urls")),
    path("org/", include("org.urls")),
    path("pledges/", include("pledges.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("boards/", include("boards.urls")),
    path("excel/", include("excel.urls")),
    path("notifications/", include("notifications.urls")),
    path("surveys/", include("surveys.urls")),
    path("ballots/", include("surveys.public_urls")),  # the public phone ballot (no account)
    path("appeals/", include("appeals.urls")),
    path("simulations/", include("simulations.urls")),
    path("records/", include("records.urls")),
    path("development/", include("development.urls")),
    path("growth/", include("growth.urls")),
    path("profiles/", include("profiles.urls")),
    re_path(r"^admin/evaluations/(?P<model>cycle|taskrecord)/(?P<rest>.*)$", views.moved_admin),
    path("admin/", admin.site.urls),
    path("api/v1/", include("cadreboard.api")),
    path("api/schema/", schema_view, name="api-schema"),
    path("api/docs/", docs_view, name="api-docs"),
    path("api/redoc/", redoc_view, name="api-redoc"),
    path("help/rules/", views.help_rules, name="help-rules"),
    path("i18n/setlang/", public(set_language), name="set_language"),
    # The texts our scripts show, in the page's language (static/js: `gettext`, djangojs catalog).
    path("i18n/js/", public(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("healthz/", views.healthz, name="healthz"),
    path("ping/", views.ping, name="ping"),
]

handler400 = "cadreboard.views.bad_request"
handler403 = "cadreboard.views.permission_denied"
handler404 = "cadreboard.views.page_not_found"
handler500 = "cadreboard.views.server_error"
