# The tables taken over in 0001 get this app's names, now that challenges let them go; the
# content types follow, so permissions granted on them ("challenges.change_competence"
# becomes "competences.change_competence") and admin log entries are kept.

from django.db import migrations

from civic.migration_ops import CONTENT_TYPE_DEPENDENCIES, move_content_types

MODELS = [
    "competencearea",
    "competence",
    "quizquestion",
    "quizchoice",
    "lessonread",
    "quizattempt",
    "selfassessment",
]


class Migration(migrations.Migration):

    dependencies = [
        ("competences", "0001_initial"),
        ("challenges", "0004_move_competences"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        *CONTENT_TYPE_DEPENDENCIES,
    ]

    operations = [
        migrations.AlterModelTable(name="competencearea", table=None),
        migrations.AlterModelTable(name="competence", table=None),
        migrations.AlterModelTable(name="quizquestion", table=None),
        migrations.AlterModelTable(name="quizchoice", table=None),
        migrations.AlterModelTable(name="lessonread", table=None),
        migrations.AlterModelTable(name="quizattempt", table=None),
        migrations.AlterModelTable(name="selfassessment", table=None),
        move_content_types("challenges", "competences", MODELS),
    ]
