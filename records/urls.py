from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("", views.entries, name="entries"),
    path("new/", views.entry_new, name="entry_new"),
    path("import/", views.entry_import, name="import"),
    path("import/template.xlsx", views.entry_template, name="template"),
    path("<int:pk>/", views.entry, name="entry"),
    path("<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/confirm/", views.entry_confirm, name="entry_confirm"),
    path("<int:pk>/dismiss/", views.entry_dismiss, name="entry_dismiss"),
    path("<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_remove, name="attachment_remove"),
    path("tolerance/", views.tolerances, name="tolerances"),
    path("tolerance/new/", views.tolerance_new, name="tolerance_new"),
    path("tolerance/<int:pk>/", views.tolerance, name="tolerance"),
    path("tolerance/<int:pk>/revoke/", views.tolerance_revoke, name="tolerance_revoke"),
]
