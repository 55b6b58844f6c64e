# Consultations and discussions are sub-apps now (proposals.consultations,
# proposals.discussions), which took the models and their tables over: state only here.
# Dependents first, so that no model left in the state points at a deleted one.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0005_move_auditentry_to_audit"),
        ("consultations", "0001_initial"),
        ("discussions", "0001_initial"),
        ("notifications", "0005_event_subjects_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Flag"),
                migrations.DeleteModel(name="Agreement"),
                migrations.DeleteModel(name="Comment"),
                migrations.DeleteModel(name="Contribution"),
                migrations.DeleteModel(name="Consultation"),
            ],
            database_operations=[],
        ),
        # Proposal's space, body and topic come from the SpaceItem base now (same columns).
        migrations.AlterField(
            model_name="proposal",
            name="body",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="%(class)ss",
                to="jurisdictions.body",
                verbose_name="body",
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="topic",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)ss",
                to="jurisdictions.topic",
                verbose_name="topic",
            ),
        ),
    ]
