# AuditEntry moves from proposals to civic.audit: taken over in the state only here; 0002
# renames its table once proposals let it go (civic/migration_ops.py says how).

from django.db import migrations

from civic.migration_ops import AdoptModels


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("jurisdictions", "0001_initial"),
        ("proposals", "0004_proposal_practice"),
    ]

    operations = [
        AdoptModels("proposals", ["AuditEntry"]),
    ]
