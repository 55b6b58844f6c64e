# Citizen competences are an app of their own now (civic.competences), which took the models
# and their tables over: state only here. Dependents first, so that no model left in the
# state points at a deleted one (chapters' study circles were pointed there by chapters 0003).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("challenges", "0003_competencearea_competence_quizattempt_quizquestion_and_more"),
        ("competences", "0001_initial"),
        ("chapters", "0003_meeting_competence_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SelfAssessment"),
                migrations.DeleteModel(name="QuizAttempt"),
                migrations.DeleteModel(name="LessonRead"),
                migrations.DeleteModel(name="QuizChoice"),
                migrations.DeleteModel(name="QuizQuestion"),
                migrations.DeleteModel(name="Competence"),
                migrations.DeleteModel(name="CompetenceArea"),
            ],
            database_operations=[],
        ),
    ]
