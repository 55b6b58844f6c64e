# The table taken over in 0001 gets this app's name, now that proposals let it go.

from django.db import migrations

from civic.migration_ops import MOVE_DEPENDENCIES, settle_moved_models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("proposals", "0005_move_auditentry_to_audit"),
        *MOVE_DEPENDENCIES,
    ]

    operations = [
        *settle_moved_models("proposals", "audit", ["auditentry"]),
        migrations.RenameIndex(
            model_name="auditentry",
            new_name="audit_object_idx",
            old_name="proposals_a_object__192845_idx",
        ),
    ]
