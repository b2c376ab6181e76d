from django.db import migrations

EDITORS_GROUP = "Editors"


def create_editors_group(apps, schema_editor):
    # Its permissions are synced by cco_council.permissions after migrate, once Django has
    # created the permission rows.
    apps.get_model("auth", "Group").objects.get_or_create(name=EDITORS_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_editors_group, migrations.RunPython.noop)]
