# The tables taken over in 0001 get this app"s names, now that proposals let them go.

from django.db import migrations

from civic.migration_ops import MOVE_DEPENDENCIES, settle_moved_models


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0001_initial"),
        ("proposals", "0006_move_consultations_and_discussions"),
        *MOVE_DEPENDENCIES,
    ]

    operations = settle_moved_models("proposals", "consultations", ["consultation", "contribution", "agreement"])
