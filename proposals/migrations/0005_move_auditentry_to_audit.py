# AuditEntry now lives in civic.audit (its table was renamed there): state only here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0004_proposal_practice"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
    ]
