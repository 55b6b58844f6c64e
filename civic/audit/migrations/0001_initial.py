# AuditEntry moves from proposals to civic.audit: taken over in the state only here; 0002
# renames its table once proposals let it go (civic/migration_ops.py says how).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("jurisdictions", "0001_initial"),
        ("proposals", "0004_proposal_practice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(db_index=True, max_length=40, verbose_name="what")),
                        ("object_type", models.CharField(max_length=20, verbose_name="object type")),
                        ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                        ("before", models.CharField(blank=True, max_length=40, verbose_name="before")),
                        ("after", models.CharField(blank=True, max_length=40, verbose_name="after")),
                        ("note", models.TextField(blank=True, max_length=2000, verbose_name="note")),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="when")),
                        ("actor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="who")),
                        ("space", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="jurisdictions.jurisdiction", verbose_name="space")),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit log",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "proposals_auditentry",
                        "indexes": [models.Index(fields=["object_type", "object_id"], name="proposals_a_object__192845_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
