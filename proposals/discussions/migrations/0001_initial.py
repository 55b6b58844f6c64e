# Comment and Flag move from proposals to proposals.discussions: taken over in the state only
# here, on the tables proposals created; 0002 renames the tables once proposals let them go
# (civic/migration_ops.py says how).

from django.db import migrations

from civic.migration_ops import AdoptModels


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("chapters", "0002_meeting_competence_rsvp_attended"),
        ("consultations", "0001_initial"),
        ("proposals", "0005_move_auditentry_to_audit"),
    ]

    operations = [
        AdoptModels(
            "proposals",
            ["Comment", "Flag"],
            retarget={"proposals.contribution": "consultations.contribution"},
        ),
    ]
