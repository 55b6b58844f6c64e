# The group whose members act everywhere (civic.rules.is_platform_staff). Staff who acted
# everywhere before it existed (every is_staff citizen did) keep that power: they join it.

from django.db import migrations

GROUP = "Platform staff"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Citizen = apps.get_model("civic", "Citizen")
    db = schema_editor.connection.alias
    group, _created = Group.objects.using(db).get_or_create(name=GROUP)
    group.user_set.add(*Citizen.objects.using(db).filter(is_staff=True, is_superuser=False))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name=GROUP
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("civic", "0003_citizen_show_competences"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
