# Consultation, Contribution and Agreement move from proposals to proposals.consultations:
# taken over in the state only here, on the tables proposals created; 0002 renames the tables
# once proposals let them go (civic/migration_ops.py says how).

import django.db.models.deletion
from django.db import migrations, models

from civic.migration_ops import AdoptModels


def _space_item(to: str, on_delete, **options):
    # The SpaceItem base names the reverse relations after the model (no database change).
    return models.ForeignKey(on_delete=on_delete, related_name="%(class)ss", to=to, **options)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("jurisdictions", "0001_initial"),
        ("proposals", "0005_move_auditentry_to_audit"),
    ]

    operations = [
        AdoptModels("proposals", ["Consultation", "Contribution", "Agreement"]),
        migrations.AlterField(
            model_name="consultation",
            name="space",
            field=_space_item("jurisdictions.jurisdiction", django.db.models.deletion.PROTECT,
                              verbose_name="space"),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="body",
            field=_space_item("jurisdictions.body", django.db.models.deletion.SET_NULL,
                              blank=True, null=True, verbose_name="body"),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="topic",
            field=_space_item("jurisdictions.topic", django.db.models.deletion.PROTECT,
                              verbose_name="topic"),
        ),
    ]
