"""What the competences app holds of a citizen (``civic.privacy``): lessons read, quiz
attempts and self-assessments, all erased with the account."""

from civic.privacy import Rows, register

register(
    "competences",
    Rows(
        "competences.LessonRead.citizen",
        "lessons_read",
        fields=(("competence", "competence__slug"), "read_at"),
        erased=True,
    ),
    Rows(
        "competences.QuizAttempt.citizen",
        "quiz_attempts",
        fields=(
            ("competence", "competence__slug"),
            "score",
            "total",
            "passed",
            "answers",
            "created_at",
        ),
        erased=True,
    ),
    Rows(
        "competences.SelfAssessment.citizen",
        "self_assessments",
        fields=(("competence", "competence__slug"), "level", "updated_at"),
        erased=True,
    ),
    export=lambda citizen: {"show_on_public_profile": citizen.show_competences},
)
