# Citizen competences move from challenges to civic.competences: the models are taken over
# in the state only here, on the tables challenges created; 0002 renames the tables once
# challenges let them go (civic/migration_ops.py says how).

from django.db import migrations

from civic.migration_ops import AdoptModels


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("challenges", "0003_competencearea_competence_quizattempt_quizquestion_and_more"),
    ]

    operations = [
        AdoptModels(
            "challenges",
            ["CompetenceArea", "Competence", "QuizQuestion", "QuizChoice", "LessonRead",
             "QuizAttempt", "SelfAssessment"],
        ),  # fmt: skip
    ]
