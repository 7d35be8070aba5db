from django.db import migrations


def load_catalog(apps, schema_editor):
    # The catalog as first written (evaluations/catalog.py); staff may edit the titles later.
    from evaluations.catalog import load

    load(apps.get_model("evaluations", "ListItem"))


def unload_catalog(apps, schema_editor):
    from evaluations.catalog import NEGATIVE, POSITIVE

    apps.get_model("evaluations", "ListItem").objects.filter(
        code__in=[code for code, _, _ in POSITIVE + NEGATIVE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]
    operations = [migrations.RunPython(load_catalog, unload_catalog)]
