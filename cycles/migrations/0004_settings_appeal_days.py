"""Cycles made before the appeal settings (`appeal_days`, `appeal_decide_days`) get their
defaults (30 each), so every cycle's settings validate whole again."""
from django.db import migrations

ADDED = {"appeal_days": 30, "appeal_decide_days": 30}


def add_defaults(apps, schema_editor):
    Cycle = apps.get_model("cycles", "Cycle")
    for cycle in Cycle.objects.all().only("pk", "settings"):
        if isinstance(cycle.settings, dict) and any(key not in cycle.settings for key in ADDED):
            cycle.settings = {**ADDED, **cycle.settings}
            cycle.save(update_fields=["settings"])


class Migration(migrations.Migration):
    dependencies = [("cycles", "0003_settings_new_in_post_months")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
