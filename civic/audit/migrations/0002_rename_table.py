# The table taken over in 0001 gets this app's name, now that proposals let it go.

from django.db import migrations

from civic.migration_ops import CONTENT_TYPE_DEPENDENCIES, move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("proposals", "0005_move_auditentry_to_audit"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        *CONTENT_TYPE_DEPENDENCIES,
    ]

    operations = [
        migrations.AlterModelTable(name="auditentry", table=None),
        migrations.RenameIndex(
            model_name="auditentry",
            new_name="audit_object_idx",
            old_name="proposals_a_object__192845_idx",
        ),
        move_content_types("proposals", "audit", ["auditentry"]),
    ]
