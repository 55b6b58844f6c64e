# The tables taken over in 0001 get this app's names, now that challenges let them go; the
# content types follow, so permissions granted on them ("challenges.change_competence"
# becomes "competences.change_competence") and admin log entries are kept.

from django.db import migrations

from civic.migration_ops import MOVE_DEPENDENCIES, settle_moved_models


class Migration(migrations.Migration):

    dependencies = [
        ("competences", "0001_initial"),
        ("challenges", "0004_move_competences"),
        *MOVE_DEPENDENCIES,
    ]

    operations = settle_moved_models(
        "challenges",
        "competences",
        ["competencearea", "competence", "quizquestion", "quizchoice", "lessonread",
         "quizattempt", "selfassessment"],
    )  # fmt: skip
