from django.db import migrations


def load_catalog(apps, schema_editor):
    # The catalog as first written (evaluations/catalog.py); staff may edit the titles later.
    from evaluations.catalog import NEGATIVE, POSITIVE

    ListItem = apps.get_model("evaluations", "ListItem")
    for order, (code, aspect, title) in enumerate(POSITIVE, start=1):
        ListItem.objects.update_or_create(
            code=code, defaults={"kind": "positive", "aspect": aspect, "title": title, "points": 1, "sort_order": order}
        )
    for order, (code, aspect, title) in enumerate(NEGATIVE, start=1):
        ListItem.objects.update_or_create(
            code=code, defaults={"kind": "negative", "aspect": aspect, "title": title, "points": 0, "sort_order": order}
        )


def unload_catalog(apps, schema_editor):
    from evaluations.catalog import NEGATIVE, POSITIVE

    apps.get_model("evaluations", "ListItem").objects.filter(
        code__in=[code for code, _, _ in POSITIVE + NEGATIVE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]
    operations = [migrations.RunPython(load_catalog, unload_catalog)]
