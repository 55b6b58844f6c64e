# Consultations, contributions and comments moved to their own apps (their tables were
# renamed there); the foreign keys already point at those tables: state only.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0004_alter_event_kind_alter_notification_kind_and_more"),
        ("consultations", "0001_initial"),
        ("discussions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="consultation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="consultations.consultation",
                    ),
                ),
                migrations.AlterField(
                    model_name="event",
                    name="contribution",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="consultations.contribution",
                    ),
                ),
                migrations.AlterField(
                    model_name="event",
                    name="comment",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="discussions.comment",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
