from django.db import migrations

MOVED = ("cycle", "historicalcycle", "taskrecord")


def content_types_follow(apps, schema_editor, old="evaluations", new="cycles"):
    """The moved models keep their content types (and so their permissions, admin log entries
    and anything else that points at them): relabel them rather than let new ones be made."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def content_types_go_back(apps, schema_editor):
    content_types_follow(apps, schema_editor, old="cycles", new="evaluations")


class Migration(migrations.Migration):
    """The moved tables take the cycles app's names (evaluations_cycle → cycles_cycle, …); the
    rows, their ids and every foreign key to them stay as they are."""

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('cycles', '0001_initial'),
        ('evaluations', '0004_cycle_moves_to_cycles'),
    ]

    operations = [
        migrations.AlterModelTable(name='cycle', table=None),
        migrations.AlterModelTable(name='historicalcycle', table=None),
        migrations.AlterModelTable(name='taskrecord', table=None),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
