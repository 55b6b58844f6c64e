# Competences moved to civic.competences (their table is renamed there); the foreign key of a
# study circle already points at that table: state only.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("chapters", "0002_meeting_competence_rsvp_attended"),
        ("competences", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="meeting",
                    name="competence",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="study_circles",
                        to="competences.competence",
                        verbose_name="study circle on",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
