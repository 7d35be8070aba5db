"""Cycles made before the `new_in_post_months` setting get its default (6), so every cycle's
settings validate whole again."""
from django.db import migrations


def add_default(apps, schema_editor):
    Cycle = apps.get_model("cycles", "Cycle")
    for cycle in Cycle.objects.all().only("pk", "settings"):
        if isinstance(cycle.settings, dict) and "new_in_post_months" not in cycle.settings:
            cycle.settings = {**cycle.settings, "new_in_post_months": 6}
            cycle.save(update_fields=["settings"])


class Migration(migrations.Migration):
    dependencies = [("cycles", "0002_tables_renamed")]

    operations = [migrations.RunPython(add_default, migrations.RunPython.noop)]
