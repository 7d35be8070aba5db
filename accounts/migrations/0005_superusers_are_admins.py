"""Superusers made before `User.save()` gave them the administrator role (`createsuperuser` made
them officials, who can open no page) become system administrators."""
from django.db import migrations


def superusers_are_admins(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_superuser=True).exclude(role="admin").update(role="admin", is_staff=True, official=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_must_change_password")]

    operations = [migrations.RunPython(superusers_are_admins, migrations.RunPython.noop)]
