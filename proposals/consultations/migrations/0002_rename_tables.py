# The tables taken over in 0001 get this app's names, now that proposals let them go.

from django.db import migrations

from civic.migration_ops import CONTENT_TYPE_DEPENDENCIES, move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ("consultations", "0001_initial"),
        ("proposals", "0006_move_consultations_and_discussions"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        *CONTENT_TYPE_DEPENDENCIES,
    ]

    operations = [
        migrations.AlterModelTable(name='consultation', table=None),
        migrations.AlterModelTable(name='contribution', table=None),
        migrations.AlterModelTable(name='agreement', table=None),
        move_content_types('proposals', 'consultations', ['consultation', 'contribution', 'agreement']),
    ]
