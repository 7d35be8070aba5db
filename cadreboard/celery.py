"""The Celery application. Settings come from Django settings under the CELERY_ prefix."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreboard.settings.local")

app = Celery("cadreboard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The project package is not an installed app; its operational tasks are found explicitly.
app.autodiscover_tasks(["cadreboard"])
