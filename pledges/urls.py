from django.urls import path

from . import views

app_name = "pledges"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("submit-all/", views.submit_all, name="submit_all"),
    path("review/", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/return/", views.return_, name="return"),
    path("<int:pk>/regrade/", views.regrade, name="regrade"),
    path("<int:pk>/revision/approve/", views.revision_approve, name="revision_approve"),
    path("<int:pk>/revision/return/", views.revision_return, name="revision_return"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
